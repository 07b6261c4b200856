// data-test as a GoogleTest program: XML/JSON output per table, FLAG warnings and summary,
// --gtest_filter, and --gtest_list_tests without collection.
#include <algorithm>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "core/test_name.hpp"
#include "support/e2e.hpp"
#include "support/safety.hpp"
#include "support/suite_tree.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

// One run of the demo scenario (FAIL + FLAG + PASS), shared by the tests of this file.
struct DemoRun {  // NOLINT(bugprone-exception-escape): json's default constructor never throws
  fs::path work;
  Result result;
  nlohmann::json report;
  std::string xml;
  nlohmann::json json;
};

const DemoRun& demo_run() {
  static const DemoRun run = [] {
    DemoRun r;
    const auto clone = make_app_clone("gtest", "demo");
    r.work = fresh_dir("gtest-work");
    auto args = standard_args(clone, r.work, make_operator_config(r.work.parent_path()));
    args.push_back("--gtest_output=xml:" + (r.work / "out.xml").string());
    r.result = run_data_test(args);
    r.report = read_report_json(r.work);
    r.xml = read_text(r.work / "out.xml");
    // The same results, as JSON, from the saved state (no second collection).
    const Result again = run_data_test({"--from-state", "--work-dir", r.work.string(),
                                        "--gtest_output=json:" + (r.work / "out.json").string()});
    r.json = nlohmann::json::parse(read_text(r.work / "out.json"));
    return r;
  }();
  return run;
}

// The <testcase ...>...</testcase> elements of a GoogleTest XML file.
std::vector<std::string> testcases(const std::string& xml) {
  std::vector<std::string> cases;
  std::size_t pos = 0;
  while ((pos = xml.find("<testcase ", pos)) != std::string::npos) {
    std::size_t end = xml.find("</testcase>", pos);
    const std::size_t self_closing = xml.find("/>", pos);
    const std::size_t next = xml.find("<testcase ", pos + 1);
    if (end == std::string::npos || (next != std::string::npos && end > next)) end = self_closing;
    cases.push_back(xml.substr(pos, end - pos));
    pos = end;
  }
  return cases;
}

std::string property(const std::string& testcase, const std::string& name) {
  const std::regex re("<property name=\"" + name + "\" value=\"([^\"]*)\"");
  std::smatch m;
  if (std::regex_search(testcase, m, re)) return m[1];
  const std::regex attr(" " + name + "=\"([^\"]*)\"");
  if (std::regex_search(testcase, m, attr)) return m[1];
  return "";
}

