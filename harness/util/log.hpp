#pragma once
// Harness messages on stderr, one line each, secrets scrubbed (see redact.hpp). Never throws:
// a message that cannot be written (a closed terminal after SIGHUP) is dropped.
#include <string_view>

namespace dt::log {

// "data-test: <msg>"
void info(std::string_view msg) noexcept;
// "data-test: warning: <msg>"
void warn(std::string_view msg) noexcept;
// "data-test: error: <msg>"
void error(std::string_view msg) noexcept;
// --quiet: info() prints only lines marked important (phases, the verdict), warnings and
// errors still print.
void set_quiet(bool quiet) noexcept;
// Colours the "warning:" and "error:" prefixes (a terminal without NO_COLOR; see console).
void set_colour(bool colour) noexcept;
// info() that --quiet keeps: phase lines and the final verdict.
void milestone(std::string_view msg) noexcept;

}  // namespace dt::log
