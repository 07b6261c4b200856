// The operator config reader and the scratch copy writer: any text gives an AppConfig or one
// dt::Error; the scratch copy reads back with database.dbname changed and every other key and
// value, in order, as it was. Input: the config text, NUL, the scratch database name.
#include <cstdint>

#include "app_config.hpp"
#include "fuzz_check.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace {

// The document without database.dbname: what must survive the rewrite unchanged.
dt::json::Json without_dbname(dt::json::Json doc) {
  doc["database"].erase("dbname");
  return doc;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using dt::fuzz::check;
  const std::string_view input = dt::fuzz::as_text(data, size);
  const auto nul = input.find('\0');
  const std::string_view text = input.substr(0, nul);
  // Scratch names come from a validated profile (JSON): UTF-8 without control characters.
  std::string dbname = dt::text::escape_utf8(nul == std::string_view::npos ? std::string_view()
                                                                           : input.substr(nul + 1));
  for (char& c : dbname) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '_';
  }
  if (dbname.empty()) dbname = "fuzz_scratch";
  dt::AppConfig config;
  try {
    config = dt::parse_app_config(text, "fuzz.json");
  } catch (const dt::Error&) {
    return 0;
  }
  std::string copy;
  try {
    copy = dt::scratch_config_text(config, dbname);
  } catch (const dt::Error&) {
    return 0;
  }
  dt::AppConfig again;
  try {
    again = dt::parse_app_config(copy, "scratch.json");
  } catch (const dt::Error&) {
    check(false, "a scratch copy of an accepted config reads back");
  }
  check(again.db.dbname == dbname, "database.dbname is the scratch name");
  check(again.db.host == config.db.host && again.db.port == config.db.port &&
            again.db.user == config.db.user && again.db.password == config.db.password &&
            again.db.sslmode == config.db.sslmode,
        "every other database key survives");
  check(without_dbname(again.doc) == without_dbname(config.doc),
        "every other key and value survives, in order");
  check(dt::scratch_config_text(again, dbname) == copy, "rewriting is a fixed point");
  return 0;
}
