#pragma once
// The private files a side's steps read to reach their scratch database: the rewritten config
// (a connection from a file) and the PGPASSFILE (whenever there is a password). Both hold the
// password: mode 0600, recorded in the work dir, removed at the end unless --keep-dbs.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "app_config.hpp"
#include "collect.hpp"

namespace dt {

// The scratch config's extension: the operator's config's (".yml" stays YAML), else ".json".
std::string scratch_config_extension(const AppConfig& config);

// (path, text) of each file side needs, for side.config and side.passfile.
std::vector<std::pair<std::filesystem::path, std::string>> scratch_files(const AppConfig& config,
                                                                         const Side& side);

}  // namespace dt
