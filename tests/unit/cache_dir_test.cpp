// The cache dir is data-test's own: made or adopted empty, marked, never a symlink nor a
// directory holding someone else's files.
#include "core/cache_dir.hpp"

#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include <gtest/gtest.h>

#include "support/files.hpp"
#include "util/error.hpp"

namespace dt {
namespace {

namespace fs = std::filesystem;
using testing_support::TempDir;

std::string error_of(const fs::path& path) {
  try {
    CacheDir::open(path);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(CacheDir, ANewOrEmptyDirectoryIsMadeDataTestsAndReopened) {
  TempDir dir;
  const CacheDir made = CacheDir::open(dir.path() / "a" / "cache");
  EXPECT_TRUE(fs::exists(made.path() / CacheDir::kMarker));
  EXPECT_EQ(fs::status(made.path()).permissions() & fs::perms::all, fs::perms::owner_all);
  fs::create_directory(dir.path() / "empty");
  EXPECT_NO_THROW(CacheDir::open(dir.path() / "empty"));
  EXPECT_NO_THROW(CacheDir::open(made.path()));
}

TEST(CacheDir, ASymlinkAForeignDirectoryOrAFileIsRefusedWithoutWriting) {
  TempDir dir;
  fs::create_directory(dir.path() / "target");
  fs::create_directory_symlink(dir.path() / "target", dir.path() / "link");
  EXPECT_NE(error_of(dir.path() / "link").find("is a symlink"), std::string::npos);
  EXPECT_TRUE(fs::is_empty(dir.path() / "target"));

  fs::create_directory(dir.path() / "foreign");
  std::ofstream(dir.path() / "foreign" / "notes.txt") << "mine";
  EXPECT_NE(error_of(dir.path() / "foreign").find("holds files data-test did not write"),
            std::string::npos);
  std::ofstream(dir.path() / "foreign" / CacheDir::kMarker) << R"({"magic": "other"})";
  EXPECT_NE(error_of(dir.path() / "foreign").find("did not write"), std::string::npos);

  std::ofstream(dir.path() / "file") << "x";
  EXPECT_NE(error_of(dir.path() / "file").find("not a directory"), std::string::npos);
  EXPECT_NE(error_of(dir.path() / "file").find("--cache-dir"), std::string::npos);
}

TEST(CacheDir, AnEmptyDirectoryIsMadePrivateWhenAdopted) {
  TempDir dir;
  const fs::path empty =
      dir.subdir("empty", fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec);
  EXPECT_NO_THROW(CacheDir::open(empty));
  EXPECT_EQ(fs::status(empty).permissions() & fs::perms::all, fs::perms::owner_all);
}

TEST(CacheDir, AMarkedDirectoryOpenToOthersOrOfAnotherUserIsRefused) {
  TempDir dir;
  const CacheDir made = CacheDir::open(dir.path() / "cache");
  fs::create_directories(made.path() / "builds" / "k");
  fs::permissions(made.path(), fs::perms::group_read | fs::perms::group_exec,
                  fs::perm_options::add);
  EXPECT_NE(error_of(made.path()).find("is open to group or others (mode 0750); run chmod 700"),
            std::string::npos)
      << error_of(made.path());
  fs::permissions(made.path(), fs::perms::owner_all);
  fs::permissions(made.path() / "builds" / "k", fs::perms::others_write, fs::perm_options::add);
  EXPECT_NE(error_of(made.path()).find("k' in the cache dir is writable by group or others"),
            std::string::npos)
      << error_of(made.path());
  fs::permissions(made.path() / "builds" / "k", fs::perms::others_write, fs::perm_options::remove);
  EXPECT_EQ(error_of(made.path()), "");
  if (::geteuid() != 0) GTEST_SKIP() << "only root can give a directory to another user";
  ASSERT_TRUE(testing_support::give_to_nobody(made.path()));
  EXPECT_NE(error_of(made.path()).find("is owned by uid 65534, not by you"), std::string::npos)
      << error_of(made.path());
}

TEST(CacheDir, OnlyRecordedEntriesHaveAProof) {
  TempDir dir;
  CacheDir cache = CacheDir::open(dir.path() / "cache");
  fs::create_directory(cache.path() / "ours");
  fs::create_directory(cache.path() / "theirs");
  cache.record(cache.path() / "ours");
  EXPECT_TRUE(cache.made(cache.path() / "ours"));
  EXPECT_FALSE(cache.made(cache.path() / "theirs"));
  // The record survives a reopen (another run).
  EXPECT_TRUE(CacheDir::open(cache.path()).made(cache.path() / "ours"));
  cache.forget(cache.path() / "ours");
  EXPECT_FALSE(CacheDir::open(cache.path()).made(cache.path() / "ours"));
}

TEST(CacheDir, TheLastUseIsRecordedForWhatDataTestMadeAndForgottenWithIt) {
  TempDir dir;
  CacheDir cache = CacheDir::open(dir.path() / "cache");
  const fs::path ours = cache.path() / "ours";
  const fs::path theirs = cache.path() / "theirs";
  fs::create_directory(ours);
  fs::create_directory(theirs);
  cache.record(ours, "digest");
  EXPECT_FALSE(cache.last_used(ours));  // recorded, never used (an older data-test's entry)
  const auto when = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));
  cache.record_use(ours, when);
  cache.record_use(theirs, when);  // no record of making it: no use is recorded either
  const CacheDir reopened = CacheDir::open(cache.path());
  EXPECT_EQ(reopened.last_used(ours), when);
  EXPECT_FALSE(reopened.last_used(theirs));
  EXPECT_EQ(reopened.digest(ours), "digest");  // "made" kept as it was
  cache.forget(ours);
  EXPECT_FALSE(CacheDir::open(cache.path()).last_used(ours));
}

TEST(CacheDir, WhatAnotherRunForgotIsForgottenAtTheNextRecord) {
  TempDir dir;
  CacheDir first = CacheDir::open(dir.path() / "cache");
  fs::create_directory(first.path() / "a");
  fs::create_directory(first.path() / "b");
  first.record(first.path() / "a");
  CacheDir second = CacheDir::open(first.path());
  second.forget(first.path() / "a");  // a prune, say
  first.record(first.path() / "b");   // would write back the stale record of a
  EXPECT_FALSE(CacheDir::open(first.path()).made(first.path() / "a"));
  EXPECT_TRUE(CacheDir::open(first.path()).made(first.path() / "b"));
}

TEST(CacheDir, TheDefaultIsUnderXdgCacheHomeElseHome) {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  const std::string saved = xdg ? xdg : "";
  const char* home = std::getenv("HOME");
  const std::string saved_home = home ? home : "";
  ::setenv("XDG_CACHE_HOME", "/x/cache", 1);
  EXPECT_EQ(CacheDir::default_path(), fs::path("/x/cache/data-test"));
  ::setenv("XDG_CACHE_HOME", "relative", 1);  // not absolute: ignored, as the spec says
  ::setenv("HOME", "/home/op", 1);
  EXPECT_EQ(CacheDir::default_path(), fs::path("/home/op/.cache/data-test"));
  if (home) ::setenv("HOME", saved_home.c_str(), 1);
  if (xdg) {
    ::setenv("XDG_CACHE_HOME", saved.c_str(), 1);
  } else {
    ::unsetenv("XDG_CACHE_HOME");
  }
}

}  // namespace
}  // namespace dt
