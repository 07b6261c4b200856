// Issue 28, "Bisect": `data-test bisect` on the real binary with the example application. Nine
// commits follow v1.0: notes, a commit whose build fails (its schema.sql holds build.sh's
// raw-string delimiter), its fix, the commit that makes commit_parents.parent_sha a foreign key
// that is not deferrable (fk_regression: the collector writes a child's parent links before the
// parent, so every link is lost), and more notes. The bisect names that commit after five runs
// (the last commit, then 3 which does not build, skipped and named, then 4, 6 and 5), builds
// the released side once, and leaves the operator's clone as it was: HEAD, index, working tree,
// refs and worktrees byte for byte.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/e2e.hpp"
#include "support/safety.hpp"
#include "util/process.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

// git in the clone, as the operator would run it; never an optional index write (the test must
// not change what it compares).
std::string git(const fs::path& clone, std::vector<std::string> args) {
  args.insert(args.begin(), {"git", "-c", "user.name=e2e", "-c", "user.email=e2e@example.org", "-c",
                             "commit.gpgsign=false"});
  const auto r = process::capture(args, clone, {{"GIT_OPTIONAL_LOCKS", "0"}});
  if (r.status != 0) throw std::runtime_error(process::display(args) + ": " + r.err);
  return r.out;
}

void append(const fs::path& file, const std::string& line) {
  std::ofstream(file, std::ios::app) << line << "\n";
}

// Nine commits after v1.0 (oldest first); returns their shas.
std::vector<std::string> make_history(const fs::path& clone) {
  const std::string schema = read_text(clone / "schema.sql");
  std::vector<std::string> shas;
  const auto commit = [&](const std::string& subject) {
    git(clone, {"add", "-A"});
    git(clone, {"commit", "-q", "-m", subject});
    shas.push_back(git(clone, {"rev-parse", "HEAD"}).substr(0, 40));
  };
  for (int i = 1; i <= 3; ++i) {
    append(clone / "NOTES.md", "note " + std::to_string(i));
    commit("notes " + std::to_string(i));
  }
  append(clone / "schema.sql", "-- )SCHEMA_SQL\" breaks build.sh");
  commit("a schema comment that breaks the build");
  std::ofstream(clone / "schema.sql", std::ios::trunc) << schema;
  commit("fix the build");
  git(clone, {"apply", std::string(DATA_TEST_EXAMPLE_APP) + "/scenarios/fk_regression.patch"});
  commit("parent links must be known commits");
  for (int i = 7; i <= 9; ++i) {
    append(clone / "NOTES.md", "note " + std::to_string(i));
    commit("notes " + std::to_string(i));
  }
  return shas;
}

// What the operator's clone is: HEAD, status, index bytes, refs, worktrees.
std::string clone_state(const fs::path& clone) {
  return git(clone, {"rev-parse", "HEAD"}) + git(clone, {"status", "--porcelain"}) +
         read_text(clone / ".git" / "index") + git(clone, {"for-each-ref"}) +
         git(clone, {"worktree", "list", "--porcelain"}) + git(clone, {"stash", "list"});
}

TEST(Bisect, NamesTheCommitThatAddsANonDeferrableForeignKeyAndSkipsOneThatDoesNotBuild) {
  const fs::path clone = make_app_clone("bisect", "");
  const auto shas = make_history(clone);
  const auto config = make_operator_config(clone.parent_path());
  const fs::path work = fresh_dir("bisect-work");
  const std::string before = clone_state(clone);

  std::vector<std::string> args = {"bisect", "--no-upgrade"};
  for (const auto& arg : standard_args(clone, work, config)) args.push_back(arg);
  const auto r = run_data_test(args);
  ASSERT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_EQ(clone_state(clone), before);

  const auto doc = nlohmann::json::parse(read_text(work / "bisect.json"));
  const auto& first = doc.at("first_failing");
  EXPECT_EQ(first.at("commit"), shas[5]) << doc.dump(2);
  EXPECT_EQ(first.at("subject"), "parent links must be known commits");
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
  args = {"bisect", "--upgrade-only"};
  for (const auto& arg : standard_args(clone, again, config)) args.push_back(arg);
  const auto u = run_data_test(args);
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

}  // namespace
}  // namespace dt::e2e
