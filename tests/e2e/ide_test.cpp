// The IDE recipes of docs/ctest.md, tested with the exact commands the IDEs run, on a build tree
// configured as the recipes say (-DDATA_TEST_LIST_LAST_KNOWN=ON):
// - VS Code CMake Tools and CLion list with `ctest --show-only=json-v1 -C <config>` and run
//   CMake Tools' way: `ctest -j<N> -C <config> -T test --output-on-failure -R ^<escaped name>$`,
//   then read Testing/<tag>/Test.xml;
// - C++ TestMate runs the suite's launcher with `--help` (to see a GoogleTest program), lists
//   with `--gtest_list_tests --gtest_output=xml:<file>`, and runs with
//   `--gtest_color=no --gtest_filter=<a>:<b> --gtest_also_run_disabled_tests`.
// Listing must print nothing else on stdout and, once the tables are known, build nothing.
#include <regex>
#include <string>

#include <gtest/gtest.h>

#include "support/ctest_run.hpp"
#include "support/e2e.hpp"
#include "support/suite_tree.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

const char* kConfig = "RelWithDebInfo";

// The suite's tree (one per test process): a FAIL (example_data.lost_rows), a FLAG
// (example_data.gained_rows) and PASS tables; the IDE setting -DDATA_TEST_LIST_LAST_KNOWN=ON.
const SuiteTree& tree() {
  static const SuiteTree t = [] {
    SuiteOptions options{"neutral", false, true};
    options.extra_steps = nlohmann::json::array({verdict_tables_step()});
    return make_suite_tree("ide", options);
  }();
  return t;
}

// What the IDE shows: test names from `ctest --show-only=json-v1`.
std::vector<std::string> json_tests(const process::Captured& shown) {
  std::vector<std::string> names;
  const auto json = nlohmann::json::parse(shown.out);  // stdout is the JSON alone
  EXPECT_EQ(json.at("kind"), "ctestInfo");
  for (const auto& test : json.at("tests")) names.push_back(test.at("name"));
  return names;
}

bool has(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// CMake Tools' escapeStringForRegex: a backslash before each regex metacharacter.
std::string escaped(const std::string& name) {
  return std::regex_replace(name, std::regex(R"([.*+?^${}()|\[\]\\])"), R"(\$&)");
}

// The Status of test `name` in the Test.xml CMake Tools reads after `ctest -T test`.
std::string ctest_xml_status(const fs::path& build, const std::string& name) {
  const std::string tag = read_text(build / "Testing" / "TAG");
  const std::string xml = read_text(build / "Testing" / tag.substr(0, tag.find('\n')) / "Test.xml");
  const std::regex test("<Test Status=\"(\\w+)\">\\s*<Name>" + escaped(name) + "</Name>");
  std::smatch m;
  return std::regex_search(xml, m, test) ? std::string(m[1]) : "absent";
}

// Every stdout line of a listing is a suite line ("schema.") or a test line ("  table").
void expect_listing_only(const std::string& out) {
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    EXPECT_TRUE(std::regex_match(line, std::regex(R"([A-Za-z0-9_]+\.|  [A-Za-z0-9_]+)")))
        << "not a listing line: '" << line << "'\n"
        << out;
  }
}

process::Captured launcher(std::vector<std::string> args) {
  args.insert(args.begin(), tree().launcher().string());
  return process::capture(args, tree().launcher().parent_path());
}

