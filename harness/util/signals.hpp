#pragma once
// SIGINT/SIGTERM become a flag the long-running loops poll; they then throw dt::Interrupted
// so that every guard's destructor runs.
namespace dt::signals {

// Installs the handlers (idempotent). Called once by main.
void install();
// The signal received so far, or 0.
int pending() noexcept;
// Throws dt::Interrupted when a signal is pending.
void throw_if_interrupted();
// Forgets the pending signal. For tests that raise a signal on purpose.
void clear_for_tests() noexcept;

}  // namespace dt::signals
