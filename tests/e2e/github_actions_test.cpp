// Under GitHub Actions: the job summary appended to $GITHUB_STEP_SUMMARY and one annotation per
// finding at the line that made it, exactly; nothing when GITHUB_ACTIONS is not "true", and no
// secret in either. The real binary on the example application's demo scenario (a FAIL and a
// FLAG, both changes made in the working tree).
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "support/e2e.hpp"

namespace dt::e2e {
namespace {

std::vector<std::string> command_lines(const std::string& out) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < out.size()) {
    std::size_t end = out.find('\n', start);
    if (end == std::string::npos) end = out.size();
    if (out.compare(start, 2, "::") == 0) lines.push_back(out.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string signed_delta(long delta) {
  return fmt::format("{}{}", delta > 0 ? "+" : "", delta);
}

// The first change of a table's row in report.json, and where it was made.
struct Change {
  std::string text, code, file;
  long line = 0;
};
Change first_change(const nlohmann::json& row) {
  const auto& c = row.at("diagnosis").at("changes").at(0);
  Change out{c.at("text"), c.at("code"), "", 0};
  if (!c.at("source").is_null()) {
    out.file = c.at("source").at("file");
    out.line = c.at("source").at("line");
  }
  return out;
}

struct DemoRun {
  Result result;
  std::filesystem::path work;
  std::string summary;
  nlohmann::json report;
};

DemoRun run_demo(const std::string& name, const std::string& actions) {
  const auto clone = make_app_clone(name, "demo");
  const auto work = fresh_dir(name + "-work");
  const auto summary = work.parent_path() / "step_summary.md";
  { std::ofstream(summary) << "an earlier step's summary\n"; }
  const auto config = make_operator_config(work.parent_path());
  auto args = standard_args(clone, work, config);
  args.emplace_back("--no-upgrade");
  DemoRun run;
  run.result = run_data_test(args, std::filesystem::current_path(),
                             {{"GITHUB_ACTIONS", actions}, {"GITHUB_STEP_SUMMARY", summary}});
  run.work = work;
  run.summary = read_text(summary);
  run.report = read_report_json(work);
  return run;
}

TEST(GitHubActions, TheSummaryIsAppendedAndEachFindingIsAnnotatedAtItsLine) {
  const DemoRun run = run_demo("gha", "true");
  ASSERT_EQ(run.result.status, 1) << run.result.out << run.result.err;

  const auto* fail = table_of(run.report, "example_data.commit_parents");
  const auto* flag = table_of(run.report, "example_data.branches");
  ASSERT_NE(fail, nullptr);
  ASSERT_NE(flag, nullptr);
  ASSERT_EQ(fail->at("verdict"), "FAIL");
  ASSERT_EQ(flag->at("verdict"), "FLAG");
  const Change lost = first_change(*fail);
  const Change added = first_change(*flag);
  ASSERT_EQ(lost.file, "schema.sql");
  ASSERT_EQ(lost.line, 41);
  ASSERT_EQ(added.file, "schema.sql");

  const auto counts = [](const nlohmann::json& row) {
    return fmt::format("released {} rows, new {} ({})", row.at("released_rows").get<long>(),
                       row.at("new_rows").get<long>(), signed_delta(row.at("delta").get<long>()));
  };
  // Exactly these, FAILs first; ':' and ',' escaped only in properties.
  const std::vector<std::string> expected{
      fmt::format("::error file=schema.sql,line=41,title=data-test FAIL "
                  "example_data.commit_parents::{}: {} (at schema.sql:41)",
                  counts(*fail), lost.text),
      fmt::format("::warning file=schema.sql,line={},title=data-test FLAG "
                  "example_data.branches::{}: {} (at schema.sql:{})",
                  added.line, counts(*flag), added.text, added.line)};
  EXPECT_EQ(command_lines(run.result.out), expected) << run.result.out;

  const long tables = static_cast<long>(run.report.at("tables").size());
  const std::string expected_summary = fmt::format(
      "an earlier step's summary\n"
      "### data-test: FAIL, rows lost\n\n"
      "{} `v1.0` against the {}: {} tables, 1 FAIL, 1 FLAG.\n\n"
      "| Verdict | Table | Released | New | Delta | Cause | Where |\n"
      "|---|---|---:|---:|---:|---|---|\n"
      "| FAIL | example_data.commit_parents | {} | {} | {} | {} | `schema.sql:41` |\n"
      "| FLAG | example_data.branches | {} | {} | {} | {} | `schema.sql:{}` |\n\n"
      "Full report: `{}`\n",
      run.report.at("profile").get<std::string>(),
      run.report.at("new").at("version").get<std::string>(), tables,
      fail->at("released_rows").get<long>(), fail->at("new_rows").get<long>(),
      signed_delta(fail->at("delta").get<long>()),
      fail->at("diagnosis").at("cause").get<std::string>(), flag->at("released_rows").get<long>(),
      flag->at("new_rows").get<long>(), signed_delta(flag->at("delta").get<long>()),
      flag->at("diagnosis").at("cause").get<std::string>(), added.line,
      (run.work / "report.md").string());
  EXPECT_EQ(run.summary, expected_summary);
  // The operator database's API key is in neither.
  EXPECT_EQ(run.summary.find(secret_key()), std::string::npos);
  EXPECT_EQ(run.result.out.find(secret_key()), std::string::npos);
}

TEST(GitHubActions, OutsideActionsThereIsNoAnnotationAndTheSummaryIsUntouched) {
  const DemoRun run = run_demo("no-gha", "false");
  ASSERT_EQ(run.result.status, 1) << run.result.out << run.result.err;
  EXPECT_TRUE(command_lines(run.result.out).empty()) << run.result.out;
  EXPECT_EQ(run.summary, "an earlier step's summary\n");
}

}  // namespace
}  // namespace dt::e2e
