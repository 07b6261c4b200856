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
  const Progress saved = save_finished_released(p);
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

}  // namespace
}  // namespace dt
