#pragma once
// The operator's JSON config: read its database section, write per-side scratch copies with
// only database.dbname changed.
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "util/conninfo.hpp"

namespace dt {

// The operator's config, key order preserved.
struct AppConfig {
  std::filesystem::path path;
  nlohmann::ordered_json doc;
  ConnParams db;  // from doc["database"]
};

// Parses config text. Throws dt::Error with line and column for malformed JSON, and naming
// the key for a missing or wrong-typed database section. Registers the password as a secret.
AppConfig parse_app_config(std::string_view text, const std::filesystem::path& origin);
// Reads and parses the file at path; throws dt::Error when it cannot be read.
AppConfig load_app_config(const std::filesystem::path& path);

// The config text with database.dbname set to dbname and every other key and value untouched.
std::string scratch_config_text(const AppConfig& config, std::string_view dbname);

// "invalid JSON at line L, column C: <reason>" for a syntax error in text; line and column are
// computed from the error's byte offset. Shared by every JSON file the harness reads.
std::string describe_json_error(std::string_view text, const nlohmann::json::parse_error& error);

// The whole file at path. Throws dt::Error "<what> '<path>': cannot read (<errno text>); ..."
std::string read_text_file(const std::filesystem::path& path, std::string_view what);

// Writes text to path with mode 0600 from the start (never world-readable, even briefly).
void write_private_file(const std::filesystem::path& path, std::string_view text);

}  // namespace dt
