#pragma once
// Lines for stdout (children's live output, PASS/FLAG lines, the listing). SIGPIPE is ignored, so
// a reader that went away (`data-test | head`) shows up here as EPIPE: printing stops for good
// and the run goes on to finish and clean up.
#include <string_view>

namespace dt::output {

// Writes text to stdout whole (one write per call, under one lock); false once stdout is closed.
bool print(std::string_view text) noexcept;
// True once a write to stdout failed: later prints are dropped silently.
bool closed() noexcept;

}  // namespace dt::output
