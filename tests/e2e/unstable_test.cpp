// The profile's unstable_tables on the real binary: a table whose two collections differ by no
// more than its spread is UNSTABLE (reported, never failing, exit 0); beyond the spread a loss
// there still FAILs (exit 1).
#include <string>

#include <gtest/gtest.h>

#include "support/counted_table.hpp"
#include "support/e2e.hpp"

namespace dt::e2e {
namespace {

// A run whose collection writes `released_rows` rows to example_data.noise on the released side
// and `new_rows` on the new one, with that table declared unstable (spread 3).
CountedRun noisy_run(const std::string& name, int released_rows, int new_rows) {
  CountedSetup setup;
  setup.profile_keys["unstable_tables"] = {
      {"example_data.noise", {{"reason", "one row per collection run"}, {"spread", 3}}}};
  return run_counted(name, {"example_data.noise", released_rows, new_rows}, setup);
}

TEST(Unstable, WithinTheSpreadItIsReportedAndNeverFails) {
  const CountedRun run = noisy_run("unstable-within", 10, 8);
  ASSERT_TRUE(exited_with_row(run, 0));
  const nlohmann::json& noise = run.row;
  EXPECT_EQ(noise.at("verdict"), "UNSTABLE");
  EXPECT_EQ(noise.at("unstable").at("spread"), 3);
  EXPECT_EQ(run.report.at("summary").at("unstable"), 1);
  const std::string& out = run.result.out;
  EXPECT_NE(out.find("[ UNSTABLE ] example_data.noise released=10 new=8 (-2): one row per "
                     "collection run (spread 3)"),
            std::string::npos)
      << out;
  EXPECT_NE(read_text(run.work / "out.xml").find("name=\"unstable_reason\" value=\"one row per"),
            std::string::npos);
  const std::string md = read_text(run.work / "report.md");
  EXPECT_NE(md.find("## UNSTABLE"), std::string::npos) << md;
  EXPECT_NE(md.find("- UNSTABLE (the profile's unstable_tables, within their spread): 1"),
            std::string::npos)
      << md;
  // The saved state reads back with the same verdict.
  const Result again = read_back(run);
  EXPECT_EQ(again.status, 0) << again.out << again.err;
}

TEST(Unstable, ALossBeyondTheSpreadStillFails) {
  const CountedRun run = noisy_run("unstable-beyond", 10, 2);
  ASSERT_TRUE(exited_with_row(run, 1));
  EXPECT_EQ(run.row.at("verdict"), "FAIL");
  EXPECT_EQ(run.row.at("unstable").at("reason"), "one row per collection run");
  EXPECT_NE(run.result.out.find("FAIL example_data.noise: released=10 new=2"), std::string::npos)
      << run.result.out;
}

}  // namespace
}  // namespace dt::e2e
