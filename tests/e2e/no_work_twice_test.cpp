// Issue 16, "Never do the same work twice": the released build cache (--cache-dir, --fresh), with
// released snapshots turned off (--snapshot-max-age 0) so that every run collects.
// Builds are counted by the profile's build command itself (a line per build in builds.txt), the
// way the listing tests count them.
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "support/cache_case.hpp"
#include "support/e2e.hpp"
#include "support/safety.hpp"
#include "util/process.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

// The build copies the prebuilt collector to {bin} and writes its side to builds.txt;
// `extra` changes the build command (a different key) without changing what it does.
nlohmann::json counting_build(const CacheCase& s, const std::string& extra = "") {
  return nlohmann::json::array({"sh", "-c",
                                "echo {side} >> '" + (s.counts / "builds.txt").string() +
                                    "' && cp '" + prebuilt_collector().string() + "' {bin}" +
                                    extra});
}

// A profile in its own directory; `toolchain` (when not null) is the profile's toolchain.
fs::path profile_for(const CacheCase& s, const std::string& dir, const nlohmann::json& build,
                     const nlohmann::json& toolchain = nullptr) {
  const fs::path where = fresh_dir(s.name + "-" + dir);
  fs::path path = write_profile(where, build, quick_steps());
  if (!toolchain.is_null()) {
    nlohmann::json doc = nlohmann::json::parse(read_text(path));
    doc["toolchain"] = toolchain;
    std::ofstream(path) << doc.dump(2) << "\n";
  }
  return path;
}

// How many builds of side ran.
int builds(const CacheCase& s, const std::string& side) {
  return count_lines(s.counts / "builds.txt", side);
}

// One run in a fresh work dir with the case's cache dir.
Result run(CacheCase& s, const fs::path& profile, std::vector<std::string> extra = {},
           const std::string& tag = "v1.0") {
  // The build cache alone: no released snapshot (snapshot_test.cpp) stands in for the build.
  extra.insert(extra.begin(), {"--snapshot-max-age", "0"});
  return run_case(s, extra, tag, profile).result;
}

std::string head_commit(const fs::path& clone, const std::string& rev) {
  const auto got = process::capture({"git", "rev-parse", rev + "^{commit}"}, clone);
  return got.out.substr(0, 7);
}

TEST(NoWorkTwice, ASecondRunOnTheSameTagBuildsNoReleasedSide) {
  CacheCase s = make_cache_case("cache-hit");
  const fs::path profile = profile_for(s, "profile", counting_build(s));
  const Result first = run(s, profile);
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_EQ(builds(s, "released"), 1);
  EXPECT_EQ(builds(s, "new"), 1);
  EXPECT_EQ(first.err.find("released build: cached"), std::string::npos) << first.err;

  const CaseRun again = run_case(s, {"--snapshot-max-age", "0"}, "v1.0", profile);
  const Result& second = again.result;
  const fs::path& work = again.work;
  ASSERT_EQ(second.status, 0) << second.err;
  EXPECT_EQ(builds(s, "released"), 1) << "the released side was built again";
  EXPECT_EQ(builds(s, "new"), 2);
  const std::string line =
      "released build: cached (commit " + head_commit(s.clone, "v1.0") + ", built ";
  EXPECT_NE(second.err.find("data-test: " + line), std::string::npos) << second.err;
  EXPECT_NE(read_text(work / "report.md").find("- " + line), std::string::npos);
  EXPECT_NE(read_report_json(work).at("released").at("build").get<std::string>().find("cached"),
            std::string::npos);
  // No worktree was made for the released side (its log says so: no build ran there).
  EXPECT_EQ(read_text(work / "logs" / "released.log").find("build"), std::string::npos)
      << read_text(work / "logs" / "released.log");
}

TEST(NoWorkTwice, AChangedTagCommitBuildCommandToolchainOrFreshBuildsAgain) {
  CacheCase s = make_cache_case("cache-miss");
  const fs::path profile = profile_for(s, "profile", counting_build(s), {"echo", "cc 1"});
  ASSERT_EQ(run(s, profile).status, 0);
  ASSERT_EQ(run(s, profile).status, 0);
  EXPECT_EQ(builds(s, "released"), 1);

  const Result fresh = run(s, profile, {"--fresh"});
  ASSERT_EQ(fresh.status, 0) << fresh.err;
  EXPECT_EQ(builds(s, "released"), 2) << "--fresh used the cache";

  ASSERT_EQ(run(s, profile_for(s, "toolchain", counting_build(s), {"echo", "cc 2"})).status, 0);
  EXPECT_EQ(builds(s, "released"), 3) << "another toolchain version used the cache";

  ASSERT_EQ(run(s, profile_for(s, "build", counting_build(s, " && true"), {"echo", "cc 1"})).status,
            0);
  EXPECT_EQ(builds(s, "released"), 4) << "another build command used the cache";

  ASSERT_NO_FATAL_FAILURE(tag_next_release(s.clone, "v2.0"));
  ASSERT_EQ(run(s, profile, {}, "v2.0").status, 0);
  EXPECT_EQ(builds(s, "released"), 5) << "another tag commit used the cache";
  // And the first key is still there.
  ASSERT_EQ(run(s, profile).status, 0);
  EXPECT_EQ(builds(s, "released"), 5);
}

TEST(NoWorkTwice, ACacheDirThatIsASymlinkOrNotDataTestsIsRefused) {
  CacheCase s = make_cache_case("cache-refuse");
  const fs::path profile = profile_for(s, "profile", counting_build(s));
  const fs::path foreign = fresh_dir("cache-refuse-foreign");
  std::ofstream(foreign / "photo.jpg") << "precious";
  const fs::path link = fresh_dir("cache-refuse-link") / "cache";
  fs::create_directory_symlink(fresh_dir("cache-refuse-target"), link);
  for (const fs::path& dir : {foreign, link}) {
    s.cache = dir;
    const Result refused = run(s, profile);
    EXPECT_EQ(refused.status, 2) << refused.err;
    EXPECT_EQ(count_lines_starting(refused.err, "data-test: error: cache dir '"), 1) << refused.err;
    EXPECT_NE(refused.err.find("--cache-dir"), std::string::npos) << refused.err;
  }
  EXPECT_EQ(builds(s, "released"), 0);
  EXPECT_EQ(read_text(foreign / "photo.jpg"), "precious");
  EXPECT_TRUE(fs::is_empty(fs::read_symlink(link)));
}

}  // namespace
}  // namespace dt::e2e