TEST(GTestOutput, XmlHasOneTestcasePerTableWithPropertiesAndFailuresExactlyForFail) {
  const DemoRun& run = demo_run();
  ASSERT_EQ(run.result.status, 1) << run.result.out << run.result.err;
  // A table's test, its upgrade test (check=upgrade), and the migration's test.
  const auto all = testcases(run.xml);
  std::vector<std::string> cases, upgrades, migrations;
  for (const auto& c : all) {
    const std::string check = property(c, "check");
    (check == "upgrade"             ? upgrades
     : check == "upgrade_migration" ? migrations
                                    : cases)
        .push_back(c);
  }
  ASSERT_EQ(cases.size(), run.report.at("tables").size()) << run.xml;
  ASSERT_EQ(upgrades.size(), run.report.at("tables").size()) << run.xml;
  ASSERT_EQ(migrations.size(), 1u) << run.xml;
  EXPECT_EQ(property(migrations[0], "migration"), "passed");
  EXPECT_EQ(migrations[0].find("<failure"), std::string::npos) << migrations[0];
  for (const auto& row : run.report.at("tables")) {
    const std::string table = row.at("table");
    const auto it = std::find_if(cases.begin(), cases.end(), [&](const std::string& c) {
      return property(c, "table") == table && property(c, "schema") == row.at("schema");
    });
    const auto up = std::find_if(upgrades.begin(), upgrades.end(), [&](const std::string& c) {
      return property(c, "table") == table && property(c, "schema") == row.at("schema");
    });
    ASSERT_NE(up, upgrades.end()) << table;
    const auto& u = row.at("upgrade");
    EXPECT_EQ(property(*up, "released_rows"), std::to_string(u.at("released_rows").get<long>()));
    EXPECT_EQ(property(*up, "upgraded_rows"), std::to_string(u.at("upgraded_rows").get<long>()));
    EXPECT_EQ(property(*up, "verdict"), u.at("verdict").get<std::string>());
    EXPECT_EQ(property(*up, "cause"), u.at("cause").get<std::string>());
    EXPECT_EQ(property(*up, "content"),
              u.at("content").is_null() ? "not compared" : u.at("content").get<std::string>());
    EXPECT_EQ(up->find("<failure") != std::string::npos, u.at("verdict") == "FAIL") << *up;
    ASSERT_NE(it, cases.end()) << table;
    EXPECT_EQ(property(*it, "released_rows"), std::to_string(row.at("released_rows").get<long>()));
    EXPECT_EQ(property(*it, "new_rows"), std::to_string(row.at("new_rows").get<long>()));
    EXPECT_EQ(property(*it, "verdict"), row.at("verdict").get<std::string>());
    const long delta = row.at("delta").get<long>();
    EXPECT_EQ(property(*it, "delta"),
              delta > 0 ? "+" + std::to_string(delta) : std::to_string(delta));
    const bool failed = it->find("<failure") != std::string::npos;
    EXPECT_EQ(failed, row.at("verdict") == "FAIL") << table;
    const std::string note = row.at("note").is_string() ? row.at("note").get<std::string>() : "";
    EXPECT_EQ(property(*it, "note"), note) << *it;
  }
}

TEST(GTestOutput, JsonHasTheSameTestcases) {
  const DemoRun& run = demo_run();
  std::size_t count = 0, failures = 0, upgrade_failures = 0;
  for (const auto& suite : run.json.at("testsuites")) {
    for (const auto& test : suite.at("testsuite")) {
      const std::string check = test.value("check", "");
      if (check == "upgrade_migration") continue;
      EXPECT_TRUE(test.contains("verdict")) << test.dump();
      EXPECT_EQ(test.contains("failures"), test.value("verdict", "") == "FAIL") << test.dump();
      const bool failed = test.contains("failures");
      if (check == "upgrade") {
        upgrade_failures += failed ? 1 : 0;
        continue;
      }
      ++count;
      failures += failed ? 1 : 0;
    }
  }
  EXPECT_EQ(count, run.report.at("tables").size());
  EXPECT_EQ(failures, run.report.at("summary").at("fail").get<std::size_t>());
  EXPECT_EQ(upgrade_failures, run.report.at("upgrade").at("summary").at("fail").get<std::size_t>());
}

TEST(GTestOutput, FlagTablesPassWithAWarningAndAreSummarized) {
  const DemoRun& run = demo_run();
  std::size_t flags = 0;
  for (const auto& row : run.report.at("tables")) {
    if (row.at("verdict") != "FLAG") continue;
    ++flags;
    const std::string line = "[  FLAG    ] " + row.at("schema").get<std::string>() + "." +
                             row.at("table").get<std::string>() + " released=";
    const auto first = run.result.out.find(line);
    ASSERT_NE(first, std::string::npos) << run.result.out;
    EXPECT_NE(run.result.out.find(line, first + 1), std::string::npos) << "not in the summary";
  }
  EXPECT_GE(flags, 1u);
  EXPECT_NE(run.result.out.find("with more rows in the new version"), std::string::npos);
}

TEST(GTestOutput, FilterRunsASubset) {
  const DemoRun& run = demo_run();
  const fs::path xml = run.work / "filtered.xml";
  const Result result =
      run_data_test({"--from-state", "--work-dir", run.work.string(),
                     "--gtest_filter=example_data.commits", "--gtest_output=xml:" + xml.string()});
  EXPECT_EQ(result.status, 0) << result.out << result.err;
  const auto cases = testcases(read_text(xml));
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(property(cases[0], "table"), "commits");
}

