// Table names as GoogleTest/CTest names, and "schema.table" as written in a profile:
// - test_name: every name gives a listable name ([A-Za-z0-9_]+, never "DISABLED_"), distinct
//   names give distinct test names, and each test name maps back to exactly its table;
// - split_qualified: any text gives a (schema, table) or one dt::Error, and a result written
//   back in SQL's double-quoted form splits into the same pair.
// Input: NUL-separated parts, taken two at a time as (schema, table).
#include <cstdint>
#include <set>
#include <utility>

#include "core/model.hpp"
#include "core/test_name.hpp"
#include "fuzz_check.hpp"
#include "util/error.hpp"

namespace {

using dt::fuzz::check;

bool listable(const std::string& name) {
  if (name.empty() || name.rfind("DISABLED_", 0) == 0) return false;
  for (const char c : name) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

// SQL's quoted identifier: "..." with every '"' doubled.
std::string quote_ident(const std::string& name) {
  std::string out = "\"";
  for (const char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void check_split(const std::string& text) {
  std::pair<std::string, std::string> split;
  try {
    split = dt::split_qualified(text);
  } catch (const dt::Error&) {
    return;
  }
  check(!split.first.empty() && !split.second.empty(), "both parts of an accepted name are set");
  const auto again =
      dt::split_qualified(quote_ident(split.first) + "." + quote_ident(split.second));
  check(again == split, "the quoted form splits into the same schema and table");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = dt::fuzz::as_text(data, size);
  const auto parts = dt::fuzz::parts(input);
  std::set<std::string> names(parts.begin(), parts.end());
  std::set<std::string> encoded;
  for (const auto& name : names) {
    const std::string test = dt::test_name::encode(name);
    check(listable(test), "a test name is [A-Za-z0-9_]+ and never DISABLED_");
    check(dt::test_name::decode(test) == name, "a test name maps back to its name");
    check(encoded.insert(test).second, "distinct names give distinct test names");
  }
  for (std::size_t i = 0; i + 1 < parts.size(); i += 2) {
    const auto full = dt::test_name::full_name(parts[i], parts[i + 1]);
    check(dt::test_name::table_of(full) == std::make_pair(parts[i], parts[i + 1]),
          "a full test name maps back to its table");
  }
  // Any text as a test name: what decodes is exactly what encodes to it.
  for (const auto& part : parts) {
    if (const auto name = dt::test_name::decode(part)) {
      check(dt::test_name::encode(*name) == part, "decode is the inverse of encode");
    }
    check_split(part);
  }
  check_split(std::string(input));
  return 0;
}
