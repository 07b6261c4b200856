#pragma once
// --check: everything a run needs, checked in seconds and without building anything — the
// repositories, the profile (its JSON Schema, then the parser), the config or environment the
// primary comes from, the released tag, and the server (reachable, CREATEDB, scratch names free
// or data-test's, the key tables of copy_rows steps). Every problem is found, not the first.
#include <string>
#include <vector>

#include "options.hpp"

namespace dt {

// What --check found.
struct CheckResult {
  std::vector<std::string> problems;  // one line each; empty when the run could start
  std::vector<std::string> passed;    // one line per check that passed
  std::vector<std::string> notes;     // risks that do not stop a run (printed as warnings)
};

// Runs every check whose inputs could be read (a server check needs the config, a tag check
// the clone); nothing is built, created, written or dropped.
CheckResult check_inputs(const Options& options);

}  // namespace dt