TEST(GTestOutput, FilterSelectingNoTableExitsTwoAndStillCleansUp) {
  const DemoRun& run = demo_run();
  const Result from_state = run_data_test(
      {"--from-state", "--work-dir", run.work.string(), "--gtest_filter=no_such.table"});
  EXPECT_EQ(from_state.status, 2) << from_state.out << from_state.err;
  EXPECT_NE(from_state.err.find("selects none of the"), std::string::npos) << from_state.err;

  const auto clone = make_app_clone("nofilter", "neutral");
  const auto work = fresh_dir("nofilter-work");
  auto args = standard_args(clone, work, make_operator_config(work.parent_path()));
  args.emplace_back("--gtest_filter=no_such.table");
  const Result collected = run_data_test(args);
  EXPECT_EQ(collected.status, 2) << collected.out << collected.err;
  EXPECT_FALSE(database_exists("example_released"));
  EXPECT_FALSE(database_exists("example_new"));
  EXPECT_FALSE(fs::exists(work / "released-src"));
  EXPECT_TRUE(fs::exists(work / "report.md"));  // the report is never lost
}

TEST(GTestOutput, ListTestsListsExactlyTheBaseTablesWithoutCollecting) {
  const DemoRun& run = demo_run();
  const auto clone = make_app_clone("list", "demo");
  const auto work = fresh_dir("list-work");
  auto args = standard_args(clone, work, make_operator_config(work.parent_path()));
  args.emplace_back("--gtest_list_tests");
  const Result result = run_data_test(args);
  ASSERT_EQ(result.status, 0) << result.out << result.err;

  std::set<std::string> listed, expected;
  std::string suite;
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("  ", 0) == 0) {
      listed.insert(suite + line.substr(2));
    } else if (!line.empty() && line.back() == '.') {
      suite = line;
    }
  }
  // Every table, each under its test name (ESC_... when escaped), and its upgrade test; and the
  // upgrade's migration test.
  for (const auto& row : run.report.at("tables")) {
    const std::string schema = row.at("schema"), table = row.at("table");
    expected.insert(test_name::full_name(schema, table));
    expected.insert(test_name::upgrade_full_name(schema, table));
  }
  expected.insert(std::string(test_name::kUpgradeMigration));
  for (const auto& name : expected) EXPECT_TRUE(listed.count(name)) << name << "\n" << result.out;
  EXPECT_EQ(listed.size(), expected.size()) << result.out;
  EXPECT_EQ(listed.size(), 2 * run.report.at("tables").size() + 1) << result.out;

  // No collection: only the discovery step ran, and the scratch databases are gone.
  for (const char* side : {"released", "new"}) {
    const std::string log = read_text(work / "logs" / (std::string(side) + ".discovery.log"));
    EXPECT_NE(log.find("migrate"), std::string::npos) << log;
    EXPECT_EQ(log.find("add-repo"), std::string::npos) << log;
    EXPECT_EQ(log.find(" collect "), std::string::npos) << log;
  }
  EXPECT_FALSE(fs::exists(work / "state.json"));
  EXPECT_FALSE(database_exists("example_released_discovery"));
  EXPECT_FALSE(database_exists("example_new_discovery"));
  // stdout is the listing alone (IDEs parse it); the builds' output went to stderr.
  std::istringstream out(result.out);
  for (std::string text; std::getline(out, text);) {
    EXPECT_TRUE(text.rfind("  ", 0) == 0 || (!text.empty() && text.back() == '.')) << text;
  }
}

TEST(GTestOutput, ListTestsFromMatchingStateRunsNothing) {
  const DemoRun& run = demo_run();
  const Result result =
      run_data_test({"--from-state", "--work-dir", run.work.string(), "--gtest_list_tests"});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out.rfind("example_data.\n", 0), 0u) << result.out;
  EXPECT_NE(result.out.find("\n  commits\n"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("\nexample_ops.\n"), std::string::npos) << result.out;
}

