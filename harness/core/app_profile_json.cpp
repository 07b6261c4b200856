#include "core/app_profile_json.hpp"

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "core/model.hpp"
#include "util/error.hpp"

namespace dt {

std::vector<UnstableTable> parse_unstable_tables(const json::Json& value,
                                                 const std::vector<std::string>* schemas) {
  const std::string_view shape =
      "unstable_tables is an object like {\"schema.table\": {\"reason\": \"a live source\", "
      "\"spread\": 5}}";
  if (!value.is_object()) throw Error(std::string(shape));
  std::vector<UnstableTable> out;
  for (const auto& item : value.items()) {
    const std::string where = fmt::format("unstable_tables.\"{}\"", item.key());
    UnstableTable u;
    try {
      std::tie(u.schema, u.table) = split_qualified(item.key());
    } catch (const Error& e) {
      throw Error(fmt::format("{}: {}", where, e.what()));
    }
    if (schemas != nullptr &&
        std::find(schemas->begin(), schemas->end(), u.schema) == schemas->end()) {
      throw Error(
          fmt::format("{}: schema '{}' is not one of the profile's schemas; add it to "
                      "\"schemas\" or fix the name",
                      where, u.schema));
    }
    const json::Json& body = item.value();
    if (!body.is_object() || !body.contains("reason") || !body["reason"].is_string() ||
        body["reason"].get<std::string>().empty()) {
      throw Error(fmt::format("{}: give a \"reason\" (why its counts vary); {}", where, shape));
    }
    u.reason = body["reason"].get<std::string>();
    for (const auto& part : body.items()) {
      if (part.key() != "reason" && part.key() != "spread") {
        throw Error(
            fmt::format("{}: unknown key '{}'; known keys: reason, spread", where, part.key()));
      }
    }
    if (body.contains("spread")) {
      const json::Json& spread = body["spread"];
      if (!spread.is_number_integer() || spread.get<std::int64_t>() < 0) {
        throw Error(
            fmt::format("{}.spread must be a whole number of rows, 0 or more (e.g. 5)", where));
      }
      u.spread = spread.get<std::int64_t>();
    }
    out.push_back(std::move(u));
  }
  std::sort(out.begin(), out.end(), [](const UnstableTable& a, const UnstableTable& b) {
    return std::tie(a.schema, a.table) < std::tie(b.schema, b.table);
  });
  return out;
}

}  // namespace dt
