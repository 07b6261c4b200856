#pragma once
// How the application finds its database, read for the primary and rewritten for each side:
// a JSON or YAML config file (the key path of each connection field; by default the JSON
// "database" object), a URL in an environment variable, or libpq's PG* variables.
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/app_profile.hpp"
#include "db/conninfo.hpp"
#include "util/json.hpp"

namespace dt {

// The operator's side of the connection: where it was read and the primary's parameters.
struct AppConfig {  // NOLINT(bugprone-exception-escape): json's default constructor never throws
  std::filesystem::path path;  // the config file; empty for a connection from the environment
  Connection connection;       // how it was found (the profile's)
  json::Json doc;              // a JSON file, key order preserved
  std::string text;            // a YAML file exactly as read
  ConnParams db;               // the primary database
};

// Parses JSON config text with the "database" object (host, port, user, password, dbname,
// sslmode). Throws dt::Error with line and column for malformed JSON, and naming the key for a
// missing or wrong-typed database section, or a value with a control character. Registers the
// password as a secret.
AppConfig parse_app_config(std::string_view text, const std::filesystem::path& origin);
// The same for a file described by `how` (connection.from "file"): JSON or YAML, each field at
// its key path; a "url" key is a PostgreSQL URL that the other keys override. dbname (from its
// key or the URL) is required.
AppConfig parse_app_config(std::string_view text, const std::filesystem::path& origin,
                           const Connection& how);
// Reads and parses the file at path; throws dt::Error when it cannot be read.
AppConfig load_app_config(const std::filesystem::path& path);
AppConfig load_app_config(const std::filesystem::path& path, const Connection& how);

// The config text with the database name set to dbname (its dbname key, and the database of its
// url key) and every other key and value untouched: JSON re-serialised in its key order, YAML
// rewritten in place (comments and layout kept). Throws dt::Error when YAML cannot be.
std::string scratch_config_text(const AppConfig& config, std::string_view dbname);

// Reads environment variable `name`, or nullptr (injectable for tests).
using Getenv = std::function<const char*(const char*)>;

// The primary for a connection from the environment (url_env, libpq_env), read from data-test's
// own environment, the same variables the application reads. Throws dt::Error naming the
// variable when it is missing or malformed. Registers the password as a secret.
AppConfig primary_from_environment(const Connection& how, const Getenv& getenv);

// The inherited variables a side's build and steps must not see, because they could reach the
// primary: every libpq variable ("PG*"), DATABASE_URL and the profile's URL variable. The
// side's own (side_environment) are set after them.
std::vector<std::string> inherited_connection_variables(const AppConfig& config);

// What a side's children get in their environment to reach `scratch`: the URL variable
// (url_env, password inside: an environment is private to the child), the PG* variables
// (libpq_env), and PGPASSFILE=passfile whenever there is a password (so that {database_url},
// which never holds it, works too). Never puts the password in argv.
std::map<std::string, std::string> side_environment(const AppConfig& config,
                                                    const ConnParams& scratch,
                                                    const std::filesystem::path& passfile);

// A libpq password file granting `params.password` to its user on any host, port and database.
std::string passfile_text(const ConnParams& params);

}  // namespace dt
