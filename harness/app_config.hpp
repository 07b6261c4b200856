#pragma once
// The operator's JSON config: read its database section, write per-side scratch copies with
// only database.dbname changed.
#include <filesystem>
#include <string>
#include <string_view>

#include "db/conninfo.hpp"
#include "util/json.hpp"

namespace dt {

// The operator's config, key order preserved.
struct AppConfig {
  std::filesystem::path path;
  json::Json doc;
  ConnParams db;  // from doc["database"]
};

// Parses config text. Throws dt::Error with line and column for malformed JSON, and naming
// the key for a missing or wrong-typed database section, or a value with a control character.
// Registers the password as a secret.
AppConfig parse_app_config(std::string_view text, const std::filesystem::path& origin);
// Reads and parses the file at path; throws dt::Error when it cannot be read.
AppConfig load_app_config(const std::filesystem::path& path);

// The config text with database.dbname set to dbname and every other key and value untouched.
std::string scratch_config_text(const AppConfig& config, std::string_view dbname);

}  // namespace dt
