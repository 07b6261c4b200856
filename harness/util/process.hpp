#pragma once
// Child processes: one process group per child, so that the whole tree can be ended; live,
// prefixed, scrubbed output to the terminal and a log file; no shell anywhere.
#include <sys/types.h>
#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace dt::process {

// One child to run with its output streamed live.
struct Spec {
  std::vector<std::string> argv;  // argv[0] is looked up on PATH when it has no slash
  std::filesystem::path cwd;
  std::string prefix;              // e.g. "[released] "; put before every output line
  std::filesystem::path log_file;  // appended to (created if missing), prefixed lines; empty: none
  std::map<std::string, std::string> env;  // added to / overriding the inherited environment
  bool echo = true;                        // copy the lines to the terminal too
  bool echo_to_stderr = false;  // ... on stderr: when stdout is for a machine (--gtest_list_tests)
  // e.g. "[new] step 4/4"; when set, a heartbeat "<label> still running (<elapsed> elapsed)"
  // goes to stderr every heartbeat_interval(), so a quiet hour-long child is not a silent one.
  std::string label;
};

// The heartbeat period: $DATA_TEST_HEARTBEAT_SECONDS (a positive integer), else 60 s.
std::chrono::seconds heartbeat_interval();
// Parses a DATA_TEST_HEARTBEAT_SECONDS value; 60 s when null, empty, not a positive integer.
std::chrono::seconds parse_heartbeat_seconds(const char* value);
// "45s", "5m 0s", "1h 2m 3s": an elapsed time for progress messages.
std::string format_elapsed(std::chrono::seconds elapsed);
// A child's status for messages: "exit 3", or "killed by signal 11 (SIGSEGV), exit 139".
std::string describe_status(int status);

// Runs spec to completion and returns its exit status (128 + n when killed by signal n).
// stdout and stderr are merged, line by line, never buffered until the end.
// On SIGINT/SIGTERM it ends the child's whole process group and throws dt::Interrupted.
// Throws dt::Error when the program cannot be started (not found, not executable).
// Each line is scrubbed and written with the prefix to stdout (flushed) and to the log file;
// a final line without a newline is written too. When the child exits, whatever is left in
// its process group gets SIGTERM, then SIGKILL after 5 s: no orphans outlive a step.
// The child gets SIGKILL if this thread dies (PR_SET_PDEATHSIG), so even a SIGKILLed data-test
// leaves no child behind.
int run(const Spec& spec);

// Output of a short command (git and the like).
struct Captured {
  int status = 0;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs argv in cwd and collects its output. Throws dt::Error when it cannot be started.
// Meant for short commands; unlike run() it does not react to a pending SIGINT/SIGTERM, so the
// guards' destructors can still use it while an interrupted run unwinds.
Captured capture(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                 const std::map<std::string, std::string>& env = {});

// One argument quoted for a POSIX shell where needed (not scrubbed).
std::string quote(const std::string& arg);

// The command line for messages: arguments joined by spaces, quoted where needed, scrubbed.
std::string display(const std::vector<std::string>& argv);

// True when pid exists and is not a zombie (an unreaped zombie no longer runs anything).
bool alive(pid_t pid) noexcept;

}  // namespace dt::process
