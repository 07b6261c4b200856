#pragma once
// Phases 1 and 4 for one side: build its executable, then run the profile's steps.
#include <cstddef>
#include <filesystem>
#include <string>

#include "profile.hpp"
#include "util/conninfo.hpp"

namespace dt {

// Where one side lives.
struct Side {
  std::string name;              // "released" or "new"
  std::filesystem::path src;     // its source tree
  std::filesystem::path bin;     // its built executable (absolute, under the work dir)
  std::filesystem::path config;  // its scratch config
  std::filesystem::path log;     // <work-dir>/logs/<side>.log
  ConnParams scratch;            // its scratch database
  bool quiet_stdout = false;     // children's output to stderr, not stdout (listing mode)
};

// The placeholder values for side.
Placeholders placeholders_for(const Side& side, const std::string& repo,
                              const std::filesystem::path& work_dir);

// Runs the profile's build in side.src. Throws dt::Error naming the side, the exit status and
// the log file when it fails.
void build_side(const Profile& profile, const Side& side, const Placeholders& values);

// Runs steps [0, count) on side. A step that exits non-zero throws dt::Error naming the side,
// the step, its exit status and the log. primary is the operator's database (for copy_rows).
void run_steps(const Profile& profile, std::size_t count, const Side& side,
               const Placeholders& values, const ConnParams& primary);

}  // namespace dt
