// The profile's per-table keys: content_exclude, natural_keys, unstable_tables and accepted
// (see profile.hpp).
#include <algorithm>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "core/accepted.hpp"
#include "core/app_profile_json.hpp"
#include "core/model.hpp"
#include "profile.hpp"
#include "util/error.hpp"

namespace dt {
namespace {

using json::Json;

// A non-empty array of distinct column names.
std::vector<std::string> columns(const ProfileCheck& check, const Json& value,
                                 const std::string& where) {
  if (!value.is_array() || value.empty()) {
    check.fail(fmt::format("{} must be a non-empty array of column names", where));
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    auto column = check.name(value[i], fmt::format("{}[{}]", where, i));
    if (std::find(out.begin(), out.end(), column) != out.end()) {
      check.fail(fmt::format("{} lists '{}' twice; list each column once", where, column));
    }
    out.push_back(std::move(column));
  }
  return out;
}

// "natural_keys": {"schema.table": {"key": [columns], "exclude": [columns]}, ...}
std::vector<NaturalKeyOverride> natural_keys(const ProfileCheck& check, const Json& value,
                                             const std::vector<std::string>& schemas) {
  const std::string_view shape =
      "natural_keys is an object like {\"schema.table\": {\"key\": [\"column\"], "
      "\"exclude\": [\"column\"]}}";
  if (!value.is_object()) check.fail(shape);
  std::vector<NaturalKeyOverride> out;
  for (const auto& item : value.items()) {
    const std::string where = fmt::format("natural_keys.\"{}\"", item.key());
    NaturalKeyOverride o;
    try {
      std::tie(o.schema, o.table) = split_qualified(item.key());
    } catch (const Error& e) {
      check.fail(fmt::format("{}: {}", where, e.what()));
    }
    if (std::find(schemas.begin(), schemas.end(), o.schema) == schemas.end()) {
      check.fail(
          fmt::format("{}: schema '{}' is not one of the profile's schemas; add it to "
                      "\"schemas\" or fix the name",
                      where, o.schema));
    }
    const Json& body = item.value();
    if (!body.is_object() || body.empty()) check.fail(fmt::format("{}: {}", where, shape));
    for (const auto& part : body.items()) {
      if (part.key() != "key" && part.key() != "exclude") {
        check.fail(
            fmt::format("{}: unknown key '{}'; known keys: key, exclude", where, part.key()));
      }
      auto& list = part.key() == "key" ? o.key : o.exclude;
      list = columns(check, part.value(), where + "." + part.key());
    }
    for (const auto& column : o.key) {
      if (std::find(o.exclude.begin(), o.exclude.end(), column) != o.exclude.end()) {
        check.fail(fmt::format("{}: column '{}' is both in key and in exclude; keep it in one",
                               where, column));
      }
    }
    out.push_back(std::move(o));
  }
  std::sort(out.begin(), out.end(), [](const NaturalKeyOverride& a, const NaturalKeyOverride& b) {
    return std::tie(a.schema, a.table) < std::tie(b.schema, b.table);
  });
  return out;
}

}  // namespace

void parse_table_keys(const json::Json& doc, std::string_view origin, Profile& profile) {
  const ProfileCheck check(origin);
  if (doc.contains("content_exclude")) {
    profile.content_exclude = columns(check, doc["content_exclude"], "content_exclude");
  }
  if (doc.contains("natural_keys")) {
    profile.natural_keys = natural_keys(check, doc["natural_keys"], profile.schemas);
  }
  if (doc.contains("unstable_tables")) {
    try {
      profile.unstable_tables = parse_unstable_tables(doc["unstable_tables"], &profile.schemas);
    } catch (const Error& e) {
      check.fail(e.what());
    }
  }
  if (doc.contains("accepted")) {
    profile.accepted =
        parse_accepted(doc["accepted"], fmt::format("profile '{}'", origin), profile.schemas);
  }
}

}  // namespace dt
