// The released build cache: the key changes with each of its inputs, a stored build (its whole
// output directory) comes back byte for byte, and an entry the cache dir's record does not prove
// (a file changed or planted, the entry replaced) is no entry, is listed as not data-test's and
// is never removed.
#include "build_cache.hpp"

#include <fstream>

#include <gtest/gtest.h>

#include "support/files.hpp"
#include "util/error.hpp"

namespace dt {
namespace {

namespace fs = std::filesystem;
using testing_support::TempDir;

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(BuildCache, TheKeyChangesWithTheCommitTheBuildCommandAndTheToolchain) {
  const std::vector<std::string> build{"go", "build", "-o", "{bin}"};
  const std::string key = build_cache_key("abc", build, "go1.22");
  EXPECT_EQ(key.size(), 16u);
  EXPECT_EQ(key, build_cache_key("abc", build, "go1.22"));
  EXPECT_NE(key, build_cache_key("abd", build, "go1.22"));
  EXPECT_NE(key, build_cache_key("abc", {"go", "build", "-o", "{bin}", "-race"}, "go1.22"));
  EXPECT_NE(key, build_cache_key("abc", build, "go1.23"));
  // Field boundaries cannot shift: ["a b"] is not ["a", "b"].
  EXPECT_NE(build_cache_key("c", {"a b"}, ""), build_cache_key("c", {"a", "b"}, ""));
}

TEST(BuildCache, TheReportSaysCachedWithTheShortCommitAndWhen) {
  EXPECT_EQ(cached_build_text({"0123456789abcdef", "2026-11-25T19:00:00Z"}),
            "cached (commit 0123456, built 2026-11-25T19:00:00Z)");
}

// A build's output directory holding its executable `app` with content.
fs::path built_app(const TempDir& dir, const std::string& content) {
  fs::path bin = dir.path() / "built" / "app";
  fs::create_directories(bin.parent_path());
  std::ofstream(bin) << content;
  return bin;
}

TEST(BuildCache, AStoredBuildIsRestoredAndAChangedEntryIsNot) {
  TempDir dir;
  CacheDir cache = CacheDir::open(dir.path() / "cache");
  const fs::path bin = dir.path() / "built" / "app";
  fs::create_directories(bin.parent_path());
  std::ofstream(bin) << "binary v1";
  EXPECT_FALSE(restore_build(cache, "k1", dir.path() / "out" / "app"));
  store_build(cache, "k1", "0123456789", bin);
  const auto got = restore_build(cache, "k1", dir.path() / "out" / "app");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->commit, "0123456789");
  EXPECT_EQ(slurp(dir.path() / "out" / "app"), "binary v1");
  EXPECT_EQ(fs::status(dir.path() / "out" / "app").permissions() & fs::perms::owner_exec,
            fs::perms::owner_exec);
  EXPECT_FALSE(restore_build(cache, "k2", dir.path() / "other" / "app"));
  EXPECT_FALSE(fs::exists(dir.path() / "other"));

  // Stored again (a --fresh build): the entry is replaced through reclaim.
  std::ofstream(bin, std::ios::trunc) << "binary v2";
  store_build(cache, "k1", "0123456789", bin);
  ASSERT_TRUE(restore_build(cache, "k1", dir.path() / "out" / "app"));
  EXPECT_EQ(slurp(dir.path() / "out" / "app"), "binary v2");

