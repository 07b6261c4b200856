#pragma once
// Connection parameters as the keyword/value arrays libpq's *Params functions take: values go to
// libpq as they are, never parsed out of a connection string. Internal to db/.
#include <vector>

#include "db/conninfo.hpp"

namespace dt::db {

// The keyword/value arrays libpq takes: values are passed as they are, never parsed.
struct Keywords {
  // Points into p: p must outlive the arrays.
  std::vector<const char*> keys, values;
  explicit Keywords(const ConnParams& p) {
    const auto add = [&](const char* key, const std::string& value) {
      if (value.empty()) return;
      keys.push_back(key);
      values.push_back(value.c_str());
    };
    add("host", p.host);
    add("port", p.port);
    add("user", p.user);
    add("password", p.password);
    add("dbname", p.dbname);
    add("sslmode", p.sslmode);
    keys.push_back("fallback_application_name");
    values.push_back("data-test");
    keys.push_back(nullptr);
    values.push_back(nullptr);
  }
};

}  // namespace dt::db
