// report.md in the layout operators know, and cell escaping.
#include "report.hpp"

#include <regex>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/samples.hpp"
#include "util/error.hpp"

namespace dt {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing_support::sample_info;
using testing_support::sample_results;

TEST(Markdown, ExactLayout) {
  auto info = sample_info();
  info.phases = {{"resolve binaries", 12.34}, {"row-count diff", 0.5}};
  const std::string expected = R"(# aveloxis data-test report

- Released tag: 0.22.6 (commit abc1234, in aveloxis_released)
- Local version: working tree (9f8e7d6, uncommitted changes) (in aveloxis_new)
- Test repo: https://github.com/augurlabs/augur
- Schemas: aveloxis_data, aveloxis_ops
- Generated: 2026-05-17T14:30:00Z

## Summary

- FAIL (released has more rows = data loss): 2
- FLAG (new has more rows = likely new coverage): 2
- PASS (equal counts): 1

## FAIL

| Schema | Table | Released rows | New rows | Delta | Note |
|---|---|---:|---:|---:|---|
| aveloxis_data | issues | 10 | 8 | -2 |  |
| aveloxis_ops | old_table | 3 | 0 | -3 | only in released (table does not exist in new) |

## FLAG

| Schema | Table | Released rows | New rows | Delta | Note |
|---|---|---:|---:|---:|---|
| aveloxis_data | messages | 4 | 6 | +2 |  |
| aveloxis_ops | new_table | 0 | 2 | +2 | only in new (table does not exist in released) |

## PASS

| Schema | Table | Released rows | New rows | Delta | Note |
|---|---|---:|---:|---:|---|
| aveloxis_data | commits | 7 | 7 | 0 |  |

## Phases

- resolve binaries: 12.3 s
- row-count diff: 0.5 s
)";
  EXPECT_EQ(render_markdown(info, sample_results()), expected);
}

TEST(Markdown, ASelfCheckSaysSoBeforeTheVersions) {
  auto info = sample_info();
  const auto results = compare({{"s", "t", 1}}, {{"s", "t", 2}});
  EXPECT_THAT(render_markdown(info, results), Not(HasSubstr("Self-check")));
  info.self_check = true;
  const auto md = render_markdown(info, results);
  EXPECT_THAT(md, HasSubstr("data-test report\n\n**Self-check:** the released version against "
                            "itself (a second collection by the same released build, "
                            "`--self-check`): every difference below is noise, not a change."));
  EXPECT_LT(md.find("**Self-check:**"), md.find("- Released tag:"));
}

TEST(Markdown, EmptySectionsSayNone) {
  const auto md = render_markdown(sample_info(), compare({{"s", "t", 1}}, {{"s", "t", 1}}));
  EXPECT_THAT(md, HasSubstr("## FAIL\n\nNone.\n\n## FLAG\n\nNone.\n\n## PASS\n\n| Schema |"));
  EXPECT_THAT(md, HasSubstr("- FAIL (released has more rows = data loss): 0\n"));
  EXPECT_THAT(md, HasSubstr("- FLAG (new has more rows = likely new coverage): 0\n"));
  EXPECT_THAT(md, HasSubstr("- PASS (equal counts): 1\n"));
  // No phases: no Phases section; one trailing newline.
  EXPECT_THAT(md, Not(HasSubstr("## Phases")));
  EXPECT_EQ(md.substr(md.size() - 2), "|\n");
}

TEST(Markdown, NoCommitLeavesTheShortShaOut) {
  auto info = sample_info();
  info.released_commit.clear();
  info.local_version = "working tree";
  const auto md = render_markdown(info, {});
  EXPECT_THAT(md, HasSubstr("\n- Released tag: 0.22.6 (in aveloxis_released)\n"));
  EXPECT_THAT(md, HasSubstr("\n- Local version: working tree (in aveloxis_new)\n"));
  EXPECT_THAT(md, HasSubstr("## FAIL\n\nNone.\n\n## FLAG\n\nNone.\n\n## PASS\n\nNone.\n"));
}

TEST(Markdown, IncompleteBanner) {
  auto info = sample_info();
  info.incomplete = "interrupted by SIGINT during collect (new)";
  const auto md = render_markdown(info, {});
  EXPECT_EQ(md.rfind("# aveloxis data-test report\n\n**Incomplete run:** interrupted by SIGINT "
                     "during collect (new)\n\n",
                     0),
            0u)
      << md;
  EXPECT_THAT(md, HasSubstr("partial or absent"));
  // A complete run has no banner.
  EXPECT_THAT(render_markdown(sample_info(), {}), Not(HasSubstr("Incomplete")));
}

