#pragma once
// The smallest valid profile, for tests that change one thing in it.
#include <nlohmann/json.hpp>

namespace dt::testing_support {

// A valid profile (a build, two run steps and a copy_rows step, two schemas, two databases).
inline nlohmann::ordered_json minimal_profile() {
  return nlohmann::ordered_json::parse(R"({
    "name": "app",
    "build": ["make", "BIN={bin}"],
    "steps": [{"run": ["{bin}", "migrate"]}, {"copy_rows": "ops.keys"}, {"run": ["{bin}", "collect", "{repo}"]}],
    "schemas": ["data", "ops"],
    "databases": {"released": "app_released", "new": "app_new"}
  })");
}

}  // namespace dt::testing_support
