#pragma once
// The released snapshot: a finished released collection kept on the operator's server as a
// marked database, so that a later run with the same key makes its released scratch database
// with CREATE DATABASE ... TEMPLATE instead of building and collecting. This module is the pure
// part: the key, the database's name, whether a snapshot found may be used, and its words.
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/cache_dir.hpp"
#include "core/owner.hpp"

namespace dt {

// Everything a released collection depends on besides the server it runs on.
struct SnapshotKey {
  std::string commit;   // the released tag's commit (full sha)
  std::string repos;    // the test repositories as shown (credentials masked), one a line, in order
  std::string profile;  // a digest of the profile's collection parts (Profile::collection)
  std::string keys;     // the fingerprint of the copy_rows tables' rows in the primary ("" : none)
  bool operator==(const SnapshotKey& other) const;
};

// Every snapshot's name starts with this; the rest is the key's digest.
inline constexpr std::string_view kSnapshotPrefix = "data_test_snap_";
// The side a snapshot's mark names.
inline constexpr std::string_view kSnapshotSide = "snapshot";

// The profile digest of a SnapshotKey.
std::string profile_digest(std::string_view canonical_profile);
// 16 hex digits over every field of the key.
std::string snapshot_digest(const SnapshotKey& key);
// kSnapshotPrefix + the digest: 31 bytes, within PostgreSQL's 63.
std::string snapshot_name(const SnapshotKey& key);

// The key as stored in a snapshot's mark (Mark::of), with the tag's name for the listing.
std::map<std::string, std::string> snapshot_fields(const SnapshotKey& key, std::string_view tag);
// The key a snapshot's mark records; nullopt when the mark is not a snapshot's.
std::optional<SnapshotKey> key_of(const Mark& mark);

// Whether a run may make its released database from the snapshot it found.
enum class SnapshotUse {
  use,        // same key, within the age allowed
  absent,     // there is no database of that name
  fresh,      // --fresh: snapshots are ignored
  disabled,   // --snapshot-max-age 0
  expired,    // older than --snapshot-max-age (or its time cannot be read)
  other_key,  // a data-test snapshot whose key differs from this run's (never used)
  not_ours,   // a database of that name without data-test's snapshot mark (never used)
  unproven,   // marked, but not provably this user's: another role owns it, it accepts
              // connections, or the cache dir has no record of it (never used or replaced)
  busy,       // another run holds its lock (it is neither used nor replaced)
};

struct SnapshotChoice {
  SnapshotUse use = SnapshotUse::absent;
  std::chrono::seconds age{0};  // the snapshot's age when it was found (use, expired)
};

// The choice for a snapshot database with `mark` (nullopt: none, or not data-test's), given
// whether a database of that name `exists`, this run's key, the time now, the age allowed, and
// whether it is `proven` this user's (see snapshot_proven): a mark alone is a comment any role
// can write on its own database.
SnapshotChoice choose_snapshot(bool exists, const std::optional<Mark>& mark, const SnapshotKey& key,
                               std::chrono::system_clock::time_point now,
                               std::chrono::seconds max_age, bool fresh, bool proven);

// "3h 05m", "2d 4h", "42s": an age as the report and the listing say it.
std::string age_text(std::chrono::seconds age);
// An ISO-8601 UTC time "2026-12-02T13:00:00Z" as a time point; nullopt when it is not one.
std::optional<std::chrono::system_clock::time_point> parse_utc(std::string_view iso);

// The snapshot a collection looked up, after the preflight.
struct SnapshotFound {
  std::string name;
  SnapshotKey key;
  SnapshotChoice choice;
  std::string collected;  // when the snapshot's released collection finished (its mark)
  bool locked = false;    // this run holds its lock: it may use or replace it
};

// One line on the terminal for what a run does with the snapshot it found.
std::string snapshot_line(const SnapshotFound& found);

// The released side's log beside a snapshot (<cache-dir>/snapshots/<name>.log), so that a run
// from the snapshot still has the collector's log lines as evidence. Replaced through reclaim.
void store_snapshot_log(CacheDir& cache, std::string_view name, const std::filesystem::path& log);
// Records in the cache dir that this user's data-test made snapshot `name` with `oid`
// (<cache-dir>/snapshots/<name>.json, itself recorded in the cache dir's marker).
void store_snapshot_record(CacheDir& cache, std::string_view name, const std::string& oid);
// The oid recorded for snapshot `name`; nullopt when the cache dir holds no record of it.
std::optional<std::string> snapshot_record(const CacheDir& cache, std::string_view name);
// That log's text; nullopt when the cache dir has none for name.
std::optional<std::string> snapshot_log(const CacheDir& cache, std::string_view name);

// One snapshot as `data-test snapshots list` shows it.
struct SnapshotRow {
  std::string name;
  Mark mark;
  long long bytes = 0;          // its size on disk
  std::chrono::seconds age{0};  // since its collection finished
  bool expired = false;         // older than --snapshot-max-age (or its time unreadable)
};

// The snapshots among data-test's marked databases, with their age at `now`.
std::vector<SnapshotRow> snapshot_rows(std::vector<std::pair<std::string, Mark>> marked,
                                       const std::vector<long long>& bytes,
                                       std::chrono::system_clock::time_point now,
                                       std::chrono::seconds max_age);
// The listing: one line per snapshot (name, profile, tag and commit, repositories, collected,
// age, size, and "expired"), then the total disk use.
std::string render_snapshots(const std::vector<SnapshotRow>& rows);
// "1.5 GiB", "12.0 MiB", "800 B".
std::string size_text(long long bytes);

// The report's words after "released collection: " for a released side from a snapshot.
std::string snapshot_text(std::string_view name, std::string_view collected,
                          std::chrono::seconds age);

}  // namespace dt
