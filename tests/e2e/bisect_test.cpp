// Issue 28, "Bisect": `data-test bisect` on the real binary with the example application. Nine
// commits follow v1.0: notes, a commit whose build fails (its schema.sql holds build.sh's
// raw-string delimiter), its fix, the commit that makes commit_parents.parent_sha a foreign key
// that is not deferrable (fk_regression: the collector writes a child's parent links before the
// parent, so every link is lost), and more notes. The bisect names that commit after five runs
// (the last commit, then 3 which does not build, skipped and named, then 4, 6 and 5), builds
// the released side once, and leaves the operator's clone as it was: HEAD, index, working tree,
// refs and worktrees byte for byte; a second bisect with --upgrade-only takes every build from
// the cache and names the same commit. An interrupted bisect cleans up as a run does.
#include <cmath>
#include <csignal>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/bisect_history.hpp"
#include "support/e2e.hpp"
#include "support/live_child.hpp"
#include "support/safety.hpp"
#include "util/proc.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

// What the operator's clone is: HEAD, status, index bytes, refs, worktrees.
std::string clone_state(const fs::path& clone) {
  return clone_git(clone, {"rev-parse", "HEAD"}) + clone_git(clone, {"status", "--porcelain"}) +
         read_text(clone / ".git" / "index") + clone_git(clone, {"for-each-ref"}) +
         clone_git(clone, {"worktree", "list", "--porcelain"}) +
         clone_git(clone, {"stash", "list"});
}

// `data-test bisect <flag>` with the standard arguments of a run.
Result bisect(const fs::path& clone, const fs::path& work, const fs::path& config,
              const std::string& flag) {
  std::vector<std::string> args = {"bisect", flag};
  for (const auto& arg : standard_args(clone, work, config)) args.push_back(arg);
  return run_data_test(args);
}

TEST(Bisect, NamesTheCommitThatAddsANonDeferrableForeignKeyAndSkipsOneThatDoesNotBuild) {
  const fs::path clone = make_app_clone("bisect", "");
  const auto shas = make_bisect_history(clone, 9, 5, 3);
  const auto config = make_operator_config(clone.parent_path());
  const fs::path work = fresh_dir("bisect-work");
  const std::string before = clone_state(clone);

  const auto r = bisect(clone, work, config, "--no-upgrade");
  ASSERT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_EQ(clone_state(clone), before);

  const auto doc = nlohmann::json::parse(read_text(work / "bisect.json"));
  const auto& first = doc.at("first_failing");
  EXPECT_EQ(first.at("commit"), shas[5]) << doc.dump(2);
  EXPECT_EQ(first.at("subject"), kForeignKeySubject);
  EXPECT_EQ(first.at("date").get<std::string>().size(), 25u) << first.at("date");
  ASSERT_EQ(first.at("tables").size(), 1u) << doc.dump(2);
  EXPECT_EQ(first.at("tables")[0], nlohmann::json::parse(R"({"schema": "example_data",
      "table": "commit_parents", "verdict": "FAIL", "cause": "FK_ADDED", "check": "fresh"})"));

  // The last commit first, then the middle (3: no build, skipped), its neighbour, and halving.
  const std::vector<std::pair<std::size_t, std::string>> expected = {
      {8, "FAIL"}, {3, "SKIP"}, {4, "PASS"}, {6, "FAIL"}, {5, "FAIL"}};
  ASSERT_EQ(doc.at("tested").size(), expected.size()) << doc.dump(2);
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto& step = doc.at("tested")[i];
    EXPECT_EQ(step.at("commit"), shas[expected[i].first]) << i;
    EXPECT_EQ(step.at("verdict"), expected[i].second) << i;
    EXPECT_EQ(step.at("skipped"), expected[i].second == "SKIP") << i;
  }
  EXPECT_NE(doc.at("tested")[1].at("reason").get<std::string>().find("new build failed"),
            std::string::npos);
  // About log2(n) + 1 runs, one more for the skipped commit; the released side built once.
  EXPECT_EQ(doc.at("candidates"), 9);
  EXPECT_LE(doc.at("steps").get<double>(), std::ceil(std::log2(9.0)) + 2);
  EXPECT_EQ(count_lines_starting(r.err, "data-test: [new] build: "), 5) << r.err;
  EXPECT_EQ(count_lines_starting(r.err, "data-test: [released] build: "), 1) << r.err;

  // The answer on stdout: the commit, its table with its cause, every step with its verdict.
  EXPECT_NE(r.out.find("first failing: " + shas[5]), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("FAIL example_data.commit_parents (cause FK_ADDED)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("SKIP " + shas[3].substr(0, 7) +
                       " a schema comment that breaks the "
                       "build (skipped: "),
            std::string::npos)
      << r.out;
  // Each candidate ran in its own work dir; its worktree is gone, its report stays.
  for (const auto& [index, verdict] : expected) {
    const fs::path dir = work / "bisect" / shas[index];
    EXPECT_TRUE(fs::exists(dir / "report.md")) << dir;
    EXPECT_FALSE(fs::exists(dir / "new-src")) << dir;
  }
  EXPECT_FALSE(database_exists("example_released"));
  EXPECT_FALSE(database_exists("example_new"));

  // Again, the upgrade only, in a new work dir: the released side is the snapshot the first
  // bisect kept, each commit's build comes from the cache (only the one that does not build is
  // built again), and the same commit FAILs its upgrade.
  const fs::path again = fresh_dir("bisect-upgrade");
  const auto u = bisect(clone, again, config, "--upgrade-only");
  ASSERT_EQ(u.status, 1) << u.out << u.err;
  EXPECT_EQ(clone_state(clone), before);
  const auto up = nlohmann::json::parse(read_text(again / "bisect.json"));
  EXPECT_EQ(up.at("first_failing").at("commit"), shas[5]) << up.dump(2);
  for (const auto& table : up.at("first_failing").at("tables")) {
    EXPECT_NE(table.at("check"), "fresh") << table;
  }
  EXPECT_EQ(count_lines_starting(u.err, "data-test: [released] build: "), 0) << u.err;
  EXPECT_EQ(count_lines_starting(u.err, "data-test: [new] build: "), 1) << u.err;
  EXPECT_EQ(count_lines_starting(u.err, "data-test: new build: cached "), 4) << u.err;
}

