#pragma once
// Everything a run needs, read and validated before anything is built, created or dropped.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

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
  std::vector<std::string> repos;        // every test repository, as given (may hold tokens)
  std::vector<std::string> repos_shown;  // the same with credentials masked
  std::string repo_shown;                // repos_shown joined with ", "
  std::string local_version;             // e.g. "working tree at abc1234 with uncommitted changes"
  std::filesystem::path cache_dir;       // --cache-dir or its default; empty: no cache
  // What is not the working tree's in the clone: the work dir and every --fingerprint-exclude.
  std::vector<std::filesystem::path> tree_excludes = {};
  // bisect: the new side is this commit (full sha), checked out as the worktree
  // <work-dir>/new-src, instead of the working tree at source_dir; empty: the working tree.
  std::string new_commit = {};
};

// Reads the profile and the config, resolves the tag, fingerprints the working tree and opens
// (or makes) the work dir. Throws dt::Error for bad input; creates nothing but the work dir.
Plan make_plan(const Options& options);

// Where the profile comes from: --profile, else <clone>/data-test.json, else the built-in one
// when the clone is Aveloxis. text is nullopt for the built-in profile.
struct ProfileSource {
  std::string origin;  // the path, or "built-in"
  std::optional<std::string> text;
};
// Finds the profile (see ProfileSource); throws dt::Error saying how to write one when there is
// none, or when the file cannot be read.
ProfileSource find_profile(const Options& options, const std::filesystem::path& source_dir);
// Reads and parses the profile find_profile names.
Profile load_profile(const Options& options, const std::filesystem::path& source_dir);
// True when the clone is Aveloxis: its go.mod declares a module path ending in "/aveloxis" and
// it has the cmd/aveloxis directory the built-in build compiles.
bool is_aveloxis(const std::filesystem::path& source_dir);

// The primary's connection, from where the profile's connection says the application finds it:
// the config given by --config, else the profile's connection.path, else
// <clone>/<profile name>.json; or data-test's own environment.
AppConfig load_config(const Options& options, const Profile& profile,
                      const std::filesystem::path& source_dir);
// The config as the run will use it, checked before anything is built or created: the primary
// is not one of the profile's scratch names, and each scratch copy of a config file can be
// written (the rewrite made in memory, for every scratch name). Throws dt::Error.
void check_config_for_run(const AppConfig& config, const Profile& profile);

// The clone's top level: --source-dir's, or the current directory's.
std::filesystem::path find_source_dir(const Options& options);

}  // namespace dt
