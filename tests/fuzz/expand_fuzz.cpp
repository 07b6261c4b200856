// Placeholder expansion against a separate, simpler reading of the rule: each "{name}" of a
// known name is replaced by its value, once; a value is never expanded again; nothing else
// changes. Input: NUL-separated parts, the eight values first, then the arguments.
#include <cstdint>
#include <regex>

#include "core/app_profile.hpp"
#include "fuzz_check.hpp"

namespace {

// The reference: a left-to-right scan with a regex over the argument only.
std::string reference(const std::string& arg, const dt::Placeholders& v) {
  static const std::regex placeholder(R"(\{([A-Za-z0-9_]+)\})");
  std::string out;
  auto last = arg.cbegin();
  for (std::sregex_iterator it(arg.begin(), arg.end(), placeholder), end; it != end; ++it) {
    const std::string name = (*it)[1].str();
    const std::string* value = name == "bin"            ? &v.bin
                               : name == "src"          ? &v.src
                               : name == "config"       ? &v.config
                               : name == "repo"         ? &v.repo
                               : name == "side"         ? &v.side
                               : name == "work_dir"     ? &v.work_dir
                               : name == "dbname"       ? &v.dbname
                               : name == "database_url" ? &v.database_url
                                                        : nullptr;
    out.append(last, (*it)[0].first);
    out += value != nullptr ? *value : (*it)[0].str();
    last = (*it)[0].second;
  }
  out.append(last, arg.cend());
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;  // std::regex recurses per character
  auto parts = dt::fuzz::parts(dt::fuzz::as_text(data, size));
  parts.resize(std::max<std::size_t>(parts.size(), 9));
  const dt::Placeholders values{parts[0], parts[1], parts[2], parts[3],
                                parts[4], parts[5], parts[6], parts[7]};
  const std::vector<std::string> argv(parts.begin() + 8, parts.end());
  const std::vector<std::string> out = dt::expand(argv, values);
  dt::fuzz::check(out.size() == argv.size(), "one result per argument");
  for (std::size_t i = 0; i < argv.size(); ++i) {
    dt::fuzz::check(out[i] == reference(argv[i], values),
                    "expansion is one pass of known placeholders");
  }
  return 0;
}
