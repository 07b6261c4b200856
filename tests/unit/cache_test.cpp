// `data-test cache [list|prune]`: the listing's words, and a prune on a real cache dir that
// removes only data-test's entries unused for longer than the age, keeping a planted one.
#include "run/cache.hpp"

#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/files.hpp"
#include "util/error.hpp"

namespace dt {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;
using testing_support::TempDir;
using Clock = std::chrono::system_clock;

TEST(CacheCommand, TheListingSaysOriginLastUseSizeAndWhatIsNotOurs) {
  const auto now = Clock::now();
  CacheEntry used;
  used.key = "0123456789abcdef";
  used.ours = true;
  used.commit = "3388fdc0123456789";
  used.built = "2026-11-25T19:52:18Z";
  used.used = now - std::chrono::hours(50);
  used.bytes = 3LL * 1024 * 1024;
  CacheEntry unknown_use = used;
  unknown_use.key = "fedcba9876543210";
  unknown_use.used.reset();
  CacheEntry planted;
  planted.key = "planted\x1b";
  planted.bytes = 4096;
  const std::string out =
      render_cached_builds({used, unknown_use, planted}, now, std::chrono::hours(24 * 30));
  EXPECT_THAT(out, HasSubstr("0123456789abcdef  commit 3388fdc, built 2026-11-25T19:52:18Z, last "
                             "used 2d 2h ago, 3.0 MiB\n"));
  EXPECT_THAT(out, HasSubstr("fedcba9876543210  commit 3388fdc, built 2026-11-25T19:52:18Z, last "
                             "use not recorded (an older data-test), 3.0 MiB, expired\n"));
  EXPECT_THAT(out, HasSubstr("planted\\x1b  not made by data-test (the cache dir has no record of "
                             "it): never pruned, 4.0 KiB\n"));
  EXPECT_THAT(out, HasSubstr("3 cached builds, 6.0 MiB on disk (1 not made by data-test, kept)\n"));
  EXPECT_THAT(render_cached_builds({used}, now, std::chrono::hours(1)),
              HasSubstr("3.0 MiB, expired\n1 cached build, 3.0 MiB on disk\n"));
  EXPECT_EQ(render_cached_builds({}, now, std::chrono::hours(1)), "no cached builds\n");
}

// A cache dir with a build used now (k-new), one used 40 days ago (k-old) and a planted one.
fs::path make_cache(const TempDir& dir) {
  CacheDir cache = CacheDir::open(dir.path() / "cache");
  const fs::path bin = dir.path() / "built" / "app";
  fs::create_directories(bin.parent_path());
  std::ofstream(bin) << "binary";
  store_build(cache, "k-new", "c", bin);
  store_build(cache, "k-old", "c", bin);
  cache.record_use(cache.path() / "builds" / "k-old", Clock::now() - std::chrono::hours(24 * 40));
  fs::create_directories(cache.path() / "builds" / "planted");
  std::ofstream(cache.path() / "builds" / "planted" / "keep") << "someone's";
  return cache.path();
}

struct Outcome {
  int status = 0;
  std::string out;
};

Outcome command(const std::vector<std::string>& args) {
  const Options options = parse_options(args);
  testing::internal::CaptureStdout();
  const int status = cache_command(options);
  return {status, testing::internal::GetCapturedStdout()};
}

TEST(CacheCommand, PruneRemovesOnlyOurEntriesUnusedForLongerThanTheAge) {
  TempDir dir;
  const fs::path cache = make_cache(dir);
  const Outcome listed = command({"cache", "--cache-dir", cache.string()});
  EXPECT_EQ(listed.status, 0);
  EXPECT_THAT(listed.out, HasSubstr("k-old  commit c, built "));
  EXPECT_THAT(listed.out, HasSubstr("last used 40d 0h ago"));
  EXPECT_TRUE(fs::exists(cache / "builds" / "k-old"));  // listing removes nothing

  const Outcome pruned = command({"cache", "prune", "--cache-dir", cache.string()});
  EXPECT_EQ(pruned.status, 0);
  EXPECT_THAT(pruned.out, HasSubstr("removed cached build 'k-old' ("));
  EXPECT_THAT(pruned.out, Not(HasSubstr("removed cached build 'k-new'")));
  EXPECT_FALSE(fs::exists(cache / "builds" / "k-old"));
  EXPECT_TRUE(fs::exists(cache / "builds" / "k-new" / "entry.json"));

  const Outcome all =
      command({"cache", "prune", "--cache-max-age", "0", "--cache-dir", cache.string()});
  EXPECT_EQ(all.status, 0);
  EXPECT_THAT(all.out, HasSubstr("removed cached build 'k-new' ("));
  EXPECT_FALSE(fs::exists(cache / "builds" / "k-new"));
  EXPECT_EQ(testing_support::read_file(cache / "builds" / "planted" / "keep"), "someone's");
  const std::string left = command({"cache", "--cache-dir", cache.string()}).out;
  EXPECT_THAT(left, HasSubstr("\n1 cached build, "));  // its size is the file system's
  EXPECT_THAT(left, HasSubstr(" on disk (1 not made by data-test, kept)\n"));
}

TEST(CacheCommand, AMissingCacheDirHoldsNoneAndIsNotMade) {
  TempDir dir;
  const Outcome listed = command({"cache", "prune", "--cache-dir", (dir.path() / "c").string()});
  EXPECT_EQ(listed.status, 0);
  EXPECT_THAT(listed.out, HasSubstr("no cached builds (the cache dir '"));
  EXPECT_FALSE(fs::exists(dir.path() / "c"));
}

TEST(CacheCommand, TheCacheDirsOwnershipChecksApply) {
  TempDir dir;
  const fs::path cache = make_cache(dir);
  fs::permissions(cache / "builds" / "k-old", fs::perms::others_write, fs::perm_options::add);
  try {
    cache_command(parse_options({"cache", "prune", "--cache-dir", cache.string()}));
    FAIL() << "pruned a cache dir others may write to";
  } catch (const Error& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("writable by group or others"));
  }
  EXPECT_TRUE(fs::exists(cache / "builds" / "k-old" / "entry.json"));
}

}  // namespace
}  // namespace dt
