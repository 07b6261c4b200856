#include "ctest_run.hpp"

#include <regex>
#include <stdexcept>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "core/test_name.hpp"
#include "e2e.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {

process::Captured run_or_throw(const std::vector<std::string>& argv, const fs::path& cwd) {
  auto result = process::capture(argv, cwd);
  if (result.status != 0) {
    throw std::runtime_error(fmt::format("'{}' failed ({}):\n{}{}", process::display(argv),
                                         result.status, result.out, result.err));
  }
  return result;
}

process::Captured run_ctest(const fs::path& build, std::vector<std::string> args) {
  args.insert(args.begin(), {"ctest", "--test-dir", build.string()});
  return process::capture(args, build);
}

std::map<std::string, std::string> ctest_statuses(const std::string& ctest_output) {
  // "12/16 Test #11: app.example_data.tags ......   Passed    0.00 sec"; also "***Failed  Error
  // regular expression found in output. ...", "***Not Run", "***Timeout".
  static const std::regex line(R"(Test +#\d+: (\S+) [ .]*(?:\*\*\*)?(Not Run|\w+))");
  std::map<std::string, std::string> statuses;
  for (std::sregex_iterator it(ctest_output.begin(), ctest_output.end(), line), end; it != end;
       ++it) {
    statuses[(*it)[1]] = (*it)[2];
  }
  return statuses;
}

std::vector<std::string> app_cache_args(const fs::path& clone) {
  const fs::path config = make_operator_config(clone.parent_path());
  return {"-DAPP_REPO=" + history_repo().string(), "-DAPP_SOURCE=" + clone.string(),
          "-DAPP_CONFIG=" + config.string(), "-DAPP_PROFILE=" + example_profile().string()};
}

void expect_demo_verdicts(const process::Captured& ran, const std::string& suite,
                          const fs::path& work_dir) {
  EXPECT_NE(ran.status, 0) << "a FAIL table must fail ctest:\n" << ran.out << ran.err;
  const auto report = read_report_json(work_dir);
  std::map<std::string, std::string> expected{{suite + ".collect", "Passed"},
                                              {suite + ".unlisted", "Passed"},
                                              {suite + ".cleanup", "Passed"}};
  std::map<std::string, int> verdicts;
  // A name like "Tag Labels" is listed under its escaped test name (ESC_...): every table has
  // exactly one test, whatever its name.
  for (const auto& row : report.at("tables")) {
    const std::string verdict = row.at("verdict");
    const std::string schema = row.at("schema"), table = row.at("table");
    ++verdicts[verdict];
    expected[fmt::format("{}.{}", suite, test_name::full_name(schema, table))] =
        verdict == "FAIL" ? "Failed" : "Passed";
    // The table's upgrade test, when the run had an upgrade.
    if (!report.at("upgrade").is_null()) {
      const bool failed =
          row.at("upgrade").is_object() && row.at("upgrade").at("verdict") == "FAIL";
      expected[fmt::format("{}.{}", suite, test_name::upgrade_full_name(schema, table))] =
          failed ? "Failed" : "Passed";
    }
  }
  if (!report.at("upgrade").is_null()) {
    expected[suite + ".UPGRADE_.migration"] =
        report.at("upgrade").at("migration") == "failed" ? "Failed" : "Passed";
  }
  auto statuses = ctest_statuses(ran.out);
  for (const auto& [name, status] : expected) {
    EXPECT_EQ(statuses[name], status) << name << "\n" << ran.out << ran.err;
    statuses.erase(name);
  }
  EXPECT_TRUE(statuses.empty()) << ran.out;
  // The demo scenario's verdicts (tests/example_app/scenarios/README.md).
  EXPECT_EQ(verdict_of(report, "example_data.commit_parents"), "FAIL") << report.dump(2);
  EXPECT_EQ(verdict_of(report, "example_data.branches"), "FLAG") << report.dump(2);
  EXPECT_GE(verdicts["PASS"], 1) << report.dump(2);
  EXPECT_FALSE(database_exists("example_released"));
  EXPECT_FALSE(database_exists("example_new"));
}

}  // namespace dt::e2e
