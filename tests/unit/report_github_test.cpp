// GitHub Actions' annotations and job summary: the workflow-command escaping, FAILs before
// FLAGs, the fresh comparison's and the upgrade's findings, a location only when the line is
// known.
#include "report_github.hpp"

#include <gtest/gtest.h>

#include "support/samples.hpp"

namespace dt {
namespace {

TableResult table(std::string name, std::int64_t released, std::int64_t now, Verdict verdict) {
  return testing_support::counted_result("app", std::move(name), released, now, verdict);
}

// The facts the summaries name: app's v1 against a working tree.
RunInfo app_info() {
  RunInfo info;
  info.profile_name = "app";
  info.released_tag = "v1";
  info.local_version = "working tree at abc1234";
  return info;
}

TEST(ReportGithub, EscapingFollowsTheWorkflowCommandSyntax) {
  // Control characters are shown, never passed: a message stays one command line.
  EXPECT_EQ(github_escape_data("50% of a:b, c\r\nd"), "50%25 of a:b, c\\x0d\\x0ad");
  EXPECT_EQ(github_escape_property("db/a:b,c%.sql"), "db/a%3Ab%2Cc%25.sql");
}

TEST(ReportGithub, FailsComeFirstAndOnlyAKnownLineGivesALocation) {
  TableResult flag = table("added", 1, 3, Verdict::flag);
  TableResult fail = table("events", 10, 7, Verdict::fail);
  SchemaChange fk{"FK_ADDED", "events_user_fkey", {"user_id"}, "not deferrable", ""};
  fk.source = SourceLine{"db/schema, v2.sql", 12, "user_id int REFERENCES users", "/x"};
  fail.diagnosis.changes.push_back(fk);
  TableResult pass = table("same", 4, 4, Verdict::pass);
  const auto lines = github_annotations({flag, fail, pass});
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0],
            "::error file=db/schema%2C v2.sql,line=12,title=data-test FAIL app.events::released 10 "
            "rows, new 7 (-3): " +
                change_line(fk) + " (at db/schema, v2.sql:12)");
  EXPECT_EQ(lines[1], "::warning title=data-test FLAG app.added::released 1 rows, new 3 (+2)");
}

TEST(ReportGithub, TheUpgradesFindingsAreAnnotatedAndSummarisedToo) {
  TableResult r = table("events", 10, 10, Verdict::pass);
  r.upgrade = TableUpgrade{};
  r.upgrade->released_rows = 10;
  r.upgrade->upgraded_rows = 8;
  r.upgrade->delta = -2;
  r.upgrade->verdict = Verdict::fail;
  const auto lines = github_annotations({r});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0],
            "::error title=data-test upgrade FAIL app.events::released 10 rows, after the upgrade "
            "8 (-2)");
  EXPECT_EQ(github_summary(app_info(), {r}, "/w/report.md"),
            "### data-test: FAIL, rows lost\n\n"
            "app `v1` against the working tree at abc1234: 1 table, 1 FAIL, 0 FLAG.\n\n"
            "| Verdict | Table | Released | New | Delta | Cause | Where |\n"
            "|---|---|---:|---:|---:|---|---|\n"
            "| upgrade FAIL | app.events | 10 | 8 | -2 | NO_SCHEMA_CHANGE |  |\n\n"
            "Full report: `/w/report.md`\n");
}

TEST(ReportGithub, ANoLossRunSaysSoWithNoTable) {
  EXPECT_EQ(github_summary(app_info(), {table("t", 1, 1, Verdict::pass)}, "/w/report.md"),
            "### data-test: no rows lost\n\n"
            "app `v1` against the working tree at abc1234: 1 table, 0 FAIL, 0 FLAG.\n\n"
            "Full report: `/w/report.md`\n");
}

TEST(ReportGithub, AnAcceptedLossIsSummarisedAndAStaleAcceptanceIsAnError) {
  TableResult dropped = table("old_events", 10, 0, Verdict::accepted);
  dropped.accepted = Acceptance{"dropped in 0.23", AcceptedStatus::accepted, Expected::fail,
                                std::nullopt, "data-test.accepted.json"};
  TableResult back = table("sessions", 5, 5, Verdict::pass);
  back.accepted = Acceptance{"purged", AcceptedStatus::stale, Expected::fail, std::nullopt,
                             "data-test.accepted.json"};
  const auto lines = github_annotations({dropped, back});
  ASSERT_EQ(lines.size(), 1u);  // the accepted loss is no finding; the stale acceptance is one
  EXPECT_EQ(lines[0],
            "::error title=data-test stale acceptance app.sessions::app.sessions: accepted as "
            "FAIL (purged), but it now gets PASS; remove the entry from data-test.accepted.json "
            "or look again at the change");
  EXPECT_EQ(github_summary(app_info(), {dropped, back}, "/w/report.md"),
            "### data-test: no rows lost but those accepted\n\n"
            "app `v1` against the working tree at abc1234: 2 tables, 0 FAIL, 0 FLAG.\n\n"
            "1 ACCEPTED: losses or gains the repository declares intended.\n\n"
            "Stale acceptances (no longer matching):\n\n"
            "- app.sessions: accepted as FAIL (purged), but it now gets PASS; remove the entry "
            "from data-test.accepted.json or look again at the change\n\n"
            "Full report: `/w/report.md`\n");
}

}  // namespace
}  // namespace dt
