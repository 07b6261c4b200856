// Accepted changes on the real binary (issue 28): a drop the working tree declares on purpose
// in data-test.accepted.json is ACCEPTED and exits 0; the same acceptance once the drop is
// reverted is reported stale (a warning, still exit 0); a loss beyond max_lost FAILs.
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "support/counted_table.hpp"
#include "support/e2e.hpp"

namespace dt::e2e {
namespace {

// A run whose collection makes example_data.old_events with `released_rows` rows on the released
// side and, on the new side, `new_rows` rows (nullopt: the table is dropped), with the clone's
// data-test.accepted.json saying `acceptance`.
CountedRun run_with(const std::string& name, int released_rows, std::optional<int> new_rows,
                    const nlohmann::json& acceptance) {
  CountedSetup setup;
  setup.clone_files = {{"data-test.accepted.json", acceptance.dump(2)}};
  return run_counted(name, {"example_data.old_events", released_rows, new_rows}, setup);
}

nlohmann::json accepting(const nlohmann::json& body) {
  return {{"example_data.old_events", body}};
}

const nlohmann::json kDropped = {{"verdict", "FAIL"},
                                 {"reason", "dropped on purpose in 0.23, see #412"}};

TEST(Accepted, AnAcceptedDropIsAcceptedAndExitsZeroWithItsEvidence) {
  const CountedRun run = run_with("accepted-drop", 10, std::nullopt, accepting(kDropped));
  ASSERT_TRUE(exited_with_row(run, 0));
  const nlohmann::json& t = run.row;
  EXPECT_EQ(t.at("verdict"), "ACCEPTED");
  EXPECT_EQ(t.at("released_rows"), 10);
  EXPECT_EQ(t.at("new_rows"), 0);
  EXPECT_EQ(t.at("accepted").at("status"), "accepted");
  EXPECT_EQ(t.at("accepted").at("reason"), "dropped on purpose in 0.23, see #412");
  EXPECT_EQ(run.report.at("summary").at("accepted"), 1);
  EXPECT_EQ(run.report.at("summary").at("fail"), 0);
  // Its evidence is kept: the schema change that dropped it.
  EXPECT_FALSE(t.at("diagnosis").at("changes").empty()) << t.dump(2);
  const std::string xml = read_text(run.work / "out.xml");
  EXPECT_NE(xml.find("name=\"accepted\" value=\"accepted\""), std::string::npos) << xml;
  const std::string md = read_text(run.work / "report.md");
  EXPECT_NE(md.find("## ACCEPTED"), std::string::npos) << md;
  EXPECT_NE(md.find("dropped on purpose in 0.23, see #412"), std::string::npos) << md;
  const std::string& out = run.result.out;
  EXPECT_NE(out.find("[ ACCEPTED ] example_data.old_events released=10 new=0 (-10)"),
            std::string::npos)
      << out;
  // The saved state reads back with the same outcome.
  const Result again = read_back(run);
  EXPECT_EQ(again.status, 0) << again.out << again.err;
}

TEST(Accepted, TheSameAcceptanceAfterTheDropIsRevertedIsStale) {
  const CountedRun run = run_with("accepted-stale", 10, 10, accepting(kDropped));
  ASSERT_TRUE(exited_with_row(run, 0));
  EXPECT_EQ(run.row.at("verdict"), "PASS");
  EXPECT_EQ(run.row.at("accepted").at("status"), "stale");
  EXPECT_NE(run.result.err.find("stale acceptance: example_data.old_events"), std::string::npos)
      << run.result.err;
  EXPECT_NE(read_text(run.work / "out.xml").find("name=\"accepted\" value=\"stale\""),
            std::string::npos);
  EXPECT_NE(read_text(run.work / "report.md").find("stale"), std::string::npos);
}

TEST(Accepted, ALossBeyondTheBoundFails) {
  auto bounded = kDropped;
  bounded["max_lost"] = 5;
  const CountedRun run = run_with("accepted-bound", 10, 2, accepting(bounded));
  ASSERT_TRUE(exited_with_row(run, 1));
  EXPECT_EQ(run.row.at("verdict"), "FAIL");
  EXPECT_EQ(run.row.at("accepted").at("status"), "out_of_bounds");
  EXPECT_NE(read_text(run.work / "out.xml").find("name=\"accepted\" value=\"out_of_bounds\""),
            std::string::npos);
  EXPECT_NE(run.result.out.find("lost 8 rows, more than the 5 its acceptance allows"),
            std::string::npos)
      << run.result.out;
}

}  // namespace
}  // namespace dt::e2e
