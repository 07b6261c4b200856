// Every scenario of the example application, end to end: the real data-test binary, a throwaway
// cluster, a real clone with a released tag and a working-tree change. Expected verdicts come
// from tests/example_app/scenarios/expected.json (a table not listed there must be PASS).
#include <string>

#include <gtest/gtest.h>

#include "support/e2e.hpp"

namespace dt::e2e {
namespace {

nlohmann::json expectations() {
  return nlohmann::json::parse(
      read_text(std::string(DATA_TEST_EXAMPLE_APP) + "/scenarios/expected.json"));
}

class Scenario : public testing::TestWithParam<std::string> {};

TEST_P(Scenario, VerdictsMatchExpectations) {
  const std::string name = GetParam();
  const std::string suffix = "_incremental";
  const bool incremental = name.size() > suffix.size() &&
                           name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  const std::string patch = incremental ? name.substr(0, name.size() - suffix.size()) : name;
  const auto expected = expectations().at(name);

  const auto clone = make_app_clone(name, patch);
  const auto work = fresh_dir(name + "-work");
  const auto config = make_operator_config(work.parent_path());
  const Result result = run_data_test(standard_args(clone, work, config, incremental));

  bool any_fail = false;
  for (const auto& [table, verdict] : expected.items()) any_fail |= verdict == "FAIL";
  ASSERT_EQ(result.status, any_fail ? 1 : 0) << result.out << result.err;

  const auto report = read_report_json(work);
  ASSERT_FALSE(report.at("tables").empty());
  for (const auto& [table, verdict] : expected.items()) {
    EXPECT_EQ(verdict_of(report, table), verdict.get<std::string>()) << table;
  }
  for (const auto& row : report.at("tables")) {
    const std::string qualified =
        row.at("schema").get<std::string>() + "." + row.at("table").get<std::string>();
    if (!expected.contains(qualified)) {
      EXPECT_EQ(row.at("verdict"), "PASS")
          << qualified << " released=" << row.at("released_rows") << " new=" << row.at("new_rows");
    }
  }
  // The masking case (docs/adopting.md): without --full the old history collects no commits.
  for (const auto& row : report.at("tables")) {
    if (row.at("table") != "commits") continue;
    const long commits = row.at("released_rows").get<long>();
    if (incremental) {
      EXPECT_EQ(commits, 0);
    } else {
      EXPECT_GT(commits, 0);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(ExampleApp, Scenario,
                         testing::Values("neutral", "fk_regression", "fk_deferred", "not_null",
                                         "check", "rename", "new_table", "relaxed", "drop_table",
                                         "fk_regression_incremental", "demo"));

}  // namespace
}  // namespace dt::e2e
