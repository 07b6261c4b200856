// Issue 15, item 4: a schema or table named DISABLED_... is a test like any other (escaped, so
// that GoogleTest does not disable it and hide its FAIL); names map one-to-one to tests.
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "core/test_name.hpp"
#include "support/e2e.hpp"
#include "support/safety.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

// Both sides migrate, then create example_data."DISABLED_x" and "DISABLED_s".t with 3 rows on
// the released side and 1 on the new side: two tables that lose rows.
fs::path disabled_profile(const fs::path& dir) {
  const std::string sql =
      R"(create schema \"DISABLED_s\"; create table \"DISABLED_s\".t (id int); )"
      R"(create table example_data.\"DISABLED_x\" (id int); )"
      R"(insert into \"DISABLED_s\".t select generate_series(1, $n); )"
      R"(insert into example_data.\"DISABLED_x\" select generate_series(1, $n);)";
  const nlohmann::json profile = {
      {"name", "example"},
      {"build", fast_build()},
      {"steps",
       nlohmann::json::array({collector_step({"migrate", "--skip-views"}),
                              sh_step("if [ {side} = released ]; then n=3; else n=1; fi; " +
                                      psql_script("example_{side}", sql))})},
      {"schemas", {"DISABLED_s", "example_data", "example_ops"}},
      {"databases", {{"released", "example_released"}, {"new", "example_new"}}},
      {"discovery_steps", 2}};
  fs::path path = dir / "profile.json";
  std::ofstream(path) << profile.dump(2) << "\n";
  return path;
}

TEST(TestNames, DisabledNamedTablesThatLoseRowsFailInOutputAndXml) {
  const auto clone = make_app_clone("disabled", "");
  const auto work = fresh_dir("disabled-work");
  const auto config = make_operator_config(work.parent_path());
  auto args = run_args(clone, work, config, disabled_profile(work.parent_path()));
  args.push_back("--gtest_output=xml:" + (work / "out.xml").string());
  const Result result = run_data_test(args);
  ASSERT_EQ(result.status, 1) << result.out << result.err;
  EXPECT_EQ(verdict_of(read_report_json(work), "example_data.DISABLED_x"), "FAIL");
  EXPECT_EQ(verdict_of(read_report_json(work), "DISABLED_s.t"), "FAIL");
  EXPECT_NE(result.out.find("[  FAILED  ] example_data.ESC_DISABLED__x"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("[  FAILED  ] ESC_DISABLED__s.t"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("DISABLED TEST"), std::string::npos) << result.out;

  const std::string xml = read_text(work / "out.xml");
  EXPECT_NE(xml.find("disabled=\"0\""), std::string::npos) << xml;
  EXPECT_EQ(xml.find("disabled=\"1\""), std::string::npos) << xml;
  for (const char* name : {"ESC_DISABLED__x", "t"}) {
    const auto at = xml.find(std::string("<testcase name=\"") + name + "\"");
    ASSERT_NE(at, std::string::npos) << name << "\n" << xml;
    const auto end = xml.find("</testcase>", at);
    EXPECT_NE(xml.substr(at, end - at).find("<failure"), std::string::npos) << name;
  }

  // The listing names them the same way, and each listed name maps back to its table.
  const Result listed =
      run_data_test({"--from-state", "--work-dir", work.string(), "--gtest_list_tests"});
  ASSERT_EQ(listed.status, 0) << listed.err;
  EXPECT_NE(listed.out.find("ESC_DISABLED__s.\n  t\n"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("\n  ESC_DISABLED__x\n"), std::string::npos) << listed.out;
  EXPECT_EQ(
      test_name::table_of("example_data.ESC_DISABLED__x"),
      std::make_optional(std::make_pair(std::string("example_data"), std::string("DISABLED_x"))));

  // A filter on the escaped name runs exactly that table, from the saved state.
  const Result one = run_data_test(
      {"--from-state", "--work-dir", work.string(), "--gtest_filter=example_data.ESC_DISABLED__x"});
  EXPECT_EQ(one.status, 1) << one.out << one.err;
  EXPECT_NE(one.out.find("[==========] 1 test from 1 test suite ran."), std::string::npos)
      << one.out;
}

}  // namespace
}  // namespace dt::e2e
