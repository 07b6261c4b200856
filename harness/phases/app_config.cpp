#include "app_config.hpp"

#include <optional>
#include <vector>

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/file.hpp"
#include "util/redact.hpp"
#include "util/text.hpp"
#include "util/yaml.hpp"

namespace dt {
namespace {

using json::Json;

[[noreturn]] void config_error(const std::filesystem::path& origin, std::string_view what) {
  throw Error(fmt::format("config '{}': {}", origin.string(), what));
}

// What a key path of the file holds, JSON or YAML alike.
struct Found {
  bool present = false;                 // absent and null count as absent
  std::optional<std::string> text;      // a string (or a YAML scalar)
  std::optional<std::int64_t> integer;  // a JSON integer
  std::string type_name;                // for messages about anything else
};

Found find_json(const Json& doc, const std::string& dotted) {
  const Json* at = &doc;
  for (const auto& key : yaml::split_path(dotted)) {
    if (!at->is_object() || !at->contains(key)) return {};
    at = &(*at)[key];
  }
  Found found;
  if (at->is_null()) return found;
  found.present = true;
  if (at->is_string()) {
    found.text = at->get<std::string>();
  } else if (at->is_number_integer()) {
    found.integer = at->get<std::int64_t>();
  }
  found.type_name = at->type_name();
  return found;
}

Found find_yaml(const yaml::Document& doc, const std::string& dotted) {
  const yaml::Value value = doc.find(yaml::split_path(dotted));
  Found found;
  if (value.kind == yaml::Value::Kind::missing || value.kind == yaml::Value::Kind::null) {
    return found;
  }
  found.present = true;
  if (value.kind == yaml::Value::Kind::scalar) {
    found.text = value.text;
  }
  found.type_name = value.type_name;
  return found;
}

// Reads the fields at their key paths into params. `find` looks a dotted path up.
void read_fields(const Connection& how, const std::filesystem::path& origin,
                 const std::function<Found(const std::string&)>& find, ConnParams& params) {
  const auto text_of = [&](const char* field) -> std::optional<std::string> {
    const auto key = how.keys.find(field);
    if (key == how.keys.end()) return std::nullopt;
    const Found found = find(key->second);
    if (!found.present) return std::nullopt;
    std::string value;
    if (found.text) {
      value = *found.text;
    } else if (std::string_view(field) == "port" && found.integer) {
      if (*found.integer < 1 || *found.integer > 65535) {
        config_error(origin, fmt::format("{} must be a port number (1-65535), got {}; fix the "
                                         "file",
                                         key->second, *found.integer));
      }
      value = std::to_string(*found.integer);
    } else if (std::string_view(field) == "port") {
      config_error(origin, fmt::format("{} must be a port number (1-65535), got {}; fix the file",
                                       key->second, found.type_name));
    } else {
      config_error(origin, fmt::format("{} must be a string, got {}; fix the file", key->second,
                                       found.type_name));
    }
    // libpq stops at a NUL: the name checked would not be the name used.
    if (text::has_control_char(value)) {
      config_error(origin, fmt::format("{} holds a control character; fix the file", key->second));
    }
    return value;
  };
  // The password first, so it is scrubbed from every later message.
  if (auto password = text_of("password")) {
    params.password = *password;
    redact::add_secret(params.password);
  }
  if (auto url = text_of("url")) {
    ConnParams from_url =
        parse_url(*url, fmt::format("config '{}': {}", origin.string(), how.keys.at("url")));
    redact::add_secret(from_url.password);
    if (params.password.empty()) params.password = from_url.password;
    from_url.password = params.password;
    params = std::move(from_url);
  }
  for (const auto& [field, target] : {std::pair<const char*, std::string*>{"host", &params.host},
                                      {"port", &params.port},
                                      {"user", &params.user},
                                      {"sslmode", &params.sslmode},
                                      {"dbname", &params.dbname}}) {
    if (auto value = text_of(field)) *target = *value;
  }
  if (params.dbname.empty()) {
    const auto key = how.keys.count("dbname") ? how.keys.at("dbname") : how.keys.at("url");
    config_error(origin, fmt::format("{} is missing or empty; set it to the operator's primary "
                                     "database",
                                     how.keys.count("dbname") ? key : key + " (its database)"));
  }
}

// The default connection: the "database" object, with the messages it always had.
void require_database_object(const Json& doc, const std::filesystem::path& origin) {
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
}

// The URL at the config's url key with its database changed.
std::string url_with_dbname(const AppConfig& config, const std::string& url,
                            std::string_view dbname) {
  ConnParams params = parse_url(
      url, fmt::format("config '{}': {}", config.path.string(), config.connection.keys.at("url")));
  params.dbname = std::string(dbname);
  return to_url(params, true);
}

}  // namespace

AppConfig parse_app_config(std::string_view text, const std::filesystem::path& origin) {
  return parse_app_config(text, origin, Connection{});
}

AppConfig parse_app_config(std::string_view text, const std::filesystem::path& origin,
                           const Connection& how) {
  AppConfig config;
  config.path = origin;
  config.connection = how;
  if (how.format == "yaml") {
    config.text = std::string(text);
    const yaml::Document doc(config.text, fmt::format("config '{}'", origin.string()));
    read_fields(
        how, origin, [&](const std::string& path) { return find_yaml(doc, path); }, config.db);
    return config;
  }
  config.doc = json::parse(text, fmt::format("config '{}'", origin.string()));
  if (how.keys == Connection{}.keys) require_database_object(config.doc, origin);
  read_fields(
      how, origin, [&](const std::string& path) { return find_json(config.doc, path); }, config.db);
  return config;
}

AppConfig load_app_config(const std::filesystem::path& path) {
  return parse_app_config(file::read_input(path, "config"), path);
}

AppConfig load_app_config(const std::filesystem::path& path, const Connection& how) {
  return parse_app_config(file::read_input(path, "config"), path, how);
}

std::string scratch_config_text(const AppConfig& config, std::string_view dbname) {
  const auto& keys = config.connection.keys;
  const auto dbname_key = keys.find("dbname");
  const auto url_key = keys.find("url");
  if (config.connection.format == "yaml") {
    const std::string origin = fmt::format("config '{}'", config.path.string());
    std::string text = config.text;
    if (dbname_key != keys.end()) {
      const yaml::Document doc(text, origin);
      if (doc.find(yaml::split_path(dbname_key->second)).kind == yaml::Value::Kind::scalar) {
        text = doc.with_scalar(yaml::split_path(dbname_key->second), dbname);
      }
    }
    if (url_key != keys.end()) {
      const yaml::Document doc(text, origin);
      const yaml::Value url = doc.find(yaml::split_path(url_key->second));
      if (url.kind == yaml::Value::Kind::scalar) {
        text = doc.with_scalar(yaml::split_path(url_key->second),
                               url_with_dbname(config, url.text, dbname));
      }
    }
    return text;
  }
  Json copy = config.doc;
  const auto set = [&](const std::string& dotted, const std::string& value) {
    Json* at = &copy;
    for (const auto& key : yaml::split_path(dotted)) at = &(*at)[key];
    *at = value;
  };
  if (dbname_key != keys.end()) {
    // The database name was read from this key or, when it is absent, from the URL: set it
    // here only where it is, so that no key is added to the operator's layout.
    if (find_json(config.doc, dbname_key->second).present || url_key == keys.end()) {
      set(dbname_key->second, std::string(dbname));
    }
  }
  if (url_key != keys.end()) {
    const Found url = find_json(config.doc, url_key->second);
    if (url.text) set(url_key->second, url_with_dbname(config, *url.text, dbname));
  }
  return json::dump(copy);
}

}  // namespace dt
