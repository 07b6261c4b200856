#pragma once
// One child process tree, owned: the pid, its process group, its output pipes and the thread
// that drains them. The one way data-test (and its tests) start a program, on Boost.Process.
#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "util/fd.hpp"

namespace dt::process {

// How often a loop waiting on a child looks again (its exit, a signal, a stop request).
inline constexpr auto kChildPollInterval = std::chrono::milliseconds(20);

// How a child is started. No shell anywhere.
struct Launch {
  std::vector<std::string> argv;           // argv[0] is looked up on PATH when it has no slash
  std::filesystem::path cwd;               // empty: ours
  std::map<std::string, std::string> env;  // added to / overriding our environment
  // Inherited variables the child does not get (a name, or a prefix ending in '*': "PG*"),
  // unless env sets them.
  std::vector<std::string> unset;
  bool merge_output = true;     // stdout and stderr into one pipe (else two)
  bool capture_output = true;   // false: both go to /dev/null
  int stdin_fd = -1;            // the child's stdin (-1: /dev/null); not closed here
  bool die_with_parent = true;  // SIGKILL when the starting thread dies (even by SIGKILL)
  bool new_session = false;     // setsid: out of reach of the terminal's signals (a reaper)
};

// Where the drained output goes; called on the reader thread. out gets everything when
// merge_output; eof is called once per stream.
struct Sinks {
  std::function<void(std::string_view)> out;
  std::function<void(std::string_view)> err;
  std::function<void()> out_eof;
  std::function<void()> err_eof;
};

class ChildGroup {
 public:
  // Starts the child in a process group of its own. Throws dt::Error naming the program when it
  // cannot be started (not found, not executable, no such working directory).
  ChildGroup(const Launch& launch, Sinks sinks);
  // An unfinished child: SIGKILL to its whole group, reaped, reader joined. Never throws.
  ~ChildGroup() noexcept;
  ChildGroup(const ChildGroup&) = delete;
  ChildGroup& operator=(const ChildGroup&) = delete;

  // The leader's pid, which is also the group id.
  pid_t pid() const noexcept { return pid_; }
  // True once the leader has exited (it stays unreaped, so its pid cannot be reused).
  bool exited() const noexcept;
  // kill(pid, sig): the leader only, as a terminal's Ctrl-C reaches a foreground program.
  void signal_leader(int sig) noexcept;
  // Waits for the leader, then ends whatever is left of its group (SIGTERM, SIGKILL after 5 s),
  // reaps it and joins the reader. interrupted: SIGTERM the group first. Returns the exit status
  // (128 + n when killed by signal n). Call once.
  int finish(bool interrupted);
  // For a child meant to outlive this object: no kill, no reap. Returns its pid.
  pid_t release() noexcept;

 private:
  void start_reader(std::vector<Fd> pipes, Sinks sinks);
  void join_reader(std::chrono::seconds drain) noexcept;

  pid_t pid_ = -1;
  bool done_ = false;
  std::thread reader_;
  std::atomic<long long> abandon_at_{0};  // steady-clock ticks; 0: read until EOF
};

// A child's exit status from a wait status: 128 + n when killed by signal n.
int exit_code(int wait_status) noexcept;

}  // namespace dt::process
