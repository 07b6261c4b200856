// Issue 27, "the build cache grows without bound": `data-test cache [list|prune]` on the real
// binary. A run caches its released build; the listing shows it with what it was built from, its
// last use and its size; a prune at --cache-max-age 0 removes it (no sleep: 0 is every entry), a
// longer age keeps it, and a directory planted under builds/ without the cache dir's record is
// listed as not data-test's and never removed.
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "support/cache_case.hpp"
#include "support/e2e.hpp"
#include "support/safety.hpp"
#include "util/process.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

CacheCase make_case(const std::string& name) {
  CacheCase s = make_cache_case(name);
  s.profile = write_profile(fresh_dir(name + "-profile"), fast_build(), quick_steps());
  return s;
}

// One run in a fresh work dir with the case's cache dir; snapshots off, so that only the build
// cache is in play.
Result run(CacheCase& s) {
  return run_case(s, {"--snapshot-max-age", "0"}).result;
}

Result cache(const CacheCase& s, std::vector<std::string> args) {
  args.insert(args.begin(), "cache");
  args.insert(args.end(), {"--cache-dir", s.cache.string()});
  return run_data_test(args);
}

// The line of the listing that starts with key + two spaces ("" when none).
std::string line_of(const std::string& listing, const std::string& key) {
  std::istringstream in(listing);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(key + "  ", 0) == 0) return line;
  }
  return "";
}

// The one key data-test cached (the only directory under builds/ but `planted`).
std::string cached_key(const CacheCase& s) {
  std::string key;
  for (const auto& entry : fs::directory_iterator(s.cache / "builds")) {
    const std::string name = entry.path().filename().string();
    if (name == "planted") continue;
    EXPECT_EQ(key, "") << "two cached builds";
    key = name;
  }
  return key;
}

std::string short_commit(const CacheCase& s) {
  return process::capture({"git", "rev-parse", "v1.0^{commit}"}, s.clone).out.substr(0, 7);
}

TEST(CachePrune, ARunsBuildIsListedWithItsSizeAndPrunedAtZeroAndAPlantedOneIsKept) {
  CacheCase s = make_case("cache-prune");
  ASSERT_EQ(run(s).status, 0);
  const std::string key = cached_key(s);
  ASSERT_FALSE(key.empty());
  fs::create_directories(s.cache / "builds" / "planted");
  std::ofstream(s.cache / "builds" / "planted" / "notes.txt") << "someone's";

  const Result listed = cache(s, {"list"});
  ASSERT_EQ(listed.status, 0) << listed.err;
  const std::string line = line_of(listed.out, key);
  EXPECT_NE(line.find("commit " + short_commit(s) + ", built "), std::string::npos) << listed.out;
  EXPECT_NE(line.find(", last used "), std::string::npos) << line;
  EXPECT_NE(line.find(" ago, "), std::string::npos) << line;
  const std::string unit = line.substr(line.size() < 4 ? 0 : line.size() - 4);
  EXPECT_TRUE(unit == " MiB" || unit == " KiB") << line;  // the collector's size, not bytes
  EXPECT_NE(line_of(listed.out, "planted")
                .find("not made by data-test (the cache dir has no record of it): never pruned"),
            std::string::npos)
      << listed.out;
  EXPECT_NE(listed.out.find("2 cached builds, "), std::string::npos) << listed.out;

  // Used seconds ago: the default age (30 days) and an hour keep it.
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"prune"}, {"prune", "--cache-max-age", "1h"}}) {
    const Result kept = cache(s, args);
    EXPECT_EQ(kept.status, 0) << kept.err;
    EXPECT_EQ(kept.out.find("removed"), std::string::npos) << kept.out;
    EXPECT_NE(kept.out.find("pruned 0 B on disk"), std::string::npos) << kept.out;
    EXPECT_TRUE(fs::exists(s.cache / "builds" / key / "entry.json"));
  }

  const Result pruned = cache(s, {"prune", "--cache-max-age", "0s"});
  EXPECT_EQ(pruned.status, 0) << pruned.err;
  EXPECT_NE(pruned.out.find("removed cached build '" + key + "' ("), std::string::npos)
      << pruned.out;
  EXPECT_FALSE(fs::exists(s.cache / "builds" / key));
  EXPECT_EQ(read_text(s.cache / "builds" / "planted" / "notes.txt"), "someone's");
  EXPECT_EQ(pruned.err, "");

  // The next run builds the tag again and caches it again.
  const Result again = run(s);
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(again.err.find("released build: cached"), std::string::npos) << again.err;
  EXPECT_TRUE(fs::exists(s.cache / "builds" / key / "entry.json"));
}

TEST(CachePrune, ASymlinkUnderBuildsIsRefusedInOneLineAndNothingIsRemoved) {
  CacheCase s = make_case("cache-prune-link");
  ASSERT_EQ(run(s).status, 0);
  const std::string key = cached_key(s);
  const fs::path target = fresh_dir("cache-prune-link-target");
  std::ofstream(target / "precious") << "precious";
  fs::create_directory_symlink(target, s.cache / "builds" / "link");
  for (const char* action : {"list", "prune"}) {
    const Result refused = cache(s, {action, "--cache-max-age", "0"});
    EXPECT_EQ(refused.status, 2) << refused.err;
    EXPECT_EQ(count_lines_starting(refused.err, "data-test: error: "), 1) << refused.err;
    EXPECT_NE(refused.err.find("link"), std::string::npos) << refused.err;
    EXPECT_NE(refused.err.find("--cache-dir"), std::string::npos) << refused.err;
  }
  EXPECT_TRUE(fs::exists(s.cache / "builds" / key / "entry.json"));
  EXPECT_EQ(read_text(target / "precious"), "precious");
}

}  // namespace
}  // namespace dt::e2e
