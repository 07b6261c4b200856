#pragma once
// Reading report.json and state.json back (results_json.cpp, diagnosis_json.cpp): a member by
// key, of the type expected, or one dt::Error naming its full path.
#include <string>

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/json.hpp"

namespace dt::report_json {

// The path messages name: "<where>.<key>", or key alone at the top ("" where).
inline std::string path_of(const char* key, const std::string& where) {
  return where.empty() ? std::string(key) : where + "." + key;
}

// The member at key of object, which stands at where ("" at the top, "tables[3]" below). Throws
// dt::Error "report JSON: missing key '<where>.<key>'".
inline const json::Json& member(const json::Json& object, const char* key,
                                const std::string& where) {
  if (!object.is_object() || !object.contains(key)) {
    throw Error(fmt::format("report JSON: missing key '{}'", path_of(key, where)));
  }
  return object.at(key);
}

// member() as a T. Throws dt::Error "report JSON: key '<where>.<key>' has the wrong type (...)".
template <typename T>
T get(const json::Json& object, const char* key, const std::string& where = {}) {
  const auto& value = member(object, key, where);
  try {
    return value.get<T>();
  } catch (const nlohmann::json::exception&) {
    throw Error(fmt::format("report JSON: key '{}' has the wrong type ({})", path_of(key, where),
                            value.type_name()));
  }
}

}  // namespace dt::report_json
