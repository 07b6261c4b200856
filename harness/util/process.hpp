#pragma once
// Running a program to completion: live, prefixed, scrubbed output to the terminal and a log for
// the application's steps (run), collected output for short commands (capture).
#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace dt::process {

// One child to run with its output streamed live.
struct Spec {
  std::vector<std::string> argv;  // argv[0] is looked up on PATH when it has no slash
  std::filesystem::path cwd;
  std::string prefix;                      // e.g. "[released] "; put before every output line
  std::filesystem::path log_file;          // appended to (created 0600 if missing); empty: none
  std::map<std::string, std::string> env;  // added to / overriding the inherited environment
  std::vector<std::string> unset;          // inherited variables left out (see Launch::unset)
  bool echo = true;                        // copy the lines to the terminal too
  bool echo_to_stderr = false;  // ... on stderr: when stdout is for a machine (--gtest_list_tests)
  // e.g. "[new] step 4/4"; when set, a heartbeat "<label> still running (<elapsed> elapsed)"
  // goes to stderr every heartbeat_interval(), so a quiet hour-long child is not a silent one.
  std::string label;
  // When set and it turns true, the child's whole group is ended and run() throws Stopped: the
  // other side's build failed, so this one's result no longer matters.
  const std::atomic<bool>* stop = nullptr;
};

// run() ended its child because spec.stop turned true.
class Stopped : public Error {
 public:
  using Error::Error;
};

// The heartbeat period: $DATA_TEST_HEARTBEAT_SECONDS, else 60 s. Throws dt::Error when the
// variable is set to anything but a whole number of seconds from 1 to 86400.
std::chrono::seconds heartbeat_interval();
// Parses a DATA_TEST_HEARTBEAT_SECONDS value: 60 s when null or empty; dt::Error when out of range.
std::chrono::seconds parse_heartbeat_seconds(const char* value);
// "45s", "5m 0s", "1h 2m 3s": an elapsed time for progress messages.
std::string format_elapsed(std::chrono::seconds elapsed);
// A child's status for messages: "exit 3", or "killed by signal 11 (SIGSEGV), exit 139".
std::string describe_status(int status);

// Runs spec to completion and returns its exit status (128 + n when killed by signal n).
// stdout and stderr are merged, line by line, never buffered until the end. Each line is
// scrubbed and written with the prefix to the terminal and the log file. When the child exits,
// whatever is left of its process group is ended: no orphan outlives a step.
// On SIGINT/SIGTERM/SIGHUP it ends the child's whole group and throws dt::Interrupted.
// Throws dt::Error when the program cannot be started or the log cannot be written.
int run(const Spec& spec);

// Output of a short command (git and the like).
struct Captured {
  int status = 0;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs argv in cwd and collects its output. Throws dt::Error when it cannot be started.
// interruptible: a pending signal ends the child and throws dt::Interrupted (the main flow);
// false for the guards' destructors, which must finish while an interrupted run unwinds.
Captured capture(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                 const std::map<std::string, std::string>& env = {}, bool interruptible = false);

// One argument quoted for a POSIX shell where needed (not scrubbed).
std::string quote(const std::string& arg);

// The command line for messages: arguments joined by spaces, quoted where needed, scrubbed.
std::string display(const std::vector<std::string>& argv);

}  // namespace dt::process
