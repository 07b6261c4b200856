#pragma once
// The real data-test binary as a child the test talks to while it runs: its stdout and stderr
// are read incrementally (proving they stream live), and it can be signalled mid-phase.
#include <sys/types.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "util/child.hpp"

namespace dt::e2e {

class LiveChild {
 public:
  // Starts DATA_TEST_BINARY with args; env adds to (or overrides) the test's environment.
  explicit LiveChild(const std::vector<std::string>& args,
                     const std::map<std::string, std::string>& env = {});
  // SIGKILLs and reaps the child if the test did not wait for it.
  ~LiveChild() noexcept = default;
  LiveChild(const LiveChild&) = delete;
  LiveChild& operator=(const LiveChild&) = delete;

  pid_t pid() const { return child_->pid(); }
  // Waits until a complete stdout (or stderr) line containing text has arrived. False when the
  // child exited first or the bounded wait (liveness only, never a timing assertion) ran out.
  bool wait_for_stdout(const std::string& text,
                       std::chrono::seconds limit = std::chrono::seconds(180));
  bool wait_for_stderr(const std::string& text,
                       std::chrono::seconds limit = std::chrono::seconds(180));
  // kill(pid, sig): the child only, as a terminal's Ctrl-C reaches data-test but not the
  // process groups it made for its own children.
  void signal(int sig);
  // Waits for the child to exit and reads everything; its exit status (128 + n when killed by
  // signal n), or -1 when it did not exit within limit.
  int wait(std::chrono::seconds limit = std::chrono::seconds(180));

  std::string out() const;
  std::string err() const;

 private:
  bool wait_for(const std::string& text, bool on_stdout, std::chrono::seconds limit);

  mutable std::mutex mutex_;
  std::string out_;
  std::string err_;
  bool out_closed_ = false;  // the pipe's end reached: everything the child wrote has arrived
  bool err_closed_ = false;
  std::unique_ptr<process::ChildGroup> child_;
  int status_ = -1;
  bool reaped_ = false;
};

// True when some complete line of text contains part.
bool has_line_with(const std::string& text, const std::string& part);

}  // namespace dt::e2e
