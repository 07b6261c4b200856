#pragma once
// Harness messages on stderr, one line each, secrets scrubbed (see redact.hpp).
#include <string_view>

namespace dt::log {

// "data-test: <msg>"
void info(std::string_view msg);
// "data-test: warning: <msg>"
void warn(std::string_view msg);
// "data-test: error: <msg>"
void error(std::string_view msg);

}  // namespace dt::log
