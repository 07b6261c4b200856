// Accepted changes applied: judge()'s one rule, apply_accepted on results, and a saved state
// that reads back only when its acceptances follow from its counts.
#include "acceptance.hpp"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/results_json.hpp"
#include "support/samples.hpp"
#include "util/error.hpp"

namespace dt {
namespace {

using ::testing::HasSubstr;
using testing_support::sample_info;
using testing_support::sample_results;

AcceptedChange declared(const std::string& table, Expected verdict,
                        std::optional<std::int64_t> max_lost = std::nullopt) {
  AcceptedChange a;
  a.schema = "aveloxis_data";
  a.table = table;
  a.verdict = verdict;
  a.reason = "on purpose";
  a.max_lost = max_lost;
  a.origin = "accepted changes 'data-test.accepted.json'";
  return a;
}

TableResult* find(std::vector<TableResult>& results, const std::string& table) {
  for (auto& r : results) {
    if (r.table == table) return &r;
  }
  return nullptr;
}

TEST(Acceptance, JudgeMatchesTheExpectedVerdictWithinItsBound) {
  using S = AcceptedStatus;
  EXPECT_EQ(judge(Expected::fail, std::nullopt, Verdict::fail, false, 2), S::accepted);
  EXPECT_EQ(judge(Expected::fail, 2, Verdict::fail, false, 2), S::accepted);
  EXPECT_EQ(judge(Expected::fail, 1, Verdict::fail, false, 2), S::out_of_bounds);
  EXPECT_EQ(judge(Expected::fail, std::nullopt, Verdict::pass, false, 0), S::stale);
  EXPECT_EQ(judge(Expected::fail, std::nullopt, Verdict::flag, false, 0), S::stale);
  // A FAIL by drift (--content=fail) lost no rows: not the loss a FAIL acceptance names.
  EXPECT_EQ(judge(Expected::fail, std::nullopt, Verdict::fail, true, 0), S::stale);
  EXPECT_EQ(judge(Expected::drift, std::nullopt, Verdict::fail, true, 0), S::accepted);
  EXPECT_EQ(judge(Expected::drift, std::nullopt, Verdict::pass, true, 0), S::accepted);
  EXPECT_EQ(judge(Expected::drift, std::nullopt, Verdict::unstable, true, 0), S::stale);
  EXPECT_EQ(judge(Expected::flag, std::nullopt, Verdict::flag, false, 0), S::accepted);
  EXPECT_EQ(judge(Expected::flag, std::nullopt, Verdict::fail, false, 3), S::stale);
  EXPECT_EQ(judge(Expected::upgrade_fail, std::nullopt, Verdict::fail, false, 0), S::accepted);
  EXPECT_EQ(judge(Expected::upgrade_fail, 0, Verdict::fail, false, 1), S::out_of_bounds);
  EXPECT_EQ(judge(Expected::upgrade_flag, std::nullopt, Verdict::pass, false, 0), S::stale);
}

TEST(Acceptance, AppliedToResultsAcceptedStaleOutOfBoundsAndMissing) {
  auto results = sample_results();  // issues 10 -> 8 FAIL, messages 4 -> 6 FLAG, commits PASS
  const auto warnings =
      apply_accepted(results,
                     {declared("issues", Expected::fail), declared("messages", Expected::flag),
                      declared("commits", Expected::fail), declared("gone", Expected::fail)},
                     true);
  ASSERT_EQ(warnings.size(), 1U);
  EXPECT_THAT(warnings[0], HasSubstr("stale acceptance: aveloxis_data.gone is in neither "
                                     "database; remove its entry from accepted changes"));
  const TableResult* issues = find(results, "issues");
  EXPECT_EQ(issues->verdict, Verdict::accepted);
  EXPECT_EQ(status(*issues), Status::accepted);
  EXPECT_TRUE(needs_evidence(*issues));
  EXPECT_EQ(issues->accepted->status, AcceptedStatus::accepted);
  EXPECT_EQ(find(results, "messages")->verdict, Verdict::accepted);
  const TableResult* commits = find(results, "commits");
  EXPECT_EQ(commits->verdict, Verdict::pass);
  EXPECT_EQ(commits->accepted->status, AcceptedStatus::stale);
  ASSERT_EQ(stale_acceptances(*commits).size(), 1U);
  EXPECT_EQ(stale_text(*commits, *commits->accepted),
            "aveloxis_data.commits: accepted as FAIL (on purpose), but it now gets PASS; remove "
            "the entry from accepted changes 'data-test.accepted.json' or look again at the "
            "change");
  const VerdictCounts counts = count_verdicts(results);
  EXPECT_EQ(counts.accepted, 2U);
  EXPECT_EQ(counts.fail, 1U);  // old_table, dropped and not accepted
}

TEST(Acceptance, ABoundTooSmallLeavesTheFailAndNoFreshVerdictIsJudgedWithoutAComparison) {
  auto results = sample_results();
  apply_accepted(results, {declared("issues", Expected::fail, 1)}, true);
  const TableResult* issues = find(results, "issues");
  EXPECT_EQ(issues->verdict, Verdict::fail);
  EXPECT_EQ(issues->accepted->status, AcceptedStatus::out_of_bounds);
  EXPECT_EQ(out_of_bounds_text(2, *issues->accepted),
            "lost 2 rows, more than the 1 its acceptance allows (on purpose)");

  auto upgrade_only = sample_results();
  apply_accepted(upgrade_only, {declared("issues", Expected::fail)}, false);
  EXPECT_FALSE(find(upgrade_only, "issues")->accepted.has_value());
  // A drift acceptance without --content is not judged.
  apply_accepted(upgrade_only, {declared("commits", Expected::drift)}, true);
  EXPECT_FALSE(find(upgrade_only, "commits")->accepted.has_value());
}

TEST(Acceptance, ASavedStateReadsBackOnlyWhenItsAcceptancesFollowFromItsCounts) {
  auto results = sample_results();
  apply_accepted(results, {declared("issues", Expected::fail), declared("commits", Expected::fail)},
                 true);
  const auto doc = render_json(sample_info(), results);
  RunInfo info;
  std::vector<TableResult> back;
  parse_json(json::Json::parse(doc.dump()), info, back);
  ASSERT_EQ(back.size(), results.size());
  EXPECT_EQ(find(back, "issues")->verdict, Verdict::accepted);
  EXPECT_EQ(find(back, "issues")->accepted->reason, "on purpose");
  EXPECT_EQ(find(back, "commits")->accepted->status, AcceptedStatus::stale);
  EXPECT_EQ(doc.at("summary").at("accepted"), 1);

  // A hand edit that calls a larger loss accepted under a bound it breaks is refused.
  auto tampered = doc;
  for (auto& t : tampered["tables"]) {
    if (t["table"] == "issues") t["accepted"]["max_lost"] = 1;
  }
  std::vector<TableResult> none;
  try {
    parse_json(tampered, info, none);
    ADD_FAILURE() << "a tampered acceptance was read";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("accepted says accepted but its counts make it "
                                    "out_of_bounds"));
  }
  // And so is a FAIL turned ACCEPTED with no acceptance at all.
  tampered = doc;
  for (auto& t : tampered["tables"]) {
    if (t["table"] == "old_table") t["verdict"] = "ACCEPTED";
  }
  EXPECT_THROW(parse_json(tampered, info, none), Error);
}

}  // namespace
}  // namespace dt
