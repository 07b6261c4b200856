#pragma once
// The released build cache: the released tag's build (its executable and whatever else the build
// wrote beside it), kept in the cache dir under a key of the tag's commit, the profile's build
// command and the toolchain version the profile names, so that a later run with the same key
// makes neither the worktree nor the build.
#include <chrono>
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

// Copies the build cached under key (the whole output directory of bin) into bin's directory
// and records its use now in the cache dir's record; nullopt when there is none, or when it does
// not match this cache dir's record of storing it (the entry directory's identity, and a SHA-256
// of every file): changed since, it is never run (a warning says why, and the build runs).
std::optional<CachedBuild> restore_build(CacheDir& cache, std::string_view key,
                                         const std::filesystem::path& bin);

// Keeps a copy of bin's directory (every file the build wrote there, but data-test's `stamp`
// beside bin) under key, built from commit now, its digest and its use in the cache dir's
// record. Throws dt::Error when that directory holds a symlink or a special file (not cached;
// nothing written). An entry already there is replaced through reclaim (only when the record
// proves data-test made it).
void store_build(CacheDir& cache, std::string_view key, std::string_view commit,
                 const std::filesystem::path& bin, const std::filesystem::path& stamp = {});

// One entry below <cache-dir>/builds/, as `data-test cache list` shows it.
struct CacheEntry {
  std::string key;     // the entry's directory name
  bool ours = false;   // the cache dir's record proves data-test made it (its very identity)
  std::string commit;  // what it was built from (its entry.json), when ours; "" when unreadable
  std::string built;   // when it was built, ISO-8601 UTC, likewise
  // When a run last stored or restored it (the cache dir's record); nullopt when never recorded.
  std::optional<std::chrono::system_clock::time_point> used;
  long long bytes = 0;  // its disk use
};

// Every entry below the cache dir's builds/ (sorted by name), whether data-test made it or not.
std::vector<CacheEntry> cached_builds(const CacheDir& cache);

// Whether `cache prune` removes entry at now: data-test's, and unused for longer than max_age
// (0: every one), or with no recorded use. An entry that is not data-test's never is.
bool build_expired(const CacheEntry& entry, std::chrono::system_clock::time_point now,
                   std::chrono::seconds max_age);

// Removes the entry through reclaim, its proof the cache dir's record (never a symlink, never
// another directory under its name), and forgets its record. Throws dt::Error (nothing deleted)
// when the record does not prove it.
void remove_build(CacheDir& cache, const CacheEntry& entry);

}  // namespace dt
