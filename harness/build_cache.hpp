#pragma once
// The released build cache: the released tag's executable, kept in the cache dir under a key of
// the tag's commit, the profile's build command and the toolchain version the profile names, so
// that a later run with the same key makes neither the worktree nor the build.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/cache_dir.hpp"

namespace dt {

// A cached build, as the report tells it.
struct CachedBuild {
  std::string commit;  // the tag's commit (full sha)
  std::string built;   // when it was built, ISO-8601 UTC
};

// The key of a released build: 16 hex digits over the commit, the build argv (unexpanded) and
// the toolchain's version text.
std::string build_cache_key(std::string_view commit, const std::vector<std::string>& build,
                            std::string_view toolchain);

// The report's and the terminal's words for a cached build, after "released build: ":
// "cached (commit abc1234, built 2026-11-25T19:00:00Z)".
std::string cached_build_text(const CachedBuild& cached);

// The toolchain's version: the stdout of the profile's toolchain command run in dir, trimmed;
// "" when the profile names none. Throws dt::Error when the command fails.
std::string toolchain_version(const std::vector<std::string>& toolchain,
                              const std::filesystem::path& dir);

// Copies the executable cached under key to bin; nullopt (nothing written) when there is none,
// or the cached file is not the one stored (changed since).
std::optional<CachedBuild> restore_build(const CacheDir& cache, std::string_view key,
                                         const std::filesystem::path& bin);

// Keeps a copy of bin under key, built from commit now. An entry already there is replaced
// through reclaim (only when the cache dir's record proves data-test made it).
void store_build(CacheDir& cache, std::string_view key, std::string_view commit,
                 const std::filesystem::path& bin);

}  // namespace dt
