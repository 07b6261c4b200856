#pragma once
// The two ways a run stops early. A data loss is a result, never one of these.
#include <stdexcept>
#include <string>

namespace dt {

// What made a dt::Error, for the callers that act on it: they ask cause(), never the message's
// words (which are for the operator and may change).
enum class Cause {
  // A step could not be done; nothing more is known. The default.
  failed,
  // The operator's input is wrong, and the message already names the option or file to fix:
  // callers pass it on as it is instead of wrapping it in their own advice.
  input,
  // The server cancelled a statement (SQLSTATE 57014): our own signal watchdog, or someone's
  // pg_cancel_backend.
  query_canceled,
  // The database session itself is gone (a lost connection, SQLSTATE class 08, or the server
  // shutting the backend down, 57P01-57P03): a retry needs a new session.
  connection_lost,
  // The session holding the run's advisory locks is gone (LockLost): nothing more may be dropped
  // or compared under locks the run no longer has.
  lock_lost,
  // The application's build exited non-zero or wrote no executable: the version cannot be
  // tested (bisect skips it), data-test itself is not at fault.
  build_failed,
  // A step's child (the application) exited non-zero: likewise the application's doing.
  step_failed,
};

// The harness could not run: bad input or a failed phase. Exit status 2.
// The message is one line saying what is wrong, quoting the value, and naming the fix.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, Cause cause = Cause::failed)
      : std::runtime_error(message), cause_(cause) {}
  explicit Error(const char* message, Cause cause = Cause::failed)
      : std::runtime_error(message), cause_(cause) {}
  Cause cause() const noexcept { return cause_; }

 private:
  Cause cause_;
};

// SIGINT or SIGTERM arrived; the run unwinds through every guard. Exit status 128 + signal.
class Interrupted : public std::runtime_error {
 public:
  explicit Interrupted(int signal);
  int signal() const noexcept { return signal_; }

 private:
  int signal_;
};

}  // namespace dt
