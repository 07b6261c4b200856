// Run's order through the Backend seam, without git or PostgreSQL: what is acquired in which
// order, released in the reverse one on every path; partial reports on failures and signals;
// locks checked before the verdict; --keep-dbs.
#include "run/run.hpp"

#include <algorithm>
#include <csignal>
#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/server.hpp"
#include "support/fake_backend.hpp"
#include "support/files.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/signals.hpp"

namespace dt {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using testing_support::FakeBackend;
using testing_support::read_file;
using testing_support::RunOrder;
using testing_support::TempDir;

TEST_F(RunOrder, PhasesInOrderThenCleanupInReverse) {
  {
    dt::Run run(plan(), std::make_unique<FakeBackend>(journal_));
    const State& state = run.collect();
    ASSERT_EQ(state.results.size(), 1u);
    EXPECT_EQ(state.results[0].verdict, Verdict::fail);
    EXPECT_FALSE(file::kind(tmp_.path() / "work" / "config" / "new.json") == file::Kind::missing);
  }
  EXPECT_THAT(
      journal_.events,
      ElementsAre("preflight r_db n_db 2", "find snapshot", "worktree released-src",
                  "build released", "build new", "locks before creating the scratch databases",
                  "create r_db", "create n_db", "step released 1/2", "step new 1/2",
                  "early warnings released new", "step released 2/2", "step new 2/2",
                  "locks before counting the rows", "count released", "count new",
                  "locks before the verdict", "diagnose 1", "release n_db", "release r_db",
                  "release server", "release worktree"));
  // The scratch configs (they hold the password) went with the databases.
  EXPECT_EQ(file::kind(tmp_.path() / "work" / "config" / "new.json"), file::Kind::missing);
  const std::string md = read_file(tmp_.path() / "work" / "report.md");
  EXPECT_THAT(md, HasSubstr("## FAIL"));
  EXPECT_THAT(md, HasSubstr("- s.t: FK_ADDED: foreign key added on a, not deferrable (t_fkey) — "
                            "confirmed by the counts"));
  EXPECT_THAT(read_file(tmp_.path() / "work" / "report.html"), HasSubstr("<!DOCTYPE html>"));
}

TEST_F(RunOrder, AnEarlyWarningThatFailsNeverStopsTheRun) {
  journal_.fail_at = "early warnings released new";
  {
    dt::Run run(plan(), std::make_unique<FakeBackend>(journal_));
    const State& state = run.collect();
    EXPECT_TRUE(state.info.early_warnings.empty());
  }
  EXPECT_THAT(events_from("early warnings released new"), ::testing::Contains("diagnose 1"));
}

TEST_F(RunOrder, AFailureMidRunWritesAPartialReportAndReleasesWhatWasTaken) {
  journal_.fail_at = "step new 2/2";
  {
    dt::Run run(plan(), std::make_unique<FakeBackend>(journal_));
    try {
      run.collect();
      FAIL() << "no error";
    } catch (const Error& e) {
      EXPECT_THAT(e.what(), HasSubstr("injected failure"));
    }
  }
  EXPECT_THAT(events_from("step new 2/2"),
              ElementsAre("step new 2/2", "release n_db", "release r_db", "release server",
                          "release worktree"));
  const std::string md = read_file(tmp_.path() / "work" / "report.md");
  EXPECT_THAT(md, HasSubstr("**Incomplete run:** stopped in phase 4/6 (collect, new side)"));
}

TEST_F(RunOrder, AFailedBuildNeverCreatesADatabase) {
  journal_.fail_at = "build new";
  {
    dt::Run run(plan(), std::make_unique<FakeBackend>(journal_));
    EXPECT_THROW(run.collect(), Error);
  }
  EXPECT_THAT(events_from("build new"),
              ElementsAre("build new", "release server", "release worktree"));
}

TEST_F(RunOrder, ALostLockBeforeTheVerdictIsNoVerdict) {
  journal_.lose_lock_before_verdict = true;
  {
    dt::Run run(plan(), std::make_unique<FakeBackend>(journal_));
    EXPECT_THROW(run.collect(), LockLost);
  }
  EXPECT_EQ(file::kind(tmp_.path() / "work" / "state.json"), file::Kind::missing);
  EXPECT_THAT(read_file(tmp_.path() / "work" / "report.md"), HasSubstr("**Incomplete run:**"));
}

TEST_F(RunOrder, KeepDbsKeepsTheDatabasesAndTheirConfigs) {
  {
    dt::Run run(plan(/*keep_dbs=*/true), std::make_unique<FakeBackend>(journal_));
    run.collect();
  }
  EXPECT_THAT(events_from("locks before the verdict"),
              ElementsAre("locks before the verdict", "diagnose 1", "keep n_db", "keep r_db",
                          "release server", "release worktree"));
  EXPECT_EQ(file::kind(tmp_.path() / "work" / "config" / "new.json"), file::Kind::regular);
}

TEST_F(RunOrder, ListingUsesItsOwnDatabasesAndOnlyTheDiscoverySteps) {
  Discovered found;
  {
    dt::Run run(plan(/*keep_dbs=*/true), std::make_unique<FakeBackend>(journal_));
    found = run.discover();
  }
  EXPECT_EQ(journal_.events.front(), "preflight r_db_discovery n_db_discovery 1");
  EXPECT_THAT(events_from("step released 1/1"),
              ElementsAre("step released 1/1", "step new 1/1", "list released", "list new",
                          "release n_db_discovery", "release r_db_discovery", "release server",
                          "release worktree"));
  ASSERT_EQ(found.released.size(), 1u);
  ASSERT_EQ(found.fresh.size(), 1u);
  EXPECT_EQ(file::kind(tmp_.path() / "work" / "report.md"), file::Kind::missing);
}

TEST_F(RunOrder, ADiscoveryOfTheNewSideAloneTouchesNothingOfTheReleasedSide) {
  Discovered found;
  {
    dt::Run run(plan(), std::make_unique<FakeBackend>(journal_));
    found = run.discover({/*released=*/false, /*fresh=*/true});
  }
  // No worktree, build, database or step for the released side.
  EXPECT_THAT(journal_.events,
              ElementsAre("preflight n_db_discovery 1", "build new",
                          "locks before creating the scratch databases", "create n_db_discovery",
                          "step new 1/1", "list new", "release n_db_discovery", "release server"));
  EXPECT_TRUE(found.released.empty());
  ASSERT_EQ(found.fresh.size(), 1u);
}

TEST_F(RunOrder, ASignalDuringAStepCleansUpAndReportsIt) {
  journal_.interrupt_at_step = true;
  EXPECT_EXIT(
      {
        signals::install();
        dt::Run run(plan(), std::make_unique<FakeBackend>(journal_));
        try {
          run.collect();
        } catch (const Interrupted& e) {
          run.cleanup();
          const std::string md = read_file(tmp_.path() / "work" / "report.md");
          const bool reported =
              md.find("interrupted by SIGTERM during phase 4/6") != std::string::npos;
          const bool released = journal_.events.back() == "release worktree";
          std::_Exit(reported && released ? 40 : 41);
        }
        std::_Exit(42);
      },
      ::testing::ExitedWithCode(40), "");
}

TEST_F(RunOrder, BothSidesRunEveryRepositoryInTheSameOrder) {
  Plan p = plan();
  p.profile.steps[1].argv = {"{bin}", "collect", "{repo}"};
  p.repos = {"https://x/a", "https://x/b"};
  {
    dt::Run run(std::move(p), std::make_unique<FakeBackend>(journal_));
    run.collect();
  }
  EXPECT_THAT(events_from("step released 1/2"),
              ::testing::IsSupersetOf({"step released 1/2", "step released 2/2 repo 0",
                                       "step released 2/2 repo 1", "step new 1/2",
                                       "step new 2/2 repo 0", "step new 2/2 repo 1"}));
  // Both migrations first (the early warning between), then each side's collection, repository
  // by repository in the same order.
  const auto steps = events_from("step released 1/2");
  EXPECT_EQ(
      std::vector<std::string>(steps.begin(), steps.begin() + 7),
      (std::vector<std::string>{"step released 1/2", "step new 1/2", "early warnings released new",
                                "step released 2/2 repo 0", "step released 2/2 repo 1",
                                "step new 2/2 repo 0", "step new 2/2 repo 1"}));
}

TEST_F(RunOrder, AFailureAfterTheReleasedCollectionKeepsItsDatabaseForResume) {
  journal_.fail_at = "step new 2/2";
  journal_.oid = "42";
  {
    Plan p = plan();
    p.options.work_dir = (tmp_.path() / "work").string();  // only a named work dir can resume
    dt::Run run(std::move(p), std::make_unique<FakeBackend>(journal_));
    EXPECT_THROW(run.collect(), Error);
  }
  EXPECT_THAT(events_from("step new 2/2"), ElementsAre("step new 2/2", "release n_db", "keep r_db",
                                                       "release server", "release worktree"));
  const auto saved = load_progress(tmp_.path() / "work");
  ASSERT_TRUE(saved);
  EXPECT_TRUE(saved->has("released", "collect"));
  EXPECT_FALSE(saved->has("new", "collect"));
  EXPECT_EQ(saved->released_oid, "42");
}

TEST_F(RunOrder, AFailureInADefaultWorkDirKeepsNothing) {
  journal_.fail_at = "step new 2/2";
  journal_.oid = "42";
  {
    dt::Run run(plan(), std::make_unique<FakeBackend>(journal_));
    EXPECT_THROW(run.collect(), Error);
  }
  EXPECT_THAT(events_from("step new 2/2"),
              ElementsAre("step new 2/2", "release n_db", "release r_db", "release server",
                          "release worktree"));
}

TEST_F(RunOrder, ResumeAdoptsTheReleasedDatabaseAndRunsOnlyTheNewSide) {
  Plan p = plan();
  p.options.resume = true;
  Progress saved;
  saved.released_key = side_key(p.inputs, "released");
  saved.done = {"released migrate", "new migrate", "released collect"};
  saved.released_db = "r_db";
  saved.released_oid = "42";
  saved.released_owner = "run-1";
  save_progress(tmp_.path() / "work", saved);
  {
    dt::Run run(std::move(p), std::make_unique<FakeBackend>(journal_));
    EXPECT_EQ(run.collect().results.size(), 1u);
  }
  EXPECT_THAT(journal_.events,
              ElementsAre("preflight r_db n_db 2", "build new",
                          "locks before creating the scratch databases", "adopt r_db 42 run-1",
                          "create n_db", "step new 1/2", "early warnings released new",
                          "step new 2/2", "locks before counting the rows", "count released",
                          "count new", "locks before the verdict", "diagnose 1", "release n_db",
                          "release r_db", "release server"));
  // Finished: nothing is left to resume.
  EXPECT_FALSE(resumable(load_progress(tmp_.path() / "work"), saved.released_key));
}

TEST_F(RunOrder, ResumeWithAnotherInputsKeyCollectsBothSides) {
  Plan p = plan();
  p.options.resume = true;
  Progress saved;
  saved.released_key = "another tag commit";
  saved.done = {"released migrate", "released collect"};
  saved.released_db = "r_db";
  saved.released_oid = "42";
  saved.released_owner = "run-1";
  save_progress(tmp_.path() / "work", saved);
  {
    dt::Run run(std::move(p), std::make_unique<FakeBackend>(journal_));
    run.collect();
  }
  EXPECT_THAT(journal_.events, ::testing::Contains("step released 2/2"));
  EXPECT_THAT(journal_.events, ::testing::Not(::testing::Contains(HasSubstr("adopt"))));
}

Plan with_upgrade(Plan p) {
  p.profile.upgraded_db = "u_db";
  p.profile.upgrade_steps.resize(1);
  return p;
}

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
  Progress saved;
  saved.released_key = side_key(p.inputs, "released");
  saved.done = {"released migrate", "new migrate", "released collect"};
  saved.released_db = "r_db";
  saved.released_oid = "42";
  saved.released_owner = "run-1";
  save_progress(tmp_.path() / "work", saved);
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
