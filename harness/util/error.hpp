#pragma once
// The two ways a run stops early. A data loss is a result, never one of these.
#include <stdexcept>
#include <string>

namespace dt {

// The harness could not run: bad input or a failed phase. Exit status 2.
// The message is one line saying what is wrong, quoting the value, and naming the fix.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
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
