// The profile's connection and per-repository keys (see profile.hpp).
#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "core/model.hpp"
#include "profile.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace dt {
namespace {

using json::Json;

constexpr std::array<std::string_view, 7> kFields = {"host",   "port",    "user", "password",
                                                     "dbname", "sslmode", "url"};

// The longest PostgreSQL name (NAMEDATALEN - 1), and the other limits the JSON Schema states.
constexpr std::size_t kMaxSqlName = 63;
constexpr std::size_t kMaxKeyPath = 255;
constexpr std::size_t kMaxPath = 4096;

[[noreturn]] void fail_profile(std::string_view origin, std::string_view what) {
  throw Error(fmt::format("profile '{}': {}", origin, what));
}

std::string plain_string(const Json& value, std::string_view origin, std::string_view where,
                         std::size_t max_bytes) {
  if (!value.is_string()) {
    fail_profile(origin, fmt::format("{} must be a string, got {}", where, value.type_name()));
  }
  auto text = value.get<std::string>();
  if (text.empty()) fail_profile(origin, fmt::format("{} must not be empty", where));
  if (text::has_control_char(text)) {
    fail_profile(origin, fmt::format("{} '{}' holds a control character; use plain text", where,
                                     text::printable(text)));
  }
  if (text.size() > max_bytes) {
    fail_profile(origin,
                 fmt::format("{} is longer than {} bytes{}", where, max_bytes,
                             max_bytes == kMaxSqlName ? "; PostgreSQL would truncate it" : ""));
  }
  return text;
}

// A dotted key path: non-empty segments ("database.dbname", "production.database").
std::string key_path(const Json& value, std::string_view origin, std::string_view where) {
  auto path = plain_string(value, origin, where, kMaxKeyPath);
  if (path.front() == '.' || path.back() == '.' || path.find("..") != std::string::npos) {
    fail_profile(origin,
                 fmt::format("{} '{}' must be a dotted key path such as \"database.dbname\" "
                             "(no empty part)",
                             where, path));
  }
  return path;
}

bool is_env_name(const std::string& name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool ends_with(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void only_keys(const Json& object, std::string_view origin, std::string_view where,
               std::initializer_list<std::string_view> allowed, std::string_view why) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end()) {
      std::string list;
      for (auto key : allowed) list += (list.empty() ? "" : ", ") + std::string(key);
      fail_profile(
          origin, fmt::format("unknown key '{}.{}'{}; known keys: {}", where, it.key(), why, list));
    }
  }
}

void file_connection(const Json& c, std::string_view origin, Connection& out) {
  only_keys(c, origin, "connection", {"from", "format", "path", "keys"}, " for from \"file\"");
  if (c.contains("path")) {
    out.path = plain_string(c["path"], origin, "connection.path", kMaxPath);
    if (out.path.front() == '/') {
      fail_profile(origin, fmt::format("connection.path '{}' must be relative to the application's "
                                       "clone (the operator passes --config for another place)",
                                       out.path));
    }
  }
  if (c.contains("format")) {
    out.format = plain_string(c["format"], origin, "connection.format", kMaxKeyPath);
    if (out.format != "json" && out.format != "yaml") {
      fail_profile(origin, fmt::format(R"(connection.format must be "json" or "yaml", got '{}')",
                                       out.format));
    }
  } else {
    out.format = ends_with(out.path, ".yml") || ends_with(out.path, ".yaml") ? "yaml" : "json";
  }
  if (!c.contains("keys")) return;  // the JSON "database" object's paths
  const Json& keys = c["keys"];
  if (!keys.is_object() || keys.empty()) {
    fail_profile(origin,
                 "connection.keys must be an object naming the key path of each field, e.g. "
                 "{\"dbname\": \"production.database\", \"host\": \"production.host\"}");
  }
  out.keys.clear();
  for (auto it = keys.begin(); it != keys.end(); ++it) {
    if (std::find(kFields.begin(), kFields.end(), it.key()) == kFields.end()) {
      fail_profile(origin,
                   fmt::format("unknown key 'connection.keys.{}'; known keys: host, port, user, "
                               "password, dbname, sslmode, url",
                               it.key()));
    }
    out.keys[it.key()] = key_path(it.value(), origin, fmt::format("connection.keys.{}", it.key()));
  }
  if (!out.keys.count("dbname") && !out.keys.count("url")) {
    fail_profile(origin,
                 "connection.keys names neither 'dbname' nor 'url'; data-test must rewrite one of "
                 "them to point each side at its scratch database");
  }
}

}  // namespace

