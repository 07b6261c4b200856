#pragma once
// Everything a run needs, read and validated before anything is built, created or dropped.
#include <filesystem>
#include <string>

#include "app_config.hpp"
#include "core/work_dir.hpp"
#include "options.hpp"
#include "profile.hpp"
#include "state.hpp"

namespace dt {

struct Plan {
  Options options;
  Profile profile;
  AppConfig config;
  std::filesystem::path source_dir;  // the clone's top level
  WorkDir work_dir;
  StateInputs inputs;
  std::string repo_shown;     // the repo URL with its credentials masked
  std::string local_version;  // e.g. "working tree at abc1234 with uncommitted changes"
};

// Reads the profile and the config, resolves the tag, fingerprints the working tree and opens
// (or makes) the work dir. Throws dt::Error for bad input; creates nothing but the work dir.
Plan make_plan(const Options& options);

// Reads the profile given by --profile, or the built-in one.
Profile load_profile(const Options& options);

// The config given by --config, or <clone>/<profile name>.json.
AppConfig load_config(const Options& options, const Profile& profile,
                      const std::filesystem::path& source_dir);

// The clone's top level: --source-dir's, or the current directory's.
std::filesystem::path find_source_dir(const Options& options);

}  // namespace dt