  // Changed behind data-test's back: not used.
  std::ofstream(cache.path() / "builds" / "k1" / "files" / "app", std::ios::app) << "tampered";
  EXPECT_FALSE(restore_build(cache, "k1", dir.path() / "third" / "app"));
  EXPECT_FALSE(fs::exists(dir.path() / "third" / "app"));
}

TEST(BuildCache, TheWholeOutputDirectoryComesBackButTheStamp) {
  TempDir dir;
  CacheDir cache = CacheDir::open(dir.path() / "cache");
  const fs::path bin = dir.path() / "built" / "app";
  fs::create_directories(bin.parent_path() / "share");
  std::ofstream(bin) << "binary";
  std::ofstream(bin.parent_path() / "app.schema.sql") << "create table t ();";
  std::ofstream(bin.parent_path() / "share" / "data.txt") << "data";
  std::ofstream(bin.parent_path() / "app.build.json") << "{}";
  store_build(cache, "k1", "c", bin, bin.parent_path() / "app.build.json");
  ASSERT_TRUE(restore_build(cache, "k1", dir.path() / "out" / "app"));
  EXPECT_EQ(slurp(dir.path() / "out" / "app.schema.sql"), "create table t ();");
  EXPECT_EQ(slurp(dir.path() / "out" / "share" / "data.txt"), "data");
  EXPECT_FALSE(fs::exists(dir.path() / "out" / "app.build.json"));
}

TEST(BuildCache, AnOutputWithASymlinkIsNotCachedAndNothingIsWritten) {
  TempDir dir;
  CacheDir cache = CacheDir::open(dir.path() / "cache");
  const fs::path bin = built_app(dir, "binary");
  fs::create_symlink("/etc/passwd", bin.parent_path() / "link");
  try {
    store_build(cache, "k1", "c", bin);
    FAIL() << "cached an output holding a symlink";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("link' is not a regular file or a directory"),
              std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(fs::exists(cache.path() / "builds" / "k1"));
}

TEST(BuildCache, AnEntryIsRestoredOnlyAsTheCacheDirsRecordProvesIt) {
  TempDir dir;
  CacheDir cache = CacheDir::open(dir.path() / "cache");
  const fs::path bin = built_app(dir, "binary");
  store_build(cache, "k1", "c", bin);
  const fs::path entry = cache.path() / "builds" / "k1";
  // A file planted beside the stored ones: not the files stored.
  std::ofstream(entry / "files" / "extra") << "planted";
  EXPECT_FALSE(restore_build(cache, "k1", dir.path() / "a" / "app"));
  fs::remove(entry / "files" / "extra");
  ASSERT_TRUE(restore_build(cache, "k1", dir.path() / "a" / "app"));
  // Another binary with its entry.json rewritten to match it: the record's digest does not.
  std::ofstream(entry / "files" / "app", std::ios::trunc) << "other";
  std::string doc = slurp(entry / "entry.json");
  std::ofstream(entry / "entry.json", std::ios::trunc) << doc;  // unchanged text, changed file
  EXPECT_FALSE(restore_build(cache, "k1", dir.path() / "b" / "app"));
  // The entry directory replaced by a copy: not the directory data-test recorded.
  // (Renamed away first, so that the new directory cannot get the old one's inode.)
  fs::rename(entry, cache.path() / "builds" / "old");
  fs::create_directories(entry / "files");
  std::ofstream(entry / "files" / "app") << "binary";
  std::ofstream(entry / "entry.json") << doc;
  EXPECT_FALSE(restore_build(cache, "k1", dir.path() / "c" / "app"));
  EXPECT_FALSE(fs::exists(dir.path() / "c" / "app"));
}

TEST(BuildCache, AnEntryDataTestDidNotRecordIsNeverReplaced) {
  TempDir dir;
  CacheDir cache = CacheDir::open(dir.path() / "cache");
  fs::create_directories(cache.path() / "builds" / "k1");
  std::ofstream(cache.path() / "builds" / "k1" / "keep") << "someone's";
  const fs::path bin = dir.path() / "built";
  std::ofstream(bin) << "binary";
  EXPECT_THROW(store_build(cache, "k1", "c", bin), Error);
  EXPECT_EQ(slurp(cache.path() / "builds" / "k1" / "keep"), "someone's");
}

const CacheEntry* entry_named(const std::vector<CacheEntry>& entries, const std::string& key) {
  for (const auto& entry : entries) {
    if (entry.key == key) return &entry;
  }
  return nullptr;
}

TEST(BuildCache, TheEntriesAreListedWithTheirOriginUseAndSizeAndAPlantedOneIsNotOurs) {
  TempDir dir;
  CacheDir cache = CacheDir::open(dir.path() / "cache");
  EXPECT_TRUE(cached_builds(cache).empty());
  const auto before = std::chrono::system_clock::now() - std::chrono::seconds(1);
  store_build(cache, "k1", "0123456789", built_app(dir, std::string(10000, 'x')));
  fs::create_directories(cache.path() / "builds" / "planted" / "files");
  std::ofstream(cache.path() / "builds" / "planted" / "entry.json") << R"({"commit": "fake"})";
  const auto entries = cached_builds(cache);
  ASSERT_EQ(entries.size(), 2u);
  const CacheEntry* ours = entry_named(entries, "k1");
  ASSERT_NE(ours, nullptr);
  EXPECT_TRUE(ours->ours);
  EXPECT_EQ(ours->commit, "0123456789");
  EXPECT_EQ(ours->built.size(), 20u);
  ASSERT_TRUE(ours->used);
  EXPECT_GE(*ours->used, before);  // stored is used
  EXPECT_GE(ours->bytes, 10000);
  const CacheEntry* planted = entry_named(entries, "planted");
  ASSERT_NE(planted, nullptr);
  EXPECT_FALSE(planted->ours);
  EXPECT_EQ(planted->commit, "");  // a file anyone could write is not read for its words
  EXPECT_GT(planted->bytes, 0);
}

TEST(BuildCache, AStoreAndARestoreRecordTheirUse) {
  TempDir dir;
  CacheDir cache = CacheDir::open(dir.path() / "cache");
  store_build(cache, "k1", "c", built_app(dir, "binary"));
  const fs::path entry = cache.path() / "builds" / "k1";
  EXPECT_TRUE(cache.last_used(entry));  // a store is a use
  const auto long_ago = std::chrono::system_clock::time_point(std::chrono::seconds(1'000'000'000));
  cache.record_use(entry, long_ago);
  ASSERT_TRUE(restore_build(cache, "k1", dir.path() / "out" / "app"));
  const auto used = CacheDir::open(cache.path()).last_used(entry);
  ASSERT_TRUE(used);
  EXPECT_GT(*used, long_ago + std::chrono::hours(24 * 365));
}

TEST(BuildCache, AnEntryExpiresWhenUnusedForLongerThanTheAgeOrNeverRecordedOrAtZero) {
  const auto now = std::chrono::system_clock::now();
  CacheEntry entry;
  entry.ours = true;
  entry.used = now - std::chrono::hours(2);
  EXPECT_FALSE(build_expired(entry, now, std::chrono::hours(3)));
  EXPECT_TRUE(build_expired(entry, now, std::chrono::hours(1)));
  EXPECT_TRUE(build_expired(entry, now, std::chrono::seconds(0)));  // 0: every one
  entry.used.reset();
  EXPECT_TRUE(build_expired(entry, now, std::chrono::hours(24 * 365)));
  entry.ours = false;  // not data-test's: never, whatever its age
  EXPECT_FALSE(build_expired(entry, now, std::chrono::seconds(0)));
}

TEST(BuildCache, OnlyAnEntryTheRecordProvesIsRemovedAndNeverThroughASymlink) {
  TempDir dir;
  CacheDir cache = CacheDir::open(dir.path() / "cache");
  store_build(cache, "k1", "c", built_app(dir, "binary"));
  store_build(cache, "k2", "c", built_app(dir, "binary"));
  fs::create_directories(cache.path() / "builds" / "planted");
  std::ofstream(cache.path() / "builds" / "planted" / "keep") << "someone's";
  auto entries = cached_builds(cache);
  ASSERT_EQ(entries.size(), 3u);
  remove_build(cache, *entry_named(entries, "k1"));
  EXPECT_FALSE(fs::exists(cache.path() / "builds" / "k1"));
  EXPECT_FALSE(CacheDir::open(cache.path()).made(cache.path() / "builds" / "k1"));
  EXPECT_THROW(remove_build(cache, *entry_named(entries, "planted")), Error);
  EXPECT_EQ(slurp(cache.path() / "builds" / "planted" / "keep"), "someone's");
  // k2 swapped for a symlink to a directory of the same content after the listing.
  const fs::path elsewhere = dir.path() / "elsewhere";
  fs::rename(cache.path() / "builds" / "k2", elsewhere);
  fs::create_directory_symlink(elsewhere, cache.path() / "builds" / "k2");
  EXPECT_THROW(remove_build(cache, *entry_named(entries, "k2")), Error);
  EXPECT_TRUE(fs::exists(elsewhere / "entry.json"));
}

TEST(BuildCache, TheToolchainVersionIsTheCommandsOutput) {
  TempDir dir;
  EXPECT_EQ(toolchain_version({}, dir.path()), "");
  EXPECT_EQ(toolchain_version({"echo", " go1.22 "}, dir.path()), "go1.22");
  EXPECT_THROW(toolchain_version({"false"}, dir.path()), Error);
}

}  // namespace
}  // namespace dt
