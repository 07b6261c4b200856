// bisect's pure part: the candidates in order, the search (git bisect's, skips included) against
// an oracle of which candidates fail, the failing tables of a run, bisect.json and the answer's
// words.
#include "bisect.hpp"

#include <cmath>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "util/error.hpp"

namespace dt {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Which candidates fail (first and after) and which cannot be tested.
struct Oracle {
  std::size_t first_failing = 0;
  std::set<std::size_t> skipped = {};
  BisectVerdict operator()(std::size_t i) const {
    if (skipped.count(i) != 0) return BisectVerdict::skip;
    return i >= first_failing ? BisectVerdict::fail : BisectVerdict::pass;
  }
};

// Runs the search over n candidates; returns the candidates in the order tested.
std::vector<std::size_t> search(BisectSearch& s, const Oracle& oracle) {
  std::vector<std::size_t> tested;
  while (const auto next = s.next()) {
    EXPECT_LT(tested.size(), 100u) << "the search does not end";
    if (tested.size() >= 100) break;
    tested.push_back(*next);
    s.record(*next, oracle(*next));
  }
  return tested;
}

std::string sha(char c) {
  return std::string(40, c);
}

TEST(BisectCandidates, CommitsInOrderThenTheWorkingTreeWhenDirty) {
  const std::vector<BisectCandidate> commits = {{sha('a'), "one", "2026-01-01T00:00:00Z", false},
                                                {sha('b'), "two", "2026-01-02T00:00:00Z", false}};
  const auto clean = bisect_candidates(commits, sha('b'), false);
  ASSERT_EQ(clean.size(), 2u);
  EXPECT_EQ(clean[0].commit, sha('a'));
  EXPECT_EQ(clean[1].commit, sha('b'));
  const auto dirty = bisect_candidates(commits, sha('b'), true);
  ASSERT_EQ(dirty.size(), 3u);
  EXPECT_TRUE(dirty[2].working_tree);
  EXPECT_EQ(dirty[2].commit, sha('b'));  // HEAD's full sha
  EXPECT_EQ(dirty[2].subject, kWorkingTreeSubject);
  EXPECT_EQ(dirty[2].date, "");
  // No commit after the tag, uncommitted changes: the working tree alone.
  const auto only_tree = bisect_candidates({}, sha('t'), true);
  ASSERT_EQ(only_tree.size(), 1u);
  EXPECT_TRUE(only_tree[0].working_tree);
}

TEST(BisectSearch, TestsTheLastFirstThenHalvesAndStepsAroundASkippedMiddle) {
  BisectSearch s(9);
  EXPECT_THAT(search(s, {5, {3}}), ElementsAre(8u, 3u, 4u, 6u, 5u));
  const BisectAnswer answer = s.answer();
  EXPECT_EQ(answer.outcome, BisectOutcome::found);
  EXPECT_EQ(answer.first_failing, 5u);
  EXPECT_EQ(exit_status(answer), 1);
}

TEST(BisectSearch, FindsEveryFirstFailureInAboutLog2NPlusOneSteps) {
  for (std::size_t n = 1; n <= 40; ++n) {
    const auto bound = 1 + static_cast<std::size_t>(std::ceil(std::log2(static_cast<double>(n))));
    for (std::size_t first = 0; first < n; ++first) {
      BisectSearch s(n);
      const auto tested = search(s, {first});
      EXPECT_EQ(s.answer().outcome, BisectOutcome::found) << n << " " << first;
      EXPECT_EQ(s.answer().first_failing, first) << n << " " << first;
      EXPECT_LE(tested.size(), bound) << n << " " << first;
      EXPECT_EQ(std::set<std::size_t>(tested.begin(), tested.end()).size(), tested.size());
    }
  }
}

TEST(BisectSearch, ASkippedCandidateRightBeforeTheFirstFailureLeavesBothUndecided) {
  // Candidate 4 fails first. A skipped one after it changes nothing; 3, skipped, may be the
  // first failure as well as 4: git bisect names both, and so does this search.
  for (const std::size_t skip : {5u, 6u, 8u}) {
    BisectSearch s(10);
    search(s, {4, {skip}});
    EXPECT_EQ(s.answer().outcome, BisectOutcome::found) << skip;
    EXPECT_EQ(s.answer().first_failing, 4u) << skip;
  }
  BisectSearch s(10);
  search(s, {4, {3}});
  EXPECT_EQ(s.answer().outcome, BisectOutcome::undecided);
  EXPECT_THAT(s.answer().could_be, ElementsAre(3u, 4u));
}

TEST(BisectSearch, OnlySkippedCandidatesLeftNamesThemAndTheFirstFailure) {
  BisectSearch s(5);
  EXPECT_THAT(search(s, {2, {1, 2, 3}}), ElementsAre(4u, 1u, 2u, 0u, 3u));
  const BisectAnswer answer = s.answer();
  EXPECT_EQ(answer.outcome, BisectOutcome::undecided);
  EXPECT_THAT(answer.could_be, ElementsAre(1u, 2u, 3u, 4u));
  EXPECT_EQ(exit_status(answer), 2);
}

TEST(BisectSearch, ATreeThatDoesNotFailOrCannotBeTestedEndsAfterOneStep) {
  BisectSearch passes(6);
  EXPECT_THAT(search(passes, {6}), ElementsAre(5u));
  EXPECT_EQ(passes.answer().outcome, BisectOutcome::tree_passes);
  EXPECT_EQ(exit_status(passes.answer()), 2);
  BisectSearch skipped(6);
  EXPECT_THAT(search(skipped, {0, {5}}), ElementsAre(5u));
  EXPECT_EQ(skipped.answer().outcome, BisectOutcome::tree_skipped);
  EXPECT_EQ(exit_status(skipped.answer()), 2);
}

TEST(BisectSearch, NoCandidateMeansNoCommitFails) {
  BisectSearch s(0);
  EXPECT_FALSE(s.next());
  EXPECT_EQ(s.answer().outcome, BisectOutcome::no_candidates);
  EXPECT_EQ(exit_status(s.answer()), 0);
}

TEST(BisectSearch, ARecordOutOfOrderIsAnInternalError) {
  BisectSearch s(3);
  EXPECT_THROW(s.record(0, BisectVerdict::fail), Error);  // the last is tested first
  EXPECT_THROW(s.record(3, BisectVerdict::fail), Error);
}

TableResult result(std::string table, Verdict verdict) {
  TableResult r;
  r.schema = "app";
  r.table = std::move(table);
  r.verdict = verdict;
  return r;
}

TEST(BisectFailingTables, FreshAndUpgradeFailuresWithTheirCausesAndAFailedMigration) {
  RunInfo info;
  TableResult parents = result("commit_parents", Verdict::fail);
  parents.diagnosis.changes.push_back({"FK_ADDED", "parents_fkey", {"parent_sha"}, "", "", {}});
  TableResult upgraded = result("tags", Verdict::pass);
  upgraded.upgrade = TableUpgrade{};
  upgraded.upgrade->verdict = Verdict::fail;
  upgraded.upgrade->released_rows = 4;
  upgraded.upgrade->delta = -4;
  const std::vector<TableResult> results = {result("repos", Verdict::pass), parents,
                                            result("more", Verdict::flag), upgraded};
  auto failing = failing_tables(info, results);
  ASSERT_EQ(failing.size(), 2u);
  EXPECT_EQ(failing[0].table, "commit_parents");
  EXPECT_EQ(failing[0].cause, "FK_ADDED");
  EXPECT_EQ(failing[0].check, "fresh");
  EXPECT_EQ(failing[1].table, "tags");
  EXPECT_EQ(failing[1].check, "upgrade");
  EXPECT_EQ(failing[1].cause, upgrade_cause(*upgraded.upgrade));
  // --upgrade-only: the fresh verdicts mean nothing; a failed migration is a failure.
  info.fresh_compared = false;
  info.upgrade = UpgradeInfo{};
  info.upgrade->migration_failed = true;
  failing = failing_tables(info, results);
  ASSERT_EQ(failing.size(), 2u);
  EXPECT_EQ(failing[0].table, "tags");
  EXPECT_EQ(failing[1].check, "upgrade_migration");
  EXPECT_TRUE(failing_tables(RunInfo{}, {result("repos", Verdict::pass)}).empty());
}

// Three commits and the working tree; the second commit fails first, the first was skipped.
BisectReport sample_report() {
  BisectReport report;
  report.released_tag = "v1.0";
  report.released_commit = sha('0');
  report.candidates =
      bisect_candidates({{sha('a'), "notes", "2026-01-01T00:00:00+00:00", false},
                         {sha('b'), "parents \xff fk", "2026-01-02T00:00:00+00:00", false}},
                        sha('b'), true);
  report.tested = {
      {2, BisectVerdict::fail, "", {{"app", "t", "FAIL", "FK_ADDED", "fresh"}}, "/w/c"},
      {0, BisectVerdict::skip, "new build failed (exit status 1)", {}, "/w/a"},
      {1, BisectVerdict::fail, "", {{"app", "t", "FAIL", "FK_ADDED", "fresh"}}, "/w/b"}};
  report.answer = BisectAnswer{BisectOutcome::undecided, 0, {0, 1}};
  return report;
}

TEST(BisectJson, NamesTheFirstFailingCommitItsTablesAndEveryStep) {
  BisectReport report = sample_report();
  report.answer = BisectAnswer{BisectOutcome::found, 1, {}};
  const json::Json doc = bisect_json(report);
  const auto& first = doc.at("first_failing");
  EXPECT_EQ(first.at("commit"), sha('b'));
  EXPECT_EQ(first.at("subject"), "parents \\xff fk");  // escaped, never invalid UTF-8
  EXPECT_EQ(first.at("date"), "2026-01-02T00:00:00+00:00");
  EXPECT_EQ(first.at("work_dir"), "/w/b");
  EXPECT_EQ(first.at("tables"), json::Json::parse(R"([{"schema": "app", "table": "t",
      "verdict": "FAIL", "cause": "FK_ADDED", "check": "fresh"}])"));
  ASSERT_EQ(doc.at("tested").size(), 3u);
  EXPECT_EQ(doc.at("tested")[0].at("commit"), sha('b'));  // the working tree: HEAD's sha
  EXPECT_EQ(doc.at("tested")[0].at("working_tree"), true);
  EXPECT_EQ(doc.at("tested")[1].at("verdict"), "SKIP");
  EXPECT_EQ(doc.at("tested")[1].at("skipped"), true);
  EXPECT_EQ(doc.at("tested")[1].at("reason"), "new build failed (exit status 1)");
  EXPECT_EQ(doc.at("tested")[2].at("skipped"), false);
  EXPECT_EQ(doc.at("outcome"), "found");
  EXPECT_EQ(doc.at("candidates"), 3);
  EXPECT_EQ(doc.at("steps"), 3);
  EXPECT_TRUE(doc.at("stopped").is_null());
  // The issue's keys come first, in its order.
  EXPECT_EQ(doc.begin().key(), "first_failing");
  EXPECT_EQ(std::next(doc.begin()).key(), "tested");
}

