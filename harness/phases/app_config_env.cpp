// The connection from the environment, and what each side's children get in theirs
// (see app_config.hpp).
#include <fmt/format.h>

#include "app_config.hpp"
#include "util/error.hpp"
#include "util/redact.hpp"
#include "util/text.hpp"

namespace dt {
namespace {

// libpq's variables for the six fields, in the order they are read.
constexpr std::pair<const char*, std::string ConnParams::*> kLibpqVariables[] = {
    {"PGPASSWORD", &ConnParams::password}, {"PGHOST", &ConnParams::host},
    {"PGPORT", &ConnParams::port},         {"PGUSER", &ConnParams::user},
    {"PGDATABASE", &ConnParams::dbname},   {"PGSSLMODE", &ConnParams::sslmode}};

std::string variable(const Getenv& getenv, const char* name) {
  const char* value = getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

void require_clean_env(const std::string& value, const std::string& name) {
  if (text::has_control_char(value)) {
    throw Error(
        fmt::format("environment variable {} holds a control character; set it again", name));
  }
}

// A passfile field: ':' and '\' escaped with a backslash.
std::string passfile_field(const std::string& value) {
  std::string out;
  for (const char c : value) {
    if (c == ':' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

AppConfig primary_from_environment(const Connection& how, const Getenv& getenv) {
  AppConfig config;
  config.connection = how;
  if (how.from == Connection::From::url_env) {
    const std::string url = variable(getenv, how.variable.c_str());
    if (url.empty()) {
      throw Error(fmt::format(
          "environment variable {} is not set; the profile's connection reads the database "
          "from it: export the primary database's URL, e.g. "
          "{}=postgresql://user@localhost:5432/app",
          how.variable, how.variable));
    }
    require_clean_env(url, how.variable);
    config.db = parse_url(url, fmt::format("environment variable {}", how.variable));
    redact::add_secret(config.db.password);
    if (config.db.dbname.empty()) {
      throw Error(
          fmt::format("environment variable {} names no database; add it to the URL, "
                      "e.g. postgresql://user@localhost:5432/app",
                      how.variable));
    }
    return config;
  }
  if (how.from != Connection::From::libpq_env) {
    throw Error("internal: primary_from_environment needs a connection from the environment");
  }
  for (const auto& [name, field] : kLibpqVariables) {
    config.db.*field = variable(getenv, name);
    require_clean_env(config.db.*field, name);
    if (field == &ConnParams::password) redact::add_secret(config.db.password);
  }
  if (config.db.dbname.empty()) {
    throw Error(
        "environment variable PGDATABASE is not set; the profile's connection is libpq_env: "
        "export PGDATABASE (and PGHOST, PGPORT, PGUSER, PGPASSWORD as needed) as the application "
        "gets them");
  }
  return config;
}

std::map<std::string, std::string> side_environment(const AppConfig& config,
                                                    const ConnParams& scratch,
                                                    const std::filesystem::path& passfile) {
  std::map<std::string, std::string> env;
  if (!scratch.password.empty() && !passfile.empty()) env["PGPASSFILE"] = passfile.string();
  switch (config.connection.from) {
    case Connection::From::file:
      break;
    case Connection::From::url_env:
      env[config.connection.variable] = to_url(scratch, true);
      break;
    case Connection::From::libpq_env:
      for (const auto& [name, field] : kLibpqVariables) {
        // The password goes through PGPASSFILE; an inherited PGPASSWORD is the same one.
        if (field != &ConnParams::password && !(scratch.*field).empty()) env[name] = scratch.*field;
      }
      break;
  }
  return env;
}

std::vector<std::string> inherited_connection_variables(const AppConfig& config) {
  std::vector<std::string> names = {"PG*", "DATABASE_URL"};
  if (config.connection.from == Connection::From::url_env &&
      config.connection.variable != "DATABASE_URL") {
    names.push_back(config.connection.variable);
  }
  return names;
}

std::string passfile_text(const ConnParams& params) {
  const std::string user = params.user.empty() ? "*" : passfile_field(params.user);
  return fmt::format("*:*:*:{}:{}\n", user, passfile_field(params.password));
}

}  // namespace dt
