#pragma once
// SIGINT, SIGTERM and SIGHUP become a flag the long-running loops poll; they then throw
// dt::Interrupted so that every guard's destructor runs. SIGPIPE is ignored (a closed stdout is
// an EPIPE that util/output handles). A second signal prints what the run is still waiting for.
#include <string>
#include <string_view>

namespace dt::signals {

// Installs the handlers (idempotent). Called once by main.
void install();
// The signal received so far, or 0.
int pending() noexcept;
// The pending signal, unless a Shield is active (cleanup must finish what it starts): 0 then.
int interrupting() noexcept;
// Throws dt::Interrupted when interrupting() is not 0.
void throw_if_interrupted();
// Forgets the pending signal. For tests that raise a signal on purpose.
void clear_for_tests() noexcept;

// While alive, a pending signal stops nothing: the guards' cleanup (drops, worktree removal)
// runs its statements and commands to the end. Nestable.
class Shield {
 public:
  Shield() noexcept;
  ~Shield() noexcept;
  Shield(const Shield&) = delete;
  Shield& operator=(const Shield&) = delete;
};

// While alive, a second signal prints "data-test: stopping; waiting for <what>" on stderr.
// Nested scopes restore the outer text when they end.
class WaitingFor {
 public:
  explicit WaitingFor(std::string_view what) noexcept;
  ~WaitingFor() noexcept;
  WaitingFor(const WaitingFor&) = delete;
  WaitingFor& operator=(const WaitingFor&) = delete;

 private:
  std::string previous_;
};

}  // namespace dt::signals
