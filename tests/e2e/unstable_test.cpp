// The profile's unstable_tables on the real binary: a table whose two collections differ by no
// more than its spread is UNSTABLE (reported, never failing, exit 0); beyond the spread a loss
// there still FAILs (exit 1).
#include <fstream>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "support/e2e.hpp"
#include "support/safety.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

// A run whose collection writes `released_rows` rows to example_data.noise on the released side
// and `new_rows` on the new one, with that table declared unstable (spread 3).
Result noisy_run(const std::string& name, int released_rows, int new_rows, fs::path& work) {
  const auto clone = make_app_clone(name, "");
  work = fresh_dir(name + "-work");
  auto profile = nlohmann::json::parse(read_text(example_profile()));
  profile["build"] = fast_build();
  profile["steps"].push_back(sh_step(psql_script(
      "example_{side}",
      fmt::format("create table example_data.noise (n integer); insert into example_data.noise "
                  "select g from generate_series(1, case when current_database() = "
                  "'example_released' then {} else {} end) g",
                  released_rows, new_rows))));
  profile["unstable_tables"] = {
      {"example_data.noise", {{"reason", "one row per collection run"}, {"spread", 3}}}};
  std::ofstream(work.parent_path() / "profile.json") << profile.dump(2);
  auto args = run_args(clone, work, make_operator_config(work.parent_path()),
                       work.parent_path() / "profile.json");
  // The table is made by a collection step, not the schema: the upgrade would (rightly) call it
  // one a fresh install lacks.
  args.emplace_back("--no-upgrade");
  args.push_back("--gtest_output=xml:" + (work / "out.xml").string());
  return run_data_test(args);
}

TEST(Unstable, WithinTheSpreadItIsReportedAndNeverFails) {
  fs::path work;
  const Result r = noisy_run("unstable-within", 10, 8, work);
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  const auto report = read_report_json(work);
  const nlohmann::json* noise = table_of(report, "example_data.noise");
  ASSERT_NE(noise, nullptr);
  EXPECT_EQ(noise->at("verdict"), "UNSTABLE");
  EXPECT_EQ(noise->at("unstable").at("spread"), 3);
  EXPECT_EQ(report.at("summary").at("unstable"), 1);
  EXPECT_NE(r.out.find("[ UNSTABLE ] example_data.noise released=10 new=8 (-2): one row per "
                       "collection run (spread 3)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(read_text(work / "out.xml").find("name=\"unstable_reason\" value=\"one row per"),
            std::string::npos);
  const std::string md = read_text(work / "report.md");
  EXPECT_NE(md.find("## UNSTABLE"), std::string::npos) << md;
  EXPECT_NE(md.find("- UNSTABLE (the profile's unstable_tables, within their spread): 1"),
            std::string::npos)
      << md;
  // The saved state reads back with the same verdict.
  const Result again = run_data_test(
      {"--from-state", "--work-dir", work.string(), "--gtest_filter=example_data.noise"});
  EXPECT_EQ(again.status, 0) << again.out << again.err;
}

TEST(Unstable, ALossBeyondTheSpreadStillFails) {
  fs::path work;
  const Result r = noisy_run("unstable-beyond", 10, 2, work);
  ASSERT_EQ(r.status, 1) << r.out << r.err;
  const auto report = read_report_json(work);
  const nlohmann::json* noise = table_of(report, "example_data.noise");
  ASSERT_NE(noise, nullptr);
  EXPECT_EQ(noise->at("verdict"), "FAIL");
  EXPECT_EQ(noise->at("unstable").at("reason"), "one row per collection run");
  EXPECT_NE(r.out.find("FAIL example_data.noise: released=10 new=2"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace dt::e2e