TEST(Ide, CMakeToolsAndCLionListAndRunThroughCTest) {
  const fs::path build = tree().build;
  // Before any collection nothing is known: the suite's own tests are listed, nothing is built.
  const auto first = run_ctest(build, {"--show-only=json-v1", "-C", kConfig});
  ASSERT_EQ(first.status, 0) << first.err;
  const auto before = json_tests(first);
  EXPECT_TRUE(has(before, "app.collect") && has(before, "app.unlisted")) << first.out;
  EXPECT_EQ(tree().builds(), 0);

  // Run all (CMake Tools' "Run Tests"): the unlisted test names and fails the FAIL table.
  const auto all = run_ctest(build, {"-j2", "-C", kConfig, "-T", "test", "--output-on-failure"});
  EXPECT_NE(all.status, 0) << all.out;
  EXPECT_EQ(ctest_xml_status(build, "app.unlisted"), "failed") << all.out;
  EXPECT_NE(all.out.find("FAIL example_data.lost_rows"), std::string::npos) << all.out;
  const int built = tree().builds();

  // A refresh lists every table, from the saved collection.
  const auto refreshed = json_tests(run_ctest(build, {"--show-only=json-v1", "-C", kConfig}));
  EXPECT_TRUE(has(refreshed, "app.example_data.lost_rows"));
  EXPECT_TRUE(has(refreshed, "app.example_data.gained_rows"));

  // One test at a time, as CMake Tools runs them.
  for (const auto& [name, status] :
       std::vector<std::pair<std::string, std::string>>{{"app.example_data.lost_rows", "failed"},
                                                        {"app.example_data.gained_rows", "passed"},
                                                        {"app.example_data.commits", "passed"}}) {
    const auto one = run_ctest(build, {"-j2", "-C", kConfig, "-T", "test", "--output-on-failure",
                                       "-R", "^" + escaped(name) + "$"});
    EXPECT_EQ(ctest_xml_status(build, name), status) << one.out;
  }
  EXPECT_EQ(tree().builds(), built) << "running known tables rebuilt";

  // An edit in the IDE: the refresh still lists, building nothing.
  tree().edit_tree("edited in VS Code");
  const auto stale = json_tests(run_ctest(build, {"--show-only=json-v1", "-C", kConfig}));
  EXPECT_TRUE(has(stale, "app.example_data.lost_rows"));
  EXPECT_EQ(tree().builds(), built);
}

TEST(Ide, TestMateFindsListsAndRunsTheLauncher) {
  // TestMate's GoogleTest detection: its regex over the stdout of `<exe> --help`.
  const auto help = launcher({"--help"});
  ASSERT_EQ(help.status, 0) << help.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      help.out, m,
      std::regex(R"(This program contains tests written using [\s\S]*--(\w+)list_tests[\s\S]*)"
                 R"(List the names of all tests instead of running them)")))
      << help.out;
  EXPECT_EQ(m[1], "gtest_");

  // Make the tables known (a collection through ctest, as the recipes' first run does).
  run_ctest(tree().build, {"-R", "^app\\.collect$"});
  const int built = tree().builds();

  const fs::path xml = tree().launcher().string() + ".TestMate.testListCache.0.xml";
  const auto listed = launcher({"--gtest_list_tests", "--gtest_output=xml:" + xml.string()});
  ASSERT_EQ(listed.status, 0) << listed.out << listed.err;
  expect_listing_only(listed.out);
  EXPECT_NE(listed.out.find("example_data.\n"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("\n  lost_rows\n"), std::string::npos) << listed.out;
  const std::string listing_xml = read_text(xml);
  EXPECT_NE(listing_xml.find("<testcase name=\"lost_rows\""), std::string::npos) << listing_xml;
  EXPECT_EQ(tree().builds(), built);

  // Running two tests as TestMate does: the FAIL fails, the PASS passes; nothing is built.
  const auto ran =
      launcher({"--gtest_color=no", "--gtest_filter=example_data.lost_rows:example_data.commits",
                "--gtest_also_run_disabled_tests"});
  EXPECT_EQ(ran.status, 1) << ran.out << ran.err;
  EXPECT_NE(ran.out.find("[ RUN      ] example_data.lost_rows"), std::string::npos);
  EXPECT_NE(ran.out.find("[  FAILED  ] example_data.lost_rows ("), std::string::npos) << ran.out;
  EXPECT_NE(ran.out.find("[       OK ] example_data.commits ("), std::string::npos) << ran.out;
  EXPECT_EQ(ran.out.find("\033["), std::string::npos) << "--gtest_color=no coloured";
  EXPECT_EQ(tree().builds(), built);

  // After an edit, TestMate's reload still lists at once (the last known tables).
  tree().edit_tree("edited before a TestMate reload");
  const auto relisted = launcher({"--gtest_list_tests", "--gtest_output=xml:" + xml.string()});
  ASSERT_EQ(relisted.status, 0) << relisted.err;
  expect_listing_only(relisted.out);
  EXPECT_NE(relisted.out.find("\n  lost_rows\n"), std::string::npos) << relisted.out;
  EXPECT_EQ(tree().builds(), built);
}

}  // namespace
}  // namespace dt::e2e
