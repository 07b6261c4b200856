#pragma once
// What data-test made inside one of its own directories (the work dir, the cache dir), kept in
// that directory's marker file: each object's identity (device, inode), and for a cached entry
// the digest of its content and when a run last used it. The proof reclaim rests on, so one
// reader and one writer serve both directories, and a marker that is no proof is refused.
// Safe to share between threads (both sides' builds store into one cache at once), and an update
// (read the marker, change it, write it) holds a lock on the directory, so two runs sharing a
// cache dir never lose each other's records.
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/reclaim.hpp"
#include "util/file.hpp"

namespace dt {

// How a directory's marker tells data-test's own from another file, and its words in messages.
// The views name string literals (they are never owned).
struct MarkerSpec {
  std::string_view name;   // the marker's file name inside the directory (".data-test-cache")
  std::string_view magic;  // its "magic" value, which only data-test writes ("data-test cache dir")
  std::string_view what;   // the directory in messages ("cache dir")
  std::string_view flag;   // the flag that names another one ("--cache-dir")
  std::string_view fix;    // what to do about a marker that is no proof ("choose another ...")
};

class MadeRecords {
 public:
  // The records of the directory root (absolute, lexically normal), empty until load().
  MadeRecords(std::filesystem::path root, MarkerSpec spec);
  // A copy holds the same records and its own lock (a Plan copied for a bisect candidate).
  MadeRecords(const MadeRecords& other);
  MadeRecords& operator=(const MadeRecords& other);
  ~MadeRecords() = default;

  // The marker's path.
  std::filesystem::path marker() const { return root_ / spec_.name; }

  // Reads the marker again (the file is the truth: what another run forgot is forgotten here).
  // Throws dt::Error (Cause::input, one line naming the fix) when the marker is a symlink, not a
  // regular file, another user's, writable by group or others, not JSON (truncated), or without
  // the magic. An entry that is no proof (malformed, or naming a path outside root) is dropped.
  void load();
  // Writes the marker: mode 0600, atomically, never through a symlink (also the proof that the
  // directory can be written).
  void save() const;

  // Records that data-test made `target` (inside root) as it is now, with a digest of its content
  // when the caller will trust that content later (a use recorded before is kept). Reads the
  // marker first, keeping what other runs recorded since.
  void record(const std::filesystem::path& target, const std::string& digest = "");
  // A reclaim target for `target` when data-test recorded making it; nullopt otherwise.
  std::optional<reclaim::Made> made(const std::filesystem::path& target) const;
  // The recorded targets inside dir (a directory inside root), in name order.
  std::vector<std::filesystem::path> made_under(const std::filesystem::path& dir) const;
  // The digest recorded with target; "" when none was.
  std::string digest(const std::filesystem::path& target) const;
  // Forgets target's record and its use (after it was reclaimed); reads the marker first.
  void forget(const std::filesystem::path& target);
  // Records that target, recorded as made, was used at `when`; nothing when it is not recorded.
  void record_use(const std::filesystem::path& target, std::chrono::system_clock::time_point when);
  // When target was last used as recorded; nullopt when no use was (or it is not recorded).
  std::optional<std::chrono::system_clock::time_point> last_used(
      const std::filesystem::path& target) const;

 private:
  // One object data-test made (its key says where): what it was then, and its cache facts.
  struct Entry {
    file::Identity identity;
    std::string digest;             // "" when none was recorded
    std::optional<long long> used;  // seconds since the epoch
  };

  std::string key(const std::filesystem::path& target) const;
  // load() and save() for a caller that holds mutex_.
  void load_locked();
  void save_locked() const;
  // Under the directory's lock: load, change(made_), save when change returns true.
  template <typename Change>
  void update(Change change);

  mutable std::mutex mutex_;  // guards made_ (a copy has its own)
  std::filesystem::path root_;
  MarkerSpec spec_;
  std::map<std::string, Entry> made_;  // by the path relative to root_, generic form
};

}  // namespace dt