Connection parse_connection(const json::Json& doc, std::string_view origin) {
  Connection out;
  if (!doc.contains("connection")) return out;
  const Json& c = doc["connection"];
  if (!c.is_object()) {
    fail_profile(
        origin, fmt::format(R"(connection must be an object such as {{"from": "url_env"}}, got {})",
                            c.type_name()));
  }
  if (!c.contains("from")) {
    fail_profile(origin,
                 R"(missing key 'connection.from'; set it to "file", "url_env" or "libpq_env")");
  }
  const std::string from = plain_string(c["from"], origin, "connection.from", kMaxKeyPath);
  if (from == "file") {
    out.from = Connection::From::file;
    file_connection(c, origin, out);
  } else if (from == "url_env") {
    out.from = Connection::From::url_env;
    only_keys(c, origin, "connection", {"from", "variable"}, " for from \"url_env\"");
    if (c.contains("variable")) {
      out.variable = plain_string(c["variable"], origin, "connection.variable", kMaxKeyPath);
      if (!is_env_name(out.variable)) {
        fail_profile(origin,
                     fmt::format("connection.variable '{}' is not an environment variable name "
                                 "(letters, digits and '_', not starting with a digit)",
                                 out.variable));
      }
    }
  } else if (from == "libpq_env") {
    out.from = Connection::From::libpq_env;
    only_keys(c, origin, "connection", {"from"}, " for from \"libpq_env\"");
  } else {
    fail_profile(origin,
                 fmt::format("connection.from must be \"file\", \"url_env\" or \"libpq_env\", got "
                             "'{}'",
                             from));
  }
  if (out.from != Connection::From::file) out.keys.clear();
  return out;
}

void parse_repo_keys(const json::Json& doc, std::string_view origin, Profile& profile) {
  const bool column = doc.contains("repo_column");
  const bool lookup = doc.contains("repo_lookup");
  if (!column && !lookup) return;
  if (column != lookup) {
    fail_profile(origin,
                 fmt::format("{} is set but {} is not; a per-repository breakdown needs both "
                             "(see docs/profile-format.md)",
                             column ? "repo_column" : "repo_lookup",
                             column ? "repo_lookup" : "repo_column"));
  }
  profile.repo_column = plain_string(doc["repo_column"], origin, "repo_column", kMaxSqlName);
  const Json& l = doc["repo_lookup"];
  if (!l.is_object()) {
    fail_profile(origin,
                 "repo_lookup must be an object: {\"table\": \"schema.table\", \"url_column\": "
                 "\"url\", \"id_column\": \"repo_id\"}");
  }
  only_keys(l, origin, "repo_lookup", {"table", "url_column", "id_column"}, "");
  for (const char* key : {"table", "url_column", "id_column"}) {
    if (!l.contains(key)) {
      fail_profile(
          origin,
          fmt::format("missing key 'repo_lookup.{}'; add it (see docs/profile-format.md)", key));
    }
  }
  profile.repo_lookup.table = plain_string(l["table"], origin, "repo_lookup.table", kMaxQualified);
  std::string schema;
  try {
    schema = split_qualified(profile.repo_lookup.table).first;
  } catch (const Error& e) {
    fail_profile(origin, fmt::format("repo_lookup.table: {}", e.what()));
  }
  if (std::find(profile.schemas.begin(), profile.schemas.end(), schema) == profile.schemas.end()) {
    fail_profile(origin,
                 fmt::format("repo_lookup.table '{}' is not in one of the profile's schemas; "
                             "add '{}' to schemas",
                             profile.repo_lookup.table, schema));
  }
  profile.repo_lookup.url_column =
      plain_string(l["url_column"], origin, "repo_lookup.url_column", kMaxSqlName);
  profile.repo_lookup.id_column =
      plain_string(l["id_column"], origin, "repo_lookup.id_column", kMaxSqlName);
}

}  // namespace dt