// Nothing after the tag: no commit fails (exit 0, no run). The uncommitted changes are the last
// candidate, here the only one: HEAD's sha, the working tree's subject, a work dir of its own.
TEST(Bisect, UncommittedChangesAreTheLastCandidate) {
  const fs::path clone = make_app_clone("bisect-tree", "");
  const auto config = make_operator_config(clone.parent_path());
  const std::string tag = clone_git(clone, {"rev-parse", "HEAD"}).substr(0, 40);
  const fs::path none = fresh_dir("bisect-none");
  const auto clean = bisect(clone, none, config, "--no-upgrade");
  ASSERT_EQ(clean.status, 0) << clean.out << clean.err;
  EXPECT_NE(clean.out.find("no commit fails"), std::string::npos) << clean.out;
  auto doc = nlohmann::json::parse(read_text(none / "bisect.json"));
  EXPECT_EQ(doc.at("outcome"), "no_candidates");
  EXPECT_EQ(doc.at("tested").size(), 0u);
  EXPECT_FALSE(fs::exists(none / "bisect"));

  clone_git(clone,
            {"apply", std::string(DATA_TEST_EXAMPLE_APP) + "/scenarios/fk_regression.patch"});
  const std::string before = clone_state(clone);
  const fs::path work = fresh_dir("bisect-tree-work");
  const auto dirty = bisect(clone, work, config, "--no-upgrade");
  ASSERT_EQ(dirty.status, 1) << dirty.out << dirty.err;
  EXPECT_EQ(clone_state(clone), before);
  doc = nlohmann::json::parse(read_text(work / "bisect.json"));
  const auto& first = doc.at("first_failing");
  EXPECT_EQ(first.at("commit"), tag) << doc.dump(2);
  EXPECT_EQ(first.at("working_tree"), true);
  EXPECT_EQ(first.at("subject"), "uncommitted changes in the working tree");
  EXPECT_EQ(first.at("date"), "");
  EXPECT_EQ(first.at("work_dir"), (work / "bisect" / "working-tree").string());
  EXPECT_EQ(first.at("tables").size(), 1u) << doc.dump(2);
  EXPECT_EQ(doc.at("steps"), 1);
}

// A bisect interrupted while its first candidate's new side collects: a second bisect in the same
// work dir is refused meanwhile (the lock), and the interrupt ends the child tree, removes both
// worktrees, drops the databases and leaves bisect.json saying where it stopped, as a run does.
TEST(Bisect, AnInterruptCleansUpAsARunDoesAndASecondBisectIsRefusedMeanwhile) {
  const fs::path clone = make_app_clone("bisect-int", "");
  const auto shas = make_bisect_history(clone, 2, 1);
  const fs::path work = fresh_dir("bisect-int-work");
  const auto config = make_operator_config(work.parent_path());
  const auto profile = write_profile(
      work.parent_path(), fast_build(),
      nlohmann::json::array(
          {collector_step({"migrate", "--skip-views"}),
           sh_step("if [ {side} = new ]; then " + slow_script("SLOW-MARKER") + "; fi")}));
  const std::string before = clone_state(clone);
  auto args = run_args(clone, work, config, profile);
  args.insert(args.begin(), "bisect");
  LiveChild child(args);
  ASSERT_TRUE(child.wait_for_stdout("[new] SLOW-MARKER")) << child.out() << child.err();

  const auto second = run_data_test(args);
  EXPECT_EQ(second.status, 2) << second.err;
  EXPECT_NE(second.err.find("is in use by another data-test run"), std::string::npos) << second.err;

  const fs::path candidate = work / "bisect" / shas[1];
  const int grandchild = read_pid(candidate / "grandchild.pid");
  child.signal(SIGINT);
  EXPECT_EQ(child.wait(), 130) << child.err();
  ASSERT_GT(grandchild, 0);
  EXPECT_FALSE(proc::alive(grandchild)) << "grandchild " << grandchild << " orphaned";
  EXPECT_EQ(clone_state(clone), before);
  EXPECT_FALSE(fs::exists(candidate / "new-src"));
  EXPECT_FALSE(fs::exists(candidate / "released-src"));
  EXPECT_FALSE(database_exists("example_released"));
  EXPECT_FALSE(database_exists("example_new"));
  EXPECT_NE(read_text(candidate / "report.md").find("interrupted by SIGINT"), std::string::npos);
  const auto doc = nlohmann::json::parse(read_text(work / "bisect.json"));
  EXPECT_TRUE(doc.at("first_failing").is_null());
  EXPECT_TRUE(doc.at("outcome").is_null());
  EXPECT_EQ(doc.at("tested").size(), 0u);
  EXPECT_NE(doc.at("stopped").get<std::string>().find("SIGINT"), std::string::npos) << doc;
}

}  // namespace
}  // namespace dt::e2e
