#pragma once
// The cache dir (--cache-dir, default $XDG_CACHE_HOME/data-test): what data-test keeps between
// runs. Like the work dir, a marker file says data-test made it and records the identity of each
// entry data-test made there, so that an entry is replaced only through reclaim with its proof.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "core/made_records.hpp"
#include "core/reclaim.hpp"
#include "util/file.hpp"

namespace dt {

class CacheDir {
 public:
  // The marker's file name inside a cache dir.
  static constexpr const char* kMarker = ".data-test-cache";

  // The default cache dir: $XDG_CACHE_HOME/data-test when that is an absolute path, else
  // $HOME/.cache/data-test; empty when neither is set.
  static std::filesystem::path default_path();
  // Checks, writing nothing, that path may be a cache dir: missing, an empty directory, or one
  // carrying the marker; never a symlink. Throws dt::Error (one line naming --cache-dir).
  static void check(const std::filesystem::path& path);
  // The cache dir at path, created (mode 0700) when missing, adopted when empty. Throws as check.
  static CacheDir open(const std::filesystem::path& path);

  // Its path.
  const std::filesystem::path& path() const { return path_; }
  // Records that data-test made `target` (inside the cache dir) as it is now, with a digest of
  // its content when the caller will trust that content later (a cached build).
  void record(const std::filesystem::path& target, const std::string& digest = "") {
    records_.record(target, digest);
  }
  // The digest recorded with target; "" when none was.
  std::string digest(const std::filesystem::path& target) const { return records_.digest(target); }
  // A reclaim target for `target` when data-test recorded making it; nullopt otherwise.
  std::optional<reclaim::Made> made(const std::filesystem::path& target) const {
    return records_.made(target);
  }
  // Forgets target's record (after it was reclaimed).
  void forget(const std::filesystem::path& target) { records_.forget(target); }
  // Records that target, recorded as made, was used at `when` (a cached build stored or
  // restored); kept in the marker, since anyone who can write an entry can set its times.
  void record_use(const std::filesystem::path& target, std::chrono::system_clock::time_point when) {
    records_.record_use(target, when);
  }
  // When target was last used as recorded; nullopt when no use was (an older data-test's entry).
  std::optional<std::chrono::system_clock::time_point> last_used(
      const std::filesystem::path& target) const {
    return records_.last_used(target);
  }

 private:
  explicit CacheDir(std::filesystem::path path);

  std::filesystem::path path_;
  MadeRecords records_;  // in the marker
};

}  // namespace dt
