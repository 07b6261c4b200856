// The released snapshot's pure part: its key and name, when a snapshot found may be used, the
// listing, and the collector's log kept beside it in the cache dir.
#include "snapshot.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/files.hpp"
#include "util/error.hpp"
#include "util/file.hpp"

namespace dt {
namespace {

using ::testing::HasSubstr;
using testing_support::read_file;
using testing_support::TempDir;
using namespace std::chrono_literals;

const SnapshotKey kKey{"783cd29f5108b3f1eb42bb80d7cdf3b18bff5b9b", "https://example.org/a",
                       "0123456789abcdef", "example_ops.api_keys=1:abc"};

std::chrono::system_clock::time_point at(const char* iso) {
  return *parse_utc(iso);
}

Mark snapshot_mark(const SnapshotKey& key, const char* collected = "2026-12-02T10:00:00Z") {
  Mark mark;
  mark.owner.run = "1234";
  mark.side = std::string(kSnapshotSide);
  mark.profile = "example";
  mark.created = collected;
  mark.of = snapshot_fields(key, "v1.0");
  return mark;
}

TEST(Snapshot, TheNameIsADigestOfEveryFieldOfTheKey) {
  const std::string name = snapshot_name(kKey);
  EXPECT_EQ(name, "data_test_snap_" + snapshot_digest(kKey));
  EXPECT_EQ(name.size(), 31u);
  EXPECT_EQ(snapshot_name(kKey), name);  // stable
  for (std::string SnapshotKey::*field :
       {&SnapshotKey::commit, &SnapshotKey::repos, &SnapshotKey::profile, &SnapshotKey::keys}) {
    SnapshotKey other = kKey;
    other.*field += "x";
    EXPECT_NE(snapshot_name(other), name);
  }
  // Fields cannot shift into each other.
  SnapshotKey a = kKey;
  SnapshotKey b = kKey;
  a.repos = "r1";
  a.profile = "p";
  b.repos = "r";
  b.profile = "1p";
  EXPECT_NE(snapshot_name(a), snapshot_name(b));
  EXPECT_NE(profile_digest("{\"a\":1}"), profile_digest("{\"a\":2}"));
}

TEST(Snapshot, TheMarkCarriesTheKeyThroughTheDatabaseComment) {
  const auto parsed = parse_mark(render_mark(snapshot_mark(kKey)));
  ASSERT_TRUE(parsed);
  ASSERT_TRUE(key_of(*parsed));
  EXPECT_TRUE(*key_of(*parsed) == kKey);
  EXPECT_EQ(parsed->of.at("tag"), "v1.0");
  Mark scratch = snapshot_mark(kKey);
  scratch.side = "released";
  EXPECT_FALSE(key_of(scratch));
  Mark partial = snapshot_mark(kKey);
  partial.of.erase("keys");
  EXPECT_FALSE(key_of(partial));
}

// Issue 23, item 2: a mark of this very key, young, but not proven this user's (another role
// owns the database, it accepts connections, or the cache dir has no record of its oid): never
// used, and never replaced (expired or another key's alike); --fresh and 0 still win.
TEST(Snapshot, AnUnprovenSnapshotIsNeitherUsedNorReplaced) {
  const auto now = at("2026-12-02T13:05:00Z");
  const auto mark = snapshot_mark(kKey);
  EXPECT_EQ(choose_snapshot(true, mark, kKey, now, 24h, false, false).use, SnapshotUse::unproven);
  EXPECT_EQ(choose_snapshot(true, mark, kKey, now, 1h, false, false).use, SnapshotUse::unproven);
  SnapshotKey other = kKey;
  other.commit += "x";
  EXPECT_EQ(choose_snapshot(true, mark, other, now, 24h, false, false).use, SnapshotUse::unproven);
  EXPECT_EQ(choose_snapshot(true, mark, kKey, now, 24h, true, false).use, SnapshotUse::fresh);
  EXPECT_EQ(choose_snapshot(true, mark, kKey, now, 0s, false, false).use, SnapshotUse::disabled);
  EXPECT_EQ(choose_snapshot(true, std::nullopt, kKey, now, 24h, false, false).use,
            SnapshotUse::not_ours);
  SnapshotFound found;
  found.name = "data_test_snap_x";
  found.choice.use = SnapshotUse::unproven;
  EXPECT_EQ(snapshot_line(found),
            "released snapshot: 'data_test_snap_x' was not made by this user's data-test, or "
            "changed since (another role owns it, it accepts connections, or the cache dir has "
            "no record of it); not using or replacing it; collecting");
}

TEST(Snapshot, OnlyTheSameKeyWithinTheAgeIsUsed) {
  const auto now = at("2026-12-02T13:05:00Z");
  const auto mark = snapshot_mark(kKey);
  const auto choice = choose_snapshot(true, mark, kKey, now, 24h, false, true);
  EXPECT_EQ(choice.use, SnapshotUse::use);
  EXPECT_EQ(choice.age, 3h + 5min);
  EXPECT_EQ(choose_snapshot(true, mark, kKey, now, 3h, false, true).use, SnapshotUse::expired);
  EXPECT_EQ(choose_snapshot(true, mark, kKey, now, 24h, true, true).use, SnapshotUse::fresh);
  EXPECT_EQ(choose_snapshot(true, mark, kKey, now, 0s, false, true).use, SnapshotUse::disabled);
  EXPECT_EQ(choose_snapshot(false, std::nullopt, kKey, now, 24h, false, true).use,
            SnapshotUse::absent);
  EXPECT_EQ(choose_snapshot(true, std::nullopt, kKey, now, 24h, false, true).use,
            SnapshotUse::not_ours);
  Mark scratch = mark;
  scratch.side = "released";
  EXPECT_EQ(choose_snapshot(true, scratch, kKey, now, 24h, false, true).use, SnapshotUse::not_ours);
  for (std::string SnapshotKey::*field :
       {&SnapshotKey::commit, &SnapshotKey::repos, &SnapshotKey::profile, &SnapshotKey::keys}) {
    SnapshotKey other = kKey;
    other.*field += "x";
    EXPECT_EQ(choose_snapshot(true, mark, other, now, 24h, false, true).use,
              SnapshotUse::other_key);
  }
  // A time that cannot be read, or one far in the future, is never trusted as young.
  EXPECT_EQ(
      choose_snapshot(true, snapshot_mark(kKey, "yesterday"), kKey, now, 24h, false, true).use,
      SnapshotUse::expired);
  EXPECT_EQ(choose_snapshot(true, snapshot_mark(kKey, "2027-01-01T00:00:00Z"), kKey, now, 24h,
                            false, true)
                .use,
            SnapshotUse::expired);
}

TEST(Snapshot, TimesAgesAndSizes) {
  EXPECT_FALSE(parse_utc("2026-12-02 10:00:00"));
  EXPECT_FALSE(parse_utc("2026-12-02T10:00:00+01"));
  EXPECT_EQ(at("2026-12-02T10:00:01Z") - at("2026-12-02T10:00:00Z"), 1s);
  EXPECT_EQ(age_text(42s), "42s");
  EXPECT_EQ(age_text(185s), "3m 05s");
  EXPECT_EQ(age_text(3h + 5min), "3h 05m");
  EXPECT_EQ(age_text(50h), "2d 2h");
  EXPECT_EQ(size_text(800), "800 B");
  EXPECT_EQ(size_text(12LL * 1024 * 1024), "12.0 MiB");
  EXPECT_EQ(size_text(3LL * 1024 * 1024 * 1024 / 2), "1.5 GiB");
}

TEST(Snapshot, TheListingShowsEachSnapshotAndTheTotalDiskUse) {
  Mark scratch;
  scratch.side = "released";
  std::vector<std::pair<std::string, Mark>> marked = {
      {"data_test_snap_a", snapshot_mark(kKey)},
      {"example_released", scratch},
      {"data_test_snap_b", snapshot_mark(kKey, "2026-11-01T00:00:00Z")}};
  const auto rows =
      snapshot_rows(marked, {1024LL * 1024, 5, 3LL * 1024 * 1024}, at("2026-12-02T13:05:00Z"), 24h);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_FALSE(rows[0].expired);
  EXPECT_TRUE(rows[1].expired);
  const std::string text = render_snapshots(rows);
  EXPECT_THAT(text, HasSubstr("data_test_snap_a  profile example, tag v1.0 (commit 783cd29), "
                              "repos https://example.org/a, collected 2026-12-02T10:00:00Z (3h "
                              "05m ago), 1.0 MiB\n"));
  EXPECT_THAT(text, HasSubstr("(31d 13h ago), 3.0 MiB, expired\n"));
  EXPECT_THAT(text, HasSubstr("2 snapshots, 4.0 MiB on disk\n"));
  EXPECT_EQ(render_snapshots({}), "no released snapshots on this server\n");
  // --snapshot-max-age 0: every snapshot counts as expired (prune drops them all).
  for (const auto& row : snapshot_rows(marked, {}, at("2026-12-02T13:05:00Z"), 0s)) {
    EXPECT_TRUE(row.expired);
  }
}

TEST(Snapshot, TheCollectorsLogIsKeptBesideTheSnapshotAndReplacedOnlyWithProof) {
  TempDir dir;
  CacheDir cache = CacheDir::open(dir.path() / "cache");
  EXPECT_FALSE(snapshot_log(cache, "data_test_snap_a"));
  file::write_private(dir.path() / "released.log", "first collection\n");
  store_snapshot_log(cache, "data_test_snap_a", dir.path() / "released.log");
  EXPECT_EQ(snapshot_log(cache, "data_test_snap_a"),
            std::optional<std::string>("first collection\n"));
  file::write_private(dir.path() / "released.log", "second collection\n");
  store_snapshot_log(cache, "data_test_snap_a", dir.path() / "released.log");
  EXPECT_EQ(snapshot_log(cache, "data_test_snap_a"),
            std::optional<std::string>("second collection\n"));
  // A file data-test did not make at that path is neither read nor replaced.
  const auto foreign = cache.path() / "snapshots" / "data_test_snap_b.log";
  file::write_private(foreign, "operator's notes\n");
  EXPECT_FALSE(snapshot_log(cache, "data_test_snap_b"));
  EXPECT_THROW(store_snapshot_log(cache, "data_test_snap_b", dir.path() / "released.log"), Error);
  EXPECT_EQ(read_file(foreign), "operator's notes\n");
}

// The record that proves a snapshot is this user's: written by data-test, read back only from a
// file the cache dir recorded; a planted one (another user's, or the operator's by hand) is no
// record, and neither is one that names another snapshot.
TEST(Snapshot, TheRecordOfAKeptSnapshotIsReadOnlyFromAFileDataTestMade) {
  TempDir dir;
  CacheDir cache = CacheDir::open(dir.path() / "cache");
  EXPECT_FALSE(snapshot_record(cache, "data_test_snap_a"));
  store_snapshot_record(cache, "data_test_snap_a", "16384");
  EXPECT_EQ(snapshot_record(cache, "data_test_snap_a"), std::optional<std::string>("16384"));
  store_snapshot_record(cache, "data_test_snap_a", "16999");
  EXPECT_EQ(snapshot_record(cache, "data_test_snap_a"), std::optional<std::string>("16999"));
  const auto planted = cache.path() / "snapshots" / "data_test_snap_b.json";
  file::write_private(planted, R"({"snapshot": "data_test_snap_b", "oid": "16500"})");
  EXPECT_FALSE(snapshot_record(cache, "data_test_snap_b"));
  EXPECT_THROW(store_snapshot_record(cache, "data_test_snap_b", "1"), Error);
  // A recorded file rewritten to name another snapshot is no record of this one.
  file::write_private(cache.path() / "snapshots" / "data_test_snap_a.json",
                      R"({"snapshot": "data_test_snap_c", "oid": "16999"})");
  EXPECT_FALSE(snapshot_record(cache, "data_test_snap_a"));
}

}  // namespace
}  // namespace dt