TEST(Markdown, PipeInTableNameEscaped) {
  const auto md = render_markdown(sample_info(), compare({{"s", "a|b", 1}}, {{"s", "a|b", 2}}));
  EXPECT_THAT(md, HasSubstr("| s | a\\|b | 1 | 2 | +1 |  |\n"));
}

TEST(Markdown, NewlinesInHeaderValuesDoNotBreakLines) {
  auto info = sample_info();
  info.repo = "https://x\n## FAIL";
  const auto md = render_markdown(info, {});
  EXPECT_THAT(md, HasSubstr("- Test repo: https://x ## FAIL\n"));
}

TEST(MdCell, Escapes) {
  EXPECT_EQ(md_cell("plain_name"), "plain_name");
  EXPECT_EQ(md_cell("a|b"), "a\\|b");
  EXPECT_EQ(md_cell("a\nb"), "a b");
  EXPECT_EQ(md_cell("a\r\nb"), "a b");
  EXPECT_EQ(md_cell("a\rb"), "a b");
  // Issue 23, item 11: a table named like markup, or holding terminal escapes.
  EXPECT_EQ(md_cell("<script>alert(1)</script>"), "\\<script>alert(1)\\</script>");
  EXPECT_EQ(md_cell("a\x1b[31mb\x07"), "a\\x1b[31mb\\x07");
  EXPECT_EQ(md_cell("x`y`"), "x\\`y\\`");
  EXPECT_EQ(md_cell("back\\slash|"), "back\\\\slash\\|");
  EXPECT_EQ(md_cell(""), "");
}

// --- issue 14: several repositories ---

TEST(Markdown, SeveralReposAndTheirLossesPerRepository) {
  auto info = sample_info();
  info.repos = {"https://x/one", "https://x/two"};
  info.repo = "https://x/one, https://x/two";
  info.repo_column = "repo_id";
  auto results = compare({{"app", "commits", 10}, {"app", "plain", 3}, {"app", "tags", 1}},
                         {{"app", "commits", 8}, {"app", "plain", 3}, {"app", "tags", 1}});
  results[0].by_repo = {{"https://x/one", 6, 6, 0, Verdict::pass},
                        {"https://x/two", 4, 2, -2, Verdict::fail}};
  results[2].by_repo = {{"https://x/one", 1, 1, 0, Verdict::pass},
                        {"https://x/two", 0, 0, 0, Verdict::pass}};
  const auto md = render_markdown(info, results);
  EXPECT_THAT(md, HasSubstr("- Test repos: https://x/one, https://x/two\n"));
  EXPECT_THAT(md, HasSubstr("| Schema | Table | Released rows | New rows | Delta | Repos losing | "
                            "Note |\n|---|---|---:|---:|---:|---|---|\n"
                            "| app | commits | 10 | 8 | -2 | https://x/two |  |\n"));
  EXPECT_THAT(md, HasSubstr("| app | plain | 3 | 3 | 0 |  |  |\n"));
  EXPECT_THAT(md, HasSubstr("## Per repository\n\nTables with the column `repo_id`"));
  EXPECT_THAT(md, HasSubstr("| app | commits | https://x/two | 4 | 2 | -2 | FAIL |\n"));
  EXPECT_THAT(md, HasSubstr("| app | commits | https://x/one | 6 | 6 | 0 | PASS |\n"));
  EXPECT_THAT(md, Not(HasSubstr("| app | tags | https://x/one")));  // PASS tables not split
}

TEST(Markdown, NoRepoColumnKeepsTheLayout) {
  const auto md = render_markdown(sample_info(), sample_results());
  EXPECT_THAT(md, Not(HasSubstr("Repos losing")));
  EXPECT_THAT(md, Not(HasSubstr("## Per repository")));
  EXPECT_THAT(md, HasSubstr("- Test repo: "));
}

