#pragma once
// PostgreSQL connection parameters and their libpq connection strings.
#include <string>

namespace dt {

// What the harness needs to reach one database. host may be a Unix socket directory.
struct ConnParams {
  std::string host;
  std::string port;
  std::string user;
  std::string password;
  std::string dbname;
  std::string sslmode;
};

// A libpq keyword/value string; values are quoted and escaped; empty values are left out.
std::string to_conninfo(const ConnParams& params);
// The same parameters for messages: never the password. E.g. "host=/tmp/x port=5432 user=a
// dbname=b".
std::string describe(const ConnParams& params);

}  // namespace dt