TEST(BisectJson, UndecidedOrStoppedHasNoFirstFailing) {
  BisectReport report = sample_report();
  json::Json doc = bisect_json(report);
  EXPECT_TRUE(doc.at("first_failing").is_null());
  EXPECT_EQ(doc.at("could_be"), json::Json::array({sha('a'), sha('b')}));
  report.answer.reset();
  report.stopped = "interrupted by SIGINT";
  doc = bisect_json(report);
  EXPECT_TRUE(doc.at("first_failing").is_null());
  EXPECT_TRUE(doc.at("outcome").is_null());
  EXPECT_EQ(doc.at("stopped"), "interrupted by SIGINT");
}

TEST(BisectText, TheAnswerNamesTheCommitItsTablesAndEveryStep) {
  BisectReport report = sample_report();
  report.answer = BisectAnswer{BisectOutcome::found, 1, {}};
  const std::string text = answer_text(report);
  EXPECT_THAT(text, HasSubstr("first failing: " + sha('b') +
                              " 2026-01-02T00:00:00+00:00 parents "
                              "\\xff fk\n"));
  EXPECT_THAT(text, HasSubstr("  FAIL app.t (cause FK_ADDED)\n  report: /w/b/report.md\n"));
  EXPECT_THAT(text, HasSubstr("tested 3 of 3 candidates"));
  EXPECT_THAT(text, HasSubstr("  FAIL working tree (uncommitted changes on bbbbbbb)\n"));
  EXPECT_THAT(text, HasSubstr("  SKIP aaaaaaa notes (skipped: new build failed (exit status 1))"));
  EXPECT_EQ(step_line(report, 1),
            "bisect: step 2: SKIP aaaaaaa notes (skipped: new build failed (exit status 1))");
}

TEST(BisectText, EachOutcomeSaysWhyThereIsNoAnswer) {
  BisectReport report = sample_report();
  EXPECT_THAT(answer_text(report), HasSubstr("could not tell: only skipped candidates are left"));
  report.answer = BisectAnswer{BisectOutcome::tree_passes, 0, {}};
  EXPECT_THAT(answer_text(report),
              HasSubstr("the last candidate, working tree (uncommitted changes on bbbbbbb), does "
                        "not FAIL"));
  report.answer = BisectAnswer{BisectOutcome::tree_skipped, 0, {}};
  EXPECT_THAT(answer_text(report), HasSubstr("could not be tested"));
  report.candidates.clear();
  report.tested.clear();
  report.answer = BisectAnswer{};
  EXPECT_THAT(answer_text(report), HasSubstr("no commit fails: none follows v1.0"));
}

}  // namespace
}  // namespace dt
