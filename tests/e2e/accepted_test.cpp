// Accepted changes on the real binary (issue 28): a drop the working tree declares on purpose
// in data-test.accepted.json is ACCEPTED and exits 0; the same acceptance once the drop is
// reverted is reported stale (a warning, still exit 0); a loss beyond max_lost FAILs.
#include <fstream>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "support/e2e.hpp"
#include "support/safety.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

// A run whose collection makes example_data.old_events with `released_rows` rows on the released
// side and, on the new side, `new_rows` rows (nullopt: the table is dropped), with the clone's
// data-test.accepted.json saying `acceptance`.
Result run_with(const std::string& name, int released_rows, std::optional<int> new_rows,
                const nlohmann::json& acceptance, fs::path& work) {
  const auto clone = make_app_clone(name, "");
  std::ofstream(clone / "data-test.accepted.json") << acceptance.dump(2);
  work = fresh_dir(name + "-work");
  auto profile = nlohmann::json::parse(read_text(example_profile()));
  profile["build"] = fast_build();
  const std::string fill = fmt::format(
      "create table example_data.old_events (n integer); insert into example_data.old_events "
      "select g from generate_series(1, case when current_database() = 'example_released' then "
      "{} else {} end) g",
      released_rows, new_rows.value_or(0));
  // Dropped: the new side's step makes nothing.
  const std::string skip_new = new_rows ? "" : "[ {side} = new ] || ";
  profile["steps"].push_back(sh_step(skip_new + psql_script("example_{side}", fill)));
  std::ofstream(work.parent_path() / "profile.json") << profile.dump(2);
  auto args = run_args(clone, work, make_operator_config(work.parent_path()),
                       work.parent_path() / "profile.json");
  // The table is made by a collection step, not the schema (see unstable_test.cpp).
  args.emplace_back("--no-upgrade");
  args.push_back("--gtest_output=xml:" + (work / "out.xml").string());
  return run_data_test(args);
}

nlohmann::json accepting(const nlohmann::json& body) {
  return {{"example_data.old_events", body}};
}

const nlohmann::json kDropped = {{"verdict", "FAIL"},
                                 {"reason", "dropped on purpose in 0.23, see #412"}};

TEST(Accepted, AnAcceptedDropIsAcceptedAndExitsZeroWithItsEvidence) {
  fs::path work;
  const Result r = run_with("accepted-drop", 10, std::nullopt, accepting(kDropped), work);
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  const auto report = read_report_json(work);
  const nlohmann::json* t = table_of(report, "example_data.old_events");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->at("verdict"), "ACCEPTED");
  EXPECT_EQ(t->at("released_rows"), 10);
  EXPECT_EQ(t->at("new_rows"), 0);
  EXPECT_EQ(t->at("accepted").at("status"), "accepted");
  EXPECT_EQ(t->at("accepted").at("reason"), "dropped on purpose in 0.23, see #412");
  EXPECT_EQ(report.at("summary").at("accepted"), 1);
  EXPECT_EQ(report.at("summary").at("fail"), 0);
  // Its evidence is kept: the schema change that dropped it.
  EXPECT_FALSE(t->at("diagnosis").at("changes").empty()) << t->dump(2);
  const std::string xml = read_text(work / "out.xml");
  EXPECT_NE(xml.find("name=\"accepted\" value=\"accepted\""), std::string::npos) << xml;
  const std::string md = read_text(work / "report.md");
  EXPECT_NE(md.find("## ACCEPTED"), std::string::npos) << md;
  EXPECT_NE(md.find("dropped on purpose in 0.23, see #412"), std::string::npos) << md;
  EXPECT_NE(r.out.find("[ ACCEPTED ] example_data.old_events released=10 new=0 (-10)"),
            std::string::npos)
      << r.out;
  // The saved state reads back with the same outcome.
  const Result again = run_data_test(
      {"--from-state", "--work-dir", work.string(), "--gtest_filter=example_data.old_events"});
  EXPECT_EQ(again.status, 0) << again.out << again.err;
}

TEST(Accepted, TheSameAcceptanceAfterTheDropIsRevertedIsStale) {
  fs::path work;
  const Result r = run_with("accepted-stale", 10, 10, accepting(kDropped), work);
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  const auto report = read_report_json(work);
  const nlohmann::json* t = table_of(report, "example_data.old_events");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->at("verdict"), "PASS");
  EXPECT_EQ(t->at("accepted").at("status"), "stale");
  EXPECT_NE(r.err.find("stale acceptance: example_data.old_events"), std::string::npos) << r.err;
  EXPECT_NE(read_text(work / "out.xml").find("name=\"accepted\" value=\"stale\""),
            std::string::npos);
  EXPECT_NE(read_text(work / "report.md").find("stale"), std::string::npos);
}

TEST(Accepted, ALossBeyondTheBoundFails) {
  fs::path work;
  auto bounded = kDropped;
  bounded["max_lost"] = 5;
  const Result r = run_with("accepted-bound", 10, 2, accepting(bounded), work);
  ASSERT_EQ(r.status, 1) << r.out << r.err;
  const auto report = read_report_json(work);
  const nlohmann::json* t = table_of(report, "example_data.old_events");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->at("verdict"), "FAIL");
  EXPECT_EQ(t->at("accepted").at("status"), "out_of_bounds");
  EXPECT_NE(read_text(work / "out.xml").find("name=\"accepted\" value=\"out_of_bounds\""),
            std::string::npos);
  EXPECT_NE(r.out.find("lost 8 rows, more than the 5 its acceptance allows"), std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace dt::e2e
