#include "app_config.hpp"

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/file.hpp"
#include "util/redact.hpp"
#include "util/text.hpp"

namespace dt {
namespace {

using json::Json;

[[noreturn]] void config_error(const std::filesystem::path& origin, std::string_view what) {
  throw Error(fmt::format("config '{}': {}", origin.string(), what));
}

// An optional string member; null counts as absent.
std::string optional_string(const Json& db, const char* key, const std::filesystem::path& origin) {
  if (!db.contains(key) || db[key].is_null()) return {};
  if (!db[key].is_string()) {
    config_error(origin, fmt::format("database.{} must be a string, got {}; fix the file", key,
                                     db[key].type_name()));
  }
  auto value = db[key].get<std::string>();
  // libpq stops at a NUL: the name checked would not be the name used.
  if (text::has_control_char(value)) {
    config_error(origin, fmt::format("database.{} holds a control character; fix the file", key));
  }
  return value;
}

std::string port_text(const Json& db, const std::filesystem::path& origin) {
  if (!db.contains("port") || db["port"].is_null()) return {};
  const Json& port = db["port"];
  if (port.is_string()) return port.get<std::string>();
  if (port.is_number_integer()) {
    const auto value = port.get<std::int64_t>();
    if (value >= 1 && value <= 65535) return std::to_string(value);
  }
  config_error(origin, fmt::format("database.port must be a port number (1-65535), got {}; fix the "
                                   "file",
                                   port.dump()));
}

}  // namespace

AppConfig parse_app_config(std::string_view text, const std::filesystem::path& origin) {
  AppConfig config;
  config.path = origin;
  config.doc = json::parse(text, fmt::format("config '{}'", origin.string()));
  const Json& doc = config.doc;
  if (!doc.is_object() || !doc.contains("database")) {
    config_error(origin,
                 "no \"database\" section; add {\"database\": {\"host\", \"port\", \"user\", "
                 "\"password\", \"dbname\"}}");
  }
  const Json& db = doc["database"];
  if (!db.is_object()) {
    config_error(origin, fmt::format("\"database\" must be an object, got {}; add {{\"database\": "
                                     "{{\"host\", \"port\", \"user\", \"password\", \"dbname\"}}}}",
                                     db.type_name()));
  }
  // The password first, so it is scrubbed from every later message.
  config.db.password = optional_string(db, "password", origin);
  redact::add_secret(config.db.password);
  config.db.host = optional_string(db, "host", origin);
  config.db.port = port_text(db, origin);
  config.db.user = optional_string(db, "user", origin);
  config.db.sslmode = optional_string(db, "sslmode", origin);
  config.db.dbname = optional_string(db, "dbname", origin);
  if (config.db.dbname.empty()) {
    config_error(origin,
                 "database.dbname is missing or empty; set it to the operator's primary database");
  }
  return config;
}

AppConfig load_app_config(const std::filesystem::path& path) {
  return parse_app_config(file::read_text(path, "config"), path);
}

std::string scratch_config_text(const AppConfig& config, std::string_view dbname) {
  Json copy = config.doc;
  copy["database"]["dbname"] = std::string(dbname);
  return json::dump(copy);
}

}  // namespace dt
