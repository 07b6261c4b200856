// The profile checked against its JSON Schema (see profile.hpp).
#include <fmt/format.h>

#include "profile.hpp"
#include "util/error.hpp"
#include "util/json_schema.hpp"

namespace dt {

std::vector<std::string> schema_problems(std::string_view json_text, std::string_view origin) {
  json::Json doc;
  try {
    doc = json::parse(json_text, fmt::format("profile '{}'", origin));
  } catch (const Error& e) {
    return {e.what()};
  }
  static const json::Json schema = json::parse(profile_schema_text(), "the profile schema");
  std::vector<std::string> out;
  for (const auto& problem : json_schema::validate(schema, doc)) {
    out.push_back(fmt::format("profile '{}': {}", origin, problem));
  }
  return out;
}

std::vector<std::string> accepted_schema_problems(std::string_view json_text,
                                                  std::string_view origin) {
  json::Json doc;
  try {
    doc = json::parse(json_text, origin);
  } catch (const Error& e) {
    return {e.what()};
  }
  // The profile schema's own definition, so that the file and the key can never disagree.
  static const json::Json schema = [] {
    json::Json root = json::parse(profile_schema_text(), "the profile schema");
    return json::Json{{"definitions", root["definitions"]}, {"$ref", "#/definitions/accepted"}};
  }();
  std::vector<std::string> out;
  for (const auto& problem : json_schema::validate(schema, doc)) {
    out.push_back(fmt::format("{}: {}", origin, problem));
  }
  return out;
}

}  // namespace dt