TEST(GTestOutput, HarnessFailureIsAFailingTestNotAnEmptySuite) {
  const auto clone = make_app_clone("gtest-fail", "");
  const auto work = fresh_dir("gtest-fail-work");
  auto args = standard_args(clone, work, make_operator_config(work.parent_path()));
  args[1] = "no-such-tag";
  args.push_back("--gtest_output=xml:" + (work / "out.xml").string());
  const Result result = run_data_test(args);
  EXPECT_EQ(result.status, 2);
  const std::string xml = read_text(work / "out.xml");
  EXPECT_NE(xml.find("name=\"Harness\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<failure"), std::string::npos) << xml;
}

// A collection with a FAIL (example_data.lost_rows), a FLAG (example_data.gained_rows) and PASS
// tables that compiles nothing (both sides copy the prebuilt collector), for the flags that only
// need a saved collection.
struct QuickRun {
  fs::path clone, config, profile, work;
};

const QuickRun& quick_run() {
  static const QuickRun run = [] {
    QuickRun r;
    r.clone = make_app_clone("gtest-quick", "");
    r.work = fresh_dir("gtest-quick-work");
    r.config = make_operator_config(r.work.parent_path());
    auto steps = quick_steps();
    steps.push_back(verdict_tables_step());
    r.profile = write_profile(fresh_dir("gtest-quick-profile"), fast_build(), steps);
    const Result collected = run_data_test(run_args(r.clone, r.work, r.config, r.profile));
    if (collected.status != 1) throw std::runtime_error("quick run: " + collected.err);
    return r;
  }();
  return run;
}

// "--gtest_list_tests=0" is GoogleTest's "do not list": the tables run, with their verdicts.
TEST(GTestOutput, ListTestsZeroRunsTheTablesInsteadOfListingThem) {
  const QuickRun& run = quick_run();
  // From the state, and through the collection path (which reuses the demo's collection).
  auto collecting = run_args(run.clone, run.work, run.config, run.profile);
  collecting.emplace_back("--reuse-state");
  for (auto args :
       {std::vector<std::string>{"--from-state", "--work-dir", run.work.string()}, collecting}) {
    args.emplace_back("--gtest_list_tests=0");
    const Result result = run_data_test(args);
    EXPECT_EQ(result.status, 1) << result.out << result.err;
    EXPECT_NE(result.out.find("[  FAILED  ] example_data.lost_rows"), std::string::npos)
        << result.out;
    EXPECT_NE(result.out.find("[  PASS    ] example_data.commits released="), std::string::npos)
        << result.out;
  }
  // And "=1" lists.
  const Result listed =
      run_data_test({"--from-state", "--work-dir", run.work.string(), "--gtest_list_tests=1"});
  EXPECT_EQ(listed.status, 0);
  EXPECT_EQ(listed.out.rfind("example_data.\n", 0), 0u) << listed.out;
}

TEST(GTestOutput, BadInputPrintsOnlyItsOneLineUnlessAMachineReadsTheOutput) {
  const auto clone = make_app_clone("bad-input", "");
  const auto work = fresh_dir("bad-input-work");
  auto args = standard_args(clone, work, work / "no-such-config.json");
  const Result plain = run_data_test(args);
  EXPECT_EQ(plain.status, 2);
  EXPECT_EQ(plain.out, "");
  EXPECT_EQ(count_lines_starting(plain.err, "data-test: error: "), 1) << plain.err;
  EXPECT_EQ(plain.err.find('\n'), plain.err.size() - 1) << plain.err;  // that one line only
  EXPECT_NE(plain.err.find("no-such-config.json"), std::string::npos) << plain.err;

  // Where a machine reads the results, the failing DataTest.Harness test is still there.
  const fs::path xml = work / "env.xml";
  const Result env =
      run_data_test(args, fs::current_path(), {{"GTEST_OUTPUT", "xml:" + xml.string()}});
  EXPECT_EQ(env.status, 2);
  const std::string text = read_text(xml);
  EXPECT_NE(text.find("name=\"Harness\""), std::string::npos) << text;
  EXPECT_NE(text.find("<failure"), std::string::npos) << text;
}

