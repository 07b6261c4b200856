#pragma once
// PostgreSQL connection parameters and their libpq connection strings.
#include <map>
#include <string>
#include <string_view>

namespace dt {

// What the harness needs to reach one database. host may be a Unix socket directory.
struct ConnParams {
  std::string host;
  std::string port;
  std::string user;
  std::string password;
  std::string dbname;
  std::string sslmode;
  // Any other libpq keyword a URL set (sslrootcert, application_name, ...), passed on as given.
  std::map<std::string, std::string> extra;
};

// A libpq keyword/value string; values are quoted and escaped; empty values are left out.
std::string to_conninfo(const ConnParams& params);
// The same parameters for messages: never the password. E.g. "host=/tmp/x port=5432 user=a
// dbname=b".
std::string describe(const ConnParams& params);

// The parameters of a libpq connection URI ("postgresql://user:pw@host:5432/db?sslmode=require";
// also "postgres://"), parsed by libpq itself. Throws dt::Error "<origin>: ..." naming what is
// wrong, never quoting the URL (it may hold the password).
ConnParams parse_url(std::string_view url, std::string_view origin);

// params as a connection URI, percent-encoded; a socket directory host goes in "?host=".
// with_password: the password inside the URI (for an environment variable, never for argv).
std::string to_url(const ConnParams& params, bool with_password);

}  // namespace dt
