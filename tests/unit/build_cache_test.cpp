// The released build cache: the key changes with each of its inputs, a stored build comes back
// byte for byte, and an entry whose file changed since is no entry.
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

TEST(BuildCache, AStoredBuildIsRestoredAndAChangedEntryIsNot) {
  TempDir dir;
  CacheDir cache = CacheDir::open(dir.path() / "cache");
  const fs::path bin = dir.path() / "built";
  std::ofstream(bin) << "binary v1";
  EXPECT_FALSE(restore_build(cache, "k1", dir.path() / "out" / "bin"));
  store_build(cache, "k1", "0123456789", bin);
  const auto got = restore_build(cache, "k1", dir.path() / "out" / "bin");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->commit, "0123456789");
  EXPECT_EQ(slurp(dir.path() / "out" / "bin"), "binary v1");
  EXPECT_EQ(fs::status(dir.path() / "out" / "bin").permissions() & fs::perms::owner_exec,
            fs::perms::owner_exec);
  EXPECT_FALSE(restore_build(cache, "k2", dir.path() / "other"));
  EXPECT_FALSE(fs::exists(dir.path() / "other"));

  // Stored again (a --fresh build): the entry is replaced through reclaim.
  std::ofstream(bin, std::ios::trunc) << "binary v2";
  store_build(cache, "k1", "0123456789", bin);
  ASSERT_TRUE(restore_build(cache, "k1", dir.path() / "out" / "bin"));
  EXPECT_EQ(slurp(dir.path() / "out" / "bin"), "binary v2");

  // Changed behind data-test's back: not used.
  std::ofstream(cache.path() / "builds" / "k1" / "bin", std::ios::app) << "tampered";
  EXPECT_FALSE(restore_build(cache, "k1", dir.path() / "third"));
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

TEST(BuildCache, TheToolchainVersionIsTheCommandsOutput) {
  TempDir dir;
  EXPECT_EQ(toolchain_version({}, dir.path()), "");
  EXPECT_EQ(toolchain_version({"echo", " go1.22 "}, dir.path()), "go1.22");
  EXPECT_THROW(toolchain_version({"false"}, dir.path()), Error);
}

}  // namespace
}  // namespace dt