TEST(GTestOutput, BriefAndColorApplyToThePassAndFlagLines) {
  const QuickRun& run = quick_run();
  const std::vector<std::string> from_state{"--from-state", "--work-dir", run.work.string()};
  const std::string flag = "[  FLAG    ] example_data.gained_rows released=";
  auto with = [&](std::vector<std::string> more) {
    more.insert(more.begin(), from_state.begin(), from_state.end());
    return run_data_test(more);
  };
  auto occurrences = [](const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
  };

  const Result brief = with({"--gtest_brief=1", "--gtest_color=no"});
  EXPECT_EQ(brief.status, 1);
  EXPECT_EQ(brief.out.find("[  PASS    ]"), std::string::npos) << brief.out;
  EXPECT_EQ(occurrences(brief.out, flag), 1u) << "only in the summary:\n" << brief.out;
  EXPECT_NE(brief.out.find("[  FAILED  ] example_data.lost_rows"), std::string::npos);

  const Result full = with({"--gtest_color=no"});
  EXPECT_NE(full.out.find("[  PASS    ] example_data.commits"), std::string::npos) << full.out;
  EXPECT_EQ(occurrences(full.out, flag), 2u) << full.out;
  EXPECT_EQ(full.out.find("\033["), std::string::npos);

  const Result colour = with({"--gtest_color=yes"});
  EXPECT_NE(colour.out.find("\033[0;32m[  PASS    ]\033[m example_data.commits"), std::string::npos)
      << colour.out;
  EXPECT_NE(colour.out.find("\033[0;33m[  FLAG    ]\033[m example_data.gained_rows"),
            std::string::npos)
      << colour.out;
  // Not a terminal, so "auto" (the default) does not colour.
  EXPECT_EQ(with({}).out.find("\033[0;32m[  PASS"), std::string::npos);
}

TEST(GTestOutput, OutputOverDataTestsOwnReportIsRefusedWithOneLine) {
  const QuickRun& run = quick_run();
  const std::string report_before = read_text(run.work / "report.json");
  const std::string state_before = read_text(run.work / "state.json");
  const std::vector<std::string> from_state{"--from-state", "--work-dir", run.work.string()};

  // The case: in the work dir, --gtest_output=json:report.json.
  auto args = from_state;
  args.emplace_back("--gtest_output=json:report.json");
  const Result flag = run_data_test(args, run.work);
  EXPECT_EQ(flag.status, 2);
  EXPECT_EQ(count_lines_starting(flag.err,
                                 "data-test: error: --gtest_output 'json:report.json' "
                                 "would overwrite data-test's own"),
            1)
      << flag.err;
  EXPECT_EQ(flag.out, "");

  // The same through GTEST_OUTPUT, over the state, from another directory.
  const Result env = run_data_test(from_state, fs::current_path(),
                                   {{"GTEST_OUTPUT", "xml:" + (run.work / "state.json").string()}});
  EXPECT_EQ(env.status, 2);
  EXPECT_NE(env.err.find("would overwrite data-test's own"), std::string::npos) << env.err;
  EXPECT_EQ(read_text(run.work / "report.json"), report_before);
  EXPECT_EQ(read_text(run.work / "state.json"), state_before);

  // Beside them is fine.
  args = from_state;
  args.emplace_back("--gtest_output=json:gtest.json");
  const Result beside = run_data_test(args, run.work);
  EXPECT_EQ(beside.status, 1) << beside.err;
  EXPECT_TRUE(fs::exists(run.work / "gtest.json"));
}

}  // namespace
}  // namespace dt::e2e
