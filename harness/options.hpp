#pragma once
// The data-test command line. GoogleTest's own --gtest_* flags are passed through untouched.
#include <optional>
#include <string>
#include <vector>

namespace dt {

// What the user asked for, before any file is read.
struct Options {
  std::string released_tag;
  std::string repo;
  bool keep_dbs = false;
  std::optional<std::string> work_dir;    // default: fresh /tmp/<profile>-data-test-<UTC stamp>
  std::optional<std::string> source_dir;  // default: git top level of the current directory
  std::optional<std::string> config;      // default: <source-dir>/<profile name>.json
  std::optional<std::string> profile;     // default: the built-in Aveloxis profile
  bool reuse_state = false;               // reuse <work-dir>/state.json when its inputs match
  bool collect_only = false;  // CTest setup: phases 1-5, save state, exit 0 unless it could not run
  bool from_state = false;    // CTest table tests: read the state, collect nothing
  bool drop_dbs_only = false;  // CTest cleanup: drop the marked scratch databases and exit
  bool force_drop = false;     // drop scratch-named databases even without data-test's mark
  bool help = false;
  bool version = false;
  bool list_tests = false;              // --gtest_list_tests was given
  std::vector<std::string> gtest_args;  // every --gtest_* flag, in order
};

// Parses argv (argv[0] excluded). Throws dt::Error naming the flag for unknown flags,
// missing values and missing required flags (unless --help/--version/--drop-dbs-only).
Options parse_options(const std::vector<std::string>& args);

// The --help text: every flag, the phases, the verdicts and the exit codes.
std::string help_text();

}  // namespace dt
