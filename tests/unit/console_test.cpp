// The terminal lines: colour decision (NO_COLOR), start line, early warning, DRIFT, and the
// final one-line verdict.
#include "console.hpp"

#include <gtest/gtest.h>

#include "support/samples.hpp"

namespace dt {
namespace {

// app.table with the verdict its counts call for.
TableResult result(std::string table, std::int64_t released, std::int64_t fresh) {
  return testing_support::counted_result("app", std::move(table), released, fresh,
                                         classify(released, fresh));
}

TEST(Console, ColourOnlyOnATerminalWithoutNoColor) {
  EXPECT_TRUE(console::colour_wanted(true, nullptr));
  EXPECT_TRUE(console::colour_wanted(true, ""));  // set but empty: no-color.org says colour
  EXPECT_FALSE(console::colour_wanted(true, "1"));
  EXPECT_FALSE(console::colour_wanted(false, nullptr));
}

TEST(Console, Lines) {
  EXPECT_EQ(console::start_line("/w", {"/w/logs/released.log", "/w/logs/new.log"}),
            "work dir: /w; logs: /w/logs/released.log, /w/logs/new.log");
  const EarlyWarning w{"app", "t", {"FK_ADDED", "f", {"a"}, "not deferrable", ""}, std::nullopt};
  EXPECT_EQ(console::early_warning_line(w),
            "early warning: app.t: FK_ADDED: foreign key added on a, not deferrable (f)");
  TableResult r = result("commits", 60, 60);
  r.content = Content::changed;
  r.diagnosis.changed = RowEvidence{57, {}, "/w/changed/app.commits.csv"};
  EXPECT_EQ(console::drift_line(r),
            "DRIFT app.commits: equal counts (60 rows), content changed (57 rows differ); "
            "sample: /w/changed/app.commits.csv");
  r.diagnosis.changed = RowEvidence{1, {}, ""};
  EXPECT_EQ(console::drift_line(r),
            "DRIFT app.commits: equal counts (60 rows), content changed (1 row differs)");
  // No key: whole rows only on each side, both samples named.
  r.diagnosis.changed.reset();
  r.diagnosis.key = KeyChoice{{"a", "b"}, {"a", "b"}, {}, "all shared columns", true};
  r.diagnosis.lost = RowEvidence{1, {}, "/w/lost/app.commits.csv"};
  r.diagnosis.added = RowEvidence{2, {}, "/w/added/app.commits.csv"};
  EXPECT_EQ(console::drift_line(r),
            "DRIFT app.commits: equal counts (60 rows), content changed (1 row only on released, 2 "
            "only on new; no key); sample: /w/lost/app.commits.csv, /w/added/app.commits.csv");
}

RunInfo run_info(ContentCheck content, std::optional<UpgradeInfo> upgrade = std::nullopt) {
  RunInfo info;
  info.content_check = content;
  info.upgrade = std::move(upgrade);
  return info;
}

TEST(Console, VerdictLine) {
  std::vector<TableResult> results = {result("a", 5, 3), result("b", 1, 2), result("c", 4, 4)};
  EXPECT_EQ(console::verdict_line(results, run_info(ContentCheck::off), std::chrono::seconds(3723),
                                  "/w/report.md", false),
            "FAIL: 1 FAIL, 1 FLAG, 1 PASS (FAIL: app.a) in 1h 2m 3s; report: /w/report.md");
  results[2].content = Content::changed;
  const std::string coloured = console::verdict_line(results, run_info(ContentCheck::on),
                                                     std::chrono::seconds(5), "/w/report.md", true);
  EXPECT_EQ(coloured.rfind("\033[1;31mFAIL\033[0m: ", 0), 0u) << coloured;
  EXPECT_NE(coloured.find("\033[35m1 DRIFT\033[0m"), std::string::npos) << coloured;
  std::vector<TableResult> many;
  for (int i = 0; i < 7; ++i) many.push_back(result("t" + std::to_string(i), 2, 1));
  EXPECT_EQ(
      console::verdict_line(many, run_info(ContentCheck::off), std::chrono::seconds(0), "r", false),
      "FAIL: 7 FAIL, 0 FLAG, 0 PASS (FAIL: app.t0, app.t1, app.t2, app.t3, app.t4 +2 more) "
      "in 0s; report: r");
  EXPECT_EQ(console::verdict_line({result("a", 1, 1)}, run_info(ContentCheck::off),
                                  std::chrono::seconds(65), "r", false),
            "PASS: 0 FAIL, 0 FLAG, 1 PASS in 1m 5s; report: r");
}

TEST(Console, TheUpgradeTurnsTheVerdictToFailAndNamesItsCounts) {
  UpgradeInfo up;
  up.summary = {1, 0, 3};
  EXPECT_EQ(console::verdict_line({result("a", 1, 1)}, run_info(ContentCheck::off, up),
                                  std::chrono::seconds(1), "r", false),
            "FAIL: 0 FAIL, 0 FLAG, 1 PASS; upgrade: 1 FAIL, 0 FLAG, 3 PASS in 1s; report: r");
  EXPECT_EQ(console::upgrade_line(up, {"app.a"}, false),
            "upgrade: FAIL: 1 FAIL, 0 FLAG, 3 PASS (FAIL: app.a)");
  up.summary = {0, 2, 3};
  EXPECT_EQ(console::verdict_line({result("a", 1, 1)}, run_info(ContentCheck::off, up),
                                  std::chrono::seconds(1), "r", false),
            "PASS: 0 FAIL, 0 FLAG, 1 PASS; upgrade: 0 FAIL, 2 FLAG, 3 PASS in 1s; report: r");
  up.migration_failed = true;
  up.error = "upgraded upgrade step 1/1 failed (exit 3)";
  EXPECT_EQ(console::upgrade_line(up, {}, false),
            "upgrade: FAIL: the migration failed: upgraded upgrade step 1/1 failed (exit 3)");
  EXPECT_EQ(console::verdict_line({result("a", 1, 1)}, run_info(ContentCheck::off, up),
                                  std::chrono::seconds(1), "r", false),
            "FAIL: 0 FAIL, 0 FLAG, 1 PASS; upgrade: the migration failed in 1s; report: r");
  // --upgrade-only: the upgrade's counts alone.
  RunInfo only = run_info(ContentCheck::off, up);
  only.fresh_compared = false;
  EXPECT_EQ(console::verdict_line({}, only, std::chrono::seconds(2), "r", false),
            "FAIL: upgrade only: the migration failed in 2s; report: r");
  only.upgrade->migration_failed = false;
  only.upgrade->summary = {0, 1, 4};
  EXPECT_EQ(console::verdict_line({}, only, std::chrono::seconds(2), "r", false),
            "PASS: upgrade only: 0 FAIL, 1 FLAG, 4 PASS in 2s; report: r");
}

}  // namespace
}  // namespace dt
