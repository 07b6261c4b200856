#pragma once
// The work dir: binaries, logs, configs, reports and the released worktree. A marker file says
// data-test made (or adopted) it and records what data-test made inside, with each object's
// identity, so that a later run can prove a leftover is ours before deleting it.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/made_records.hpp"
#include "core/reclaim.hpp"
#include "util/file.hpp"

namespace dt {

class WorkDir {
 public:
  // The marker's file name inside a work dir.
  static constexpr const char* kMarker = ".data-test-work-dir";
  // The lock file a run holds for its whole life (see lock()).
  static constexpr const char* kLock = ".data-test-work-dir.lock";

  // True when name (one path component) is something data-test writes at the top of a work dir
  // (reports, state, caches, the marker, bin/, logs/, config/, the worktrees, bisect/ and
  // bisect.json): nothing else may write there, e.g. GoogleTest's --gtest_output.
  static bool is_own_name(std::string_view name);

  // A new private directory "$TMPDIR/<prefix>-XXXXXX" (mkdtemp, mode 0700), marked.
  static WorkDir create_default(const std::string& prefix);
  // The directory at path: created (mode 0700) when missing, adopted when empty, reopened when
  // it carries the marker. Throws dt::Error, touching nothing, when it exists and holds files
  // data-test did not write, or is not a directory. Proves it can be written without following
  // a symlink.
  static WorkDir open(const std::filesystem::path& path);

  // Takes the work dir's lock (an flock on kLock) for as long as the returned Fd lives: one run
  // (or --drop-dbs-only) at a time, so that no second run removes a live run's worktree, configs
  // or databases. Throws dt::Error, one line, when another run holds it.
  Fd lock() const;

  // The canonical path (symlinks the operator gave resolved once, here).
  const std::filesystem::path& path() const { return path_; }

  // Records that data-test made `target` (inside the work dir) as it is now.
  void record(const std::filesystem::path& target) { records_.record(target); }
  // A reclaim target for `target`, if data-test recorded making it; nullopt otherwise.
  std::optional<reclaim::Made> made(const std::filesystem::path& target) const {
    return records_.made(target);
  }
  // The recorded targets inside dir (a directory inside the work dir), in name order.
  std::vector<std::filesystem::path> made_under(const std::filesystem::path& dir) const {
    return records_.made_under(dir);
  }
  // Forgets target's record (after it was reclaimed).
  void forget(const std::filesystem::path& target) { records_.forget(target); }

 private:
  explicit WorkDir(std::filesystem::path path);
  static WorkDir open_checked(const std::filesystem::path& path);

  std::filesystem::path path_;
  MadeRecords records_;  // in the marker
};

}  // namespace dt