TEST(Markdown, DiagnosisAndEarlyWarnings) {
  auto info = sample_info();
  auto results = sample_results();
  TableResult& issues = results[1];  // FAIL 10 -> 8
  issues.diagnosis.changes = {{"FK_ADDED",
                               "issues_account_fkey",
                               {"account_id"},
                               "not deferrable",
                               "FOREIGN KEY (account_id) REFERENCES aveloxis_data.accounts(id)"}};
  issues.diagnosis.log = {{"new", "/w/logs/new.log", 2, {"[new] WARN issues | boom"}},
                          {"released", "/w/logs/released.log", 0, {}}};
  issues.diagnosis.key = KeyChoice{{"number"}, {"number", "title"}, {"id"}, "unique constraint u"};
  RowEvidence lost;
  lost.total = 2;
  lost.file = "/w/lost/aveloxis_data.issues.csv";
  lost.sample.columns = {"number", "title"};
  lost.sample.rows = {{"7", std::nullopt}, {"9", std::string(100, 'x')}};
  issues.diagnosis.lost = lost;
  issues.diagnosis.problems = {"collector log: cannot read"};
  info.early_warnings = {{"aveloxis_data", "issues", issues.diagnosis.changes[0], true},
                         {"aveloxis_data", "commits", {"CHECK_ADDED", "c", {"x"}, "", ""}, false}};
  const auto md = render_markdown(info, results);
  EXPECT_THAT(md, HasSubstr(R"(## Diagnosis: aveloxis_data.issues

FAIL: released 10 rows, new 8 (-2).

Schema changes:

- FK_ADDED: foreign key added on account_id, not deferrable (issues_account_fkey: FOREIGN KEY (account_id) REFERENCES aveloxis_data.accounts(id))

Collector log:

- /w/logs/new.log: 2 lines name this table, e.g.
  - [new] WARN issues \| boom
- /w/logs/released.log: no problem line names this table

Rows:

- Matched by: number (unique constraint u); left out: id
- Lost (on released, missing on new): 2; the first 2 in /w/lost/aveloxis_data.issues.csv

| number | title |
|---|---|
| 7 | *NULL* |
)"));
  EXPECT_THAT(md, HasSubstr("| 9 | " + std::string(80, 'x') + "… |\n"));
  EXPECT_THAT(md, HasSubstr("Not worked out:\n\n- collector log: cannot read\n"));
  // The other FAIL has no diagnosis at all (a state from an older data-test): no section.
  EXPECT_THAT(md, Not(HasSubstr("## Diagnosis: aveloxis_ops.old_table")));
  results[4].diagnosis.log = {{"new", "/w/logs/new.log", 0, {}}};  // diagnosed, no change found
  EXPECT_THAT(render_markdown(info, results),
              HasSubstr("## Diagnosis: aveloxis_ops.old_table\n\nFAIL: released 3 rows, new "
                        "0 (-3).\n\nSchema changes:\n\n- NO_SCHEMA_CHANGE"));
  EXPECT_THAT(md, Not(HasSubstr("## Diagnosis: aveloxis_data.messages")));  // a FLAG
  EXPECT_THAT(md, HasSubstr("- aveloxis_data.issues: FK_ADDED: foreign key added on account_id, "
                            "not deferrable (issues_account_fkey: FOREIGN KEY (account_id) "
                            "REFERENCES aveloxis_data.accounts(id)) — confirmed by the counts\n"));
  EXPECT_THAT(md, HasSubstr("- aveloxis_data.commits: CHECK_ADDED: check constraint added on x (c) "
                            "— not confirmed (the table did not lose rows)\n"));
  EXPECT_LT(md.find("## PASS"), md.find("## Diagnosis"));
  EXPECT_LT(md.find("## Early warnings"),
            md.find("## Phases") == std::string::npos ? md.size() : md.find("## Phases"));
}

TEST(Markdown, DriftLineAndSection) {
  auto info = sample_info();
  info.content_check = ContentCheck::on;
  auto results = sample_results();
  results[0].content = Content::changed;  // commits, 7 = 7
  RowEvidence changed;
  changed.total = 1;
  changed.file = "/w/changed/c.csv";
  changed.sample.columns = {"side", "sha", "n"};
  changed.sample.rows = {{"released", "a", "1"}, {"new", "a", "2"}};
  results[0].diagnosis.changed = changed;
  const auto md = render_markdown(info, results);
  EXPECT_THAT(md, HasSubstr("- PASS (equal counts): 1\n- DRIFT (equal counts, changed content): "
                            "1\n\n"));
  EXPECT_THAT(md, HasSubstr("## Diagnosis: aveloxis_data.commits\n\nDRIFT: equal counts (7 rows), "
                            "changed content.\n"));
  EXPECT_THAT(md, HasSubstr("- Changed (same key, other content): 1; the first 1 (released row, "
                            "then new) in /w/changed/c.csv\n"));
  info.content_check = ContentCheck::fail;
  EXPECT_THAT(render_markdown(info, results), HasSubstr("changed content, counted as FAIL): 1"));
}
}  // namespace
}  // namespace dt
