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

// The demo scenario run with GITHUB_ACTIONS=actions, its work dir in dir and
// dir/step_summary.md holding an earlier step's summary.
Result run_demo(const std::filesystem::path& dir, const std::string& actions) {
  const auto clone = make_app_clone(dir.filename().string(), "demo");
  { std::ofstream(dir / "step_summary.md") << "an earlier step's summary\n"; }
  const auto config = make_operator_config(dir);
  std::filesystem::create_directory(dir / "work");
  auto args = standard_args(clone, dir / "work", config);
  args.emplace_back("--no-upgrade");
  return run_data_test(
      args, std::filesystem::current_path(),
      {{"GITHUB_ACTIONS", actions}, {"GITHUB_STEP_SUMMARY", (dir / "step_summary.md").string()}});
}

TEST(GitHubActions, TheSummaryIsAppendedAndEachFindingIsAnnotatedAtItsLine) {
  const auto dir = fresh_dir("gha");
  const Result result = run_demo(dir, "true");
  ASSERT_EQ(result.status, 1) << result.out << result.err;
  const auto report = read_report_json(dir / "work");
  const std::string summary = read_text(dir / "step_summary.md");

  const auto* fail = table_of(report, "example_data.commit_parents");
  const auto* flag = table_of(report, "example_data.branches");
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
  EXPECT_EQ(command_lines(result.out), expected) << result.out;

  const long tables = static_cast<long>(report.at("tables").size());
  const std::string expected_summary = fmt::format(
      "an earlier step's summary\n"
      "### data-test: FAIL, rows lost\n\n"
      "{} `v1.0` against the {}: {} tables, 1 FAIL, 1 FLAG.\n\n"
      "| Verdict | Table | Released | New | Delta | Cause | Where |\n"
      "|---|---|---:|---:|---:|---|---|\n"
      "| FAIL | example_data.commit_parents | {} | {} | {} | {} | `schema.sql:41` |\n"
      "| FLAG | example_data.branches | {} | {} | {} | {} | `schema.sql:{}` |\n\n"
      "Full report: `{}`\n",
      report.at("profile").get<std::string>(), report.at("new").at("version").get<std::string>(),
      tables, fail->at("released_rows").get<long>(), fail->at("new_rows").get<long>(),
      signed_delta(fail->at("delta").get<long>()),
      fail->at("diagnosis").at("cause").get<std::string>(), flag->at("released_rows").get<long>(),
      flag->at("new_rows").get<long>(), signed_delta(flag->at("delta").get<long>()),
      flag->at("diagnosis").at("cause").get<std::string>(), added.line,
      (dir / "work" / "report.md").string());
  EXPECT_EQ(summary, expected_summary);
  // The operator database's API key is in neither.
  EXPECT_EQ(summary.find(secret_key()), std::string::npos);
  EXPECT_EQ(result.out.find(secret_key()), std::string::npos);
}

TEST(GitHubActions, OutsideActionsThereIsNoAnnotationAndTheSummaryIsUntouched) {
  const auto dir = fresh_dir("no-gha");
  const Result result = run_demo(dir, "false");
  ASSERT_EQ(result.status, 1) << result.out << result.err;
  EXPECT_TRUE(command_lines(result.out).empty()) << result.out;
  EXPECT_EQ(read_text(dir / "step_summary.md"), "an earlier step's summary\n");
}

}  // namespace
}  // namespace dt::e2e
