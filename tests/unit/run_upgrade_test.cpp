// Run's part of the upgrade (run/run_upgrade.cpp) through the Backend seam: where it runs
// between the collections, on a copy that goes at once; a failing step as a finding;
// --no-upgrade, --keep-dbs, --upgrade-only, --resume and --reuse-state with the upgrade.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "run/run.hpp"
#include "support/fake_backend.hpp"
#include "support/files.hpp"
#include "util/file.hpp"

namespace dt {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using testing_support::FakeBackend;
using testing_support::read_file;
using testing_support::RunOrder;

std::size_t position(const std::vector<std::string>& events, const std::string& event) {
  const auto at = std::find(events.begin(), events.end(), event);
  EXPECT_NE(at, events.end()) << event;
  return static_cast<std::size_t>(at - events.begin());
}

TEST_F(RunOrder, TheUpgradeRunsOnACopyBetweenTheCollectionsAndTheCopyGoesAtOnce) {
  {
    dt::Run run(with_upgrade(plan()), std::make_unique<FakeBackend>(journal_));
    const State& state = run.collect();
    ASSERT_EQ(state.results.size(), 1u);
    ASSERT_TRUE(state.results[0].upgrade.has_value());
    // The fake counts 5 on released and 3 on every other side: the upgrade lost two rows.
    EXPECT_EQ(state.results[0].upgrade->verdict, Verdict::fail);
    EXPECT_EQ(state.results[0].upgrade->delta, -2);
    ASSERT_TRUE(state.info.upgrade.has_value());
    EXPECT_FALSE(state.info.upgrade->migration_failed);
    EXPECT_EQ(state.info.upgrade->summary.fail, 1u);
    ASSERT_EQ(state.info.upgrade->steps.size(), 1u);
    EXPECT_EQ(state.info.upgrade->database, "u_db");
    // The phases in the order they ran: the upgrade before the new side's collection.
    std::vector<std::string> phases;
    for (const auto& p : state.info.phases) phases.push_back(p.name);
    EXPECT_LT(position(phases, "upgrade"), position(phases, "collect, new side"));
    EXPECT_LT(position(phases, "collect, released side"), position(phases, "upgrade"));
  }
  const auto& e = journal_.events;
  EXPECT_EQ(e.front(), "preflight r_db n_db u_db 2");
  EXPECT_THAT(
      events_from("step released 2/2"),
      ElementsAre("step released 2/2", "locks before the upgrade", "count released",
                  "copy r_db to u_db", "step upgraded 1/1 upgrade", "count upgraded", "list new",
                  "diagnose upgrade upgraded new 1", "locks before dropping the upgraded copy",
                  "release u_db", "step new 2/2", "locks before counting the rows",
                  // the released counts are the upgrade's: nothing wrote there since
                  "count new", "locks before the verdict", "diagnose 1", "release n_db",
                  "release r_db", "release server", "release worktree"));
  const std::string md = read_file(tmp_.path() / "work" / "report.md");
  EXPECT_THAT(md, HasSubstr("## Upgrade"));
  EXPECT_THAT(md, HasSubstr("**Upgrade: FAIL** (1 FAIL"));
  EXPECT_THAT(md, HasSubstr("| FAIL | s | t | 5 | 3 | -2 |"));
  EXPECT_THAT(read_file(tmp_.path() / "work" / "report.html"), HasSubstr("<h2>Upgrade</h2>"));
  // The upgraded side's config went with its database.
  EXPECT_EQ(file::kind(tmp_.path() / "work" / "config" / "upgraded.json"), file::Kind::missing);
}

TEST_F(RunOrder, AFailingUpgradeStepIsAFindingAndTheRunGoesOn) {
  journal_.upgrade_exit = 3;
  {
    dt::Run run(with_upgrade(plan()), std::make_unique<FakeBackend>(journal_));
    const State& state = run.collect();  // no dt::Error: the application failed, not data-test
    ASSERT_TRUE(state.info.upgrade.has_value());
    EXPECT_TRUE(state.info.upgrade->migration_failed);
    EXPECT_THAT(state.info.upgrade->error, HasSubstr("exit status 3"));
    ASSERT_EQ(state.info.upgrade->steps.size(), 1u);
    EXPECT_EQ(state.info.upgrade->steps[0].exit, 3);
    EXPECT_FALSE(state.results[0].upgrade.has_value());  // not run
  }
  EXPECT_THAT(events_from("copy r_db to u_db"),
              ElementsAre("copy r_db to u_db", "step upgraded 1/1 upgrade",
                          "locks before dropping the upgraded copy", "release u_db", "step new 2/2",
                          "locks before counting the rows", "count new", "locks before the verdict",
                          "diagnose 1", "release n_db", "release r_db", "release server",
                          "release worktree"));
  const std::string md = read_file(tmp_.path() / "work" / "report.md");
  EXPECT_THAT(md, HasSubstr("- Migration: **FAILED**"));
  EXPECT_THAT(md, HasSubstr("The tables were not compared"));
}

TEST_F(RunOrder, NoUpgradeMeansNoCopyAndNoUpgradeSection) {
  Plan p = with_upgrade(plan());
  p.options.no_upgrade = true;
  {
    dt::Run run(std::move(p), std::make_unique<FakeBackend>(journal_));
    const State& state = run.collect();
    EXPECT_FALSE(state.info.upgrade.has_value());
    EXPECT_FALSE(state.results[0].upgrade.has_value());
  }
  EXPECT_EQ(journal_.events.front(), "preflight r_db n_db 2");
  for (const auto& e : journal_.events) EXPECT_EQ(e.find("u_db"), std::string::npos) << e;
  EXPECT_THAT(read_file(tmp_.path() / "work" / "report.md"), Not(HasSubstr("## Upgrade")));
}

TEST_F(RunOrder, KeepDbsKeepsTheUpgradedCopyToo) {
  {
    dt::Run run(with_upgrade(plan(true)), std::make_unique<FakeBackend>(journal_));
    run.collect();
  }
  EXPECT_THAT(journal_.events, ::testing::Contains("keep u_db"));
  EXPECT_FALSE(file::kind(tmp_.path() / "work" / "config" / "upgraded.json") ==
               file::Kind::missing);
}

TEST_F(RunOrder, UpgradeOnlyCollectsNoNewSideAndComparesNothingFresh) {
  Plan p = with_upgrade(plan());
  p.options.upgrade_only = true;
  {
    dt::Run run(std::move(p), std::make_unique<FakeBackend>(journal_));
    const State& state = run.collect();
    EXPECT_FALSE(state.info.fresh_compared);
    ASSERT_EQ(state.results.size(), 1u);
    ASSERT_TRUE(state.results[0].upgrade.has_value());
    EXPECT_EQ(state.results[0].upgrade->verdict, Verdict::fail);
    EXPECT_EQ(state.results[0].released_rows, 5);
  }
  for (const auto& e : journal_.events) {
    EXPECT_NE(e, "step new 2/2") << "the new side collected";
    EXPECT_NE(e, "count new");
    EXPECT_EQ(e.rfind("diagnose ", 0) == 0 && e.rfind("diagnose upgrade", 0) != 0, false) << e;
  }
  EXPECT_THAT(journal_.events, ::testing::Contains("step new 1/2"));  // its schema steps ran
  const std::string md = read_file(tmp_.path() / "work" / "report.md");
  EXPECT_THAT(md, HasSubstr("The fresh comparison was not run (`--upgrade-only`)"));
  EXPECT_THAT(md, Not(HasSubstr("## FAIL")));
  EXPECT_THAT(md, HasSubstr("## Upgrade"));
}

TEST_F(RunOrder, AResumedRunUpgradesTheAdoptedReleasedDatabase) {
  Plan p = with_upgrade(plan());
  p.options.resume = true;
  save_finished_released(p);
  {
    dt::Run run(std::move(p), std::make_unique<FakeBackend>(journal_));
    const State& state = run.collect();
    ASSERT_TRUE(state.info.upgrade.has_value());
    EXPECT_EQ(state.info.upgrade->source, "released collection of the resumed run");
  }
  EXPECT_EQ(journal_.events.front(), "preflight r_db n_db u_db 2");
  EXPECT_THAT(events_from("adopt r_db 42 run-1"),
              ElementsAre("adopt r_db 42 run-1", "create n_db", "step new 1/2",
                          "early warnings released new", "locks before the upgrade",
                          "count released", "copy r_db to u_db", "step upgraded 1/1 upgrade",
                          "count upgraded", "list new", "diagnose upgrade upgraded new 1",
                          "locks before dropping the upgraded copy", "release u_db", "step new 2/2",
                          "locks before counting the rows", "count new", "locks before the verdict",
                          "diagnose 1", "release n_db", "release r_db", "release server"));
}

TEST_F(RunOrder, ASavedStateIsReusedOnlyWithTheSameChecks) {
  {
    Plan p = with_upgrade(plan());
    p.options.no_upgrade = true;
    dt::Run run(std::move(p), std::make_unique<FakeBackend>(journal_));
    run.collect();
  }
  const std::size_t first = journal_.events.size();
  {
    // The same inputs, now with the upgrade: the saved state has none, so it collects again.
    Plan p = with_upgrade(plan());
    p.options.reuse_state = true;
    dt::Run run(std::move(p), std::make_unique<FakeBackend>(journal_));
    EXPECT_TRUE(run.collect().info.upgrade.has_value());
  }
  EXPECT_GT(journal_.events.size(), first);
  const std::size_t second = journal_.events.size();
  {
    Plan p = with_upgrade(plan());
    p.options.reuse_state = true;
    dt::Run run(std::move(p), std::make_unique<FakeBackend>(journal_));
    EXPECT_TRUE(run.collect().info.upgrade.has_value());
  }
  // Reused: nothing after the second run but the release of the server session.
  const std::vector<std::string> after(journal_.events.begin() + static_cast<long>(second),
                                       journal_.events.end());
  EXPECT_THAT(after, ElementsAre("release server"));
}

}  // namespace
}  // namespace dt
