// Listing at ctest time is cheap and touches nothing once its answer is known; a failed listing
// says why; and no FAIL escapes ctest, whatever the listing said. Counted, not timed: the
// profile's build appends a line per build and its discovery step a line per run (the listing
// benchmark, tests/bench/listing_bench.cpp, gives the times).
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "support/ctest_run.hpp"
#include "support/e2e.hpp"
#include "support/safety.hpp"
#include "support/suite_tree.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

bool has(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The operator config pointed at a port nobody listens on: any connection fails.
void break_connection(const fs::path& config) {
  std::string text = read_text(config);
  const std::string port = "\"port\": " + cluster().params().port;
  const auto at = text.find(port);
  ASSERT_NE(at, std::string::npos) << text;
  text.replace(at, port.size(), "\"port\": 1");
  std::ofstream(config) << text;
}

TEST(CTestListing, AfterATreeChangeOneDiscoveryThenListingBuildsAndConnectsToNothing) {
  const SuiteTree tree = make_suite_tree("listing-cache", {"neutral", false});
  const std::string healthy_config = read_text(tree.config);

  // First listing: one discovery, both sides.
  const auto first = ctest_in(tree, {"-N"});
  ASSERT_EQ(first.status, 0) << first.out << first.err;
  EXPECT_TRUE(has(listed_tests(first.out), "app.example_data.commits")) << first.out;
  EXPECT_EQ(tree.builds("released"), 1);
  EXPECT_EQ(tree.builds("new"), 1);
  EXPECT_EQ(tree.discovery_steps(), 2);

  // The same inputs again: read from the cache.
  const auto again = ctest_in(tree, {"-N"});
  EXPECT_EQ(listed_tests(again.out), listed_tests(first.out));
  EXPECT_EQ(tree.builds(), 2);
  EXPECT_EQ(tree.discovery_steps(), 2);

  // A working-tree change: the new side alone is built and discovered (the released side's
  // tables are known: same tag commit).
  tree.edit_tree("a working-tree change");
  const auto changed = ctest_in(tree, {"-N"});
  EXPECT_EQ(listed_tests(changed.out), listed_tests(first.out)) << changed.out << changed.err;
  EXPECT_EQ(tree.builds("released"), 1);
  EXPECT_EQ(tree.builds("new"), 2);
  EXPECT_EQ(tree.discovery_steps(), 3);

  // A second `ctest -N` after the change builds nothing and needs no server: it lists the same
  // tables while every connection would fail.
  break_connection(tree.config);
  const auto second = ctest_in(tree, {"-N"});
  EXPECT_EQ(second.status, 0) << second.out << second.err;
  EXPECT_EQ(listed_tests(second.out), listed_tests(first.out)) << second.out << second.err;
  EXPECT_EQ(second.err.find("listing the tables failed"), std::string::npos) << second.err;
  EXPECT_EQ(tree.builds(), 3);
  EXPECT_EQ(tree.discovery_steps(), 3);
  std::ofstream(tree.config) << healthy_config;

  // The collection reuses the binaries the discoveries built for the same inputs.
  const auto ran = ctest_in(tree, {"-L", "schema-change"});
  EXPECT_EQ(ran.status, 0) << ran.out << ran.err;
  EXPECT_EQ(tree.builds(), 3);
  EXPECT_NE(read_text(tree.work_dir() / "logs" / "new.log").find("build: reusing"),
            std::string::npos);
  EXPECT_EQ(verdict_of(read_report_json(tree.work_dir()), "example_data.commits"), "PASS");
}

TEST(CTestListing, AFailedListingWarnsWithTheLineThatSaysWhy) {
  // (Nothing is ever built: the listing stops at the server checks.)
  const SuiteTree tree = make_suite_tree("listing-fails", {"neutral", true});
  break_connection(tree.config);
  const auto listed = ctest_in(tree, {"-N"});
  const std::string all = listed.out + listed.err;
  const auto warning = all.find("listing the tables failed: ");
  ASSERT_NE(warning, std::string::npos) << all;
  const std::string why = all.substr(warning, all.find('\n', warning) - warning);
  // The error line, not the progress line before it ("preflight (server checks): connecting").
  EXPECT_NE(why.find("data-test: error: "), std::string::npos) << why;
  EXPECT_EQ(why.find("connecting to"), std::string::npos) << why;
  EXPECT_TRUE(has(listed_tests(listed.out), "app.discovery")) << listed.out;
  EXPECT_TRUE(has(listed_tests(listed.out), "app.unlisted")) << listed.out;
  EXPECT_EQ(tree.builds(), 0);
}

TEST(CTestListing, LastKnownListingNeverBuilds) {
  const SuiteTree tree = make_suite_tree("listing-last-known", {"neutral", false, true});

  // Nothing known yet: no table tests, nothing built; the suite's own tests are there, and the
  // upgrade's migration test (it does not depend on the tables).
  const auto empty = ctest_in(tree, {"-N"});
  ASSERT_EQ(empty.status, 0) << empty.out << empty.err;
  const auto names = listed_tests(empty.out);
  EXPECT_TRUE(has(names, "app.collect") && has(names, "app.unlisted") && has(names, "app.cleanup"))
      << empty.out;
  EXPECT_TRUE(has(names, "app.UPGRADE_.migration")) << empty.out;
  EXPECT_EQ(names.size(), 4u) << empty.out;
  EXPECT_EQ(tree.builds(), 0);

  // The collection makes them known; a later tree change still lists them, building nothing.
  const auto ran = ctest_in(tree, {"-L", "schema-change"});
  EXPECT_EQ(ran.status, 0) << ran.out << ran.err;
  const int built = tree.builds();
  EXPECT_EQ(built, 2);
  tree.edit_tree("edited in the IDE");
  const auto stale = ctest_in(tree, {"-N"});
  EXPECT_TRUE(has(listed_tests(stale.out), "app.example_data.commits")) << stale.out;
  EXPECT_EQ(tree.builds(), built);
  // The collection's own migrations only: released, new, and the upgrade's.
  EXPECT_EQ(tree.discovery_steps(), 3);
}

// A table the listing cannot know: the collector creates it during the collection (after the
// discovery step), with fewer rows on the new side.
TEST(CTestListing, ATableTheCollectorCreatesAndThatLosesRowsFailsCtest) {
  SuiteOptions options{"neutral", false};
  options.extra_steps = nlohmann::json::array({sh_step(
      psql_script("example_{side}",
                  "create table example_data.made_by_collector (id int); insert into "
                  "example_data.made_by_collector select generate_series(1, case when '{side}' = "
                  "'released' then 3 else 1 end)"))});
  const SuiteTree tree = make_suite_tree("collector-table", options);

  const auto listed = ctest_in(tree, {"-N"});
  EXPECT_FALSE(has(listed_tests(listed.out), "app.example_data.made_by_collector")) << listed.out;

  const auto ran = ctest_in(tree, {"-L", "schema-change", "--output-on-failure"});
  EXPECT_NE(ran.status, 0) << "a FAIL table must fail ctest:\n" << ran.out << ran.err;
  const auto statuses = ctest_statuses(ran.out);
  EXPECT_EQ(statuses.at("app.unlisted"), "Failed") << ran.out;
  EXPECT_EQ(statuses.at("app.example_data.commits"), "Passed") << ran.out;
  // The unlisted test names the table and its verdict.
  EXPECT_NE(ran.out.find("FAIL example_data.made_by_collector: released=3 new=1"),
            std::string::npos)
      << ran.out;
  EXPECT_EQ(verdict_of(read_report_json(tree.work_dir()), "example_data.made_by_collector"),
            "FAIL");

  // Once collected, the table is listed (from the state) and has its own failing test.
  const auto relisted = ctest_in(tree, {"-N"});
  EXPECT_TRUE(has(listed_tests(relisted.out), "app.example_data.made_by_collector"))
      << relisted.out;
}

}  // namespace
}  // namespace dt::e2e
