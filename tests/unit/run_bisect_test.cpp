// A bisect candidate's run through the Backend seam: its new side is a commit (Plan::new_commit),
// checked out as the worktree new-src beside the released one and released with it on every
// path out; after a failure the run says which side's build or step failed, which is how bisect
// tells a candidate it cannot test from a run that could not finish.
#include <csignal>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/fake_backend.hpp"
#include "support/files.hpp"
#include "util/signals.hpp"

namespace dt {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using testing_support::FakeBackend;
using testing_support::RunOrder;

class CandidateRun : public RunOrder {
 protected:
  Plan candidate_plan() {
    Plan p = plan();
    p.inputs.released_commit = "7a9";
    p.new_commit = "c0ffee";
    return p;
  }
};

TEST_F(CandidateRun, TheNewSideIsItsCommitsWorktreeRemovedBeforeTheReleasedOne) {
  { dt::Run(candidate_plan(), std::make_unique<FakeBackend>(journal_)).collect(); }
  EXPECT_THAT(events_from("worktree released-src 7a9"),
              ElementsAre("worktree released-src 7a9", "worktree new-src c0ffee", "build released",
                          "build new", "locks before creating the scratch databases", "create r_db",
                          "create n_db", "step released 1/2", "step new 1/2",
                          "early warnings released new", "step released 2/2", "step new 2/2",
                          "locks before counting the rows", "count released", "count new",
                          "locks before the verdict", "diagnose 1", "release n_db", "release r_db",
                          "release server", "release worktree new-src", "release worktree"));
  const auto work = tmp_.path() / "work";
  EXPECT_THAT(journal_.step_paths, Contains("new " + (work / "bin" / "new" / "unit").string() +
                                            " " + (work / "new-src").string()));
}

TEST_F(CandidateRun, AWorkingTreeRunMakesNoSecondWorktree) {
  { dt::Run(plan(), std::make_unique<FakeBackend>(journal_)).collect(); }
  for (const auto& event : journal_.events) EXPECT_EQ(event.find("new-src"), std::string::npos);
}

TEST_F(CandidateRun, AFailedBuildNamesItsSide) {
  for (const std::string side : {"new", "released"}) {
    journal_ = {};
    journal_.fail_at = "build " + side;
    dt::Run run(candidate_plan(), std::make_unique<FakeBackend>(journal_));
    EXPECT_THROW(run.collect(), Error);
    EXPECT_EQ(run.stopped_in().number, 1);
    EXPECT_EQ(run.stopped_in().side, side == "new" ? Phase::Side::fresh : Phase::Side::released);
    run.cleanup();
    EXPECT_THAT(events_from("release server"),
                ElementsAre("release server", "release worktree new-src", "release worktree"));
  }
}

TEST_F(CandidateRun, AFailedStepNamesItsPhaseAndSide) {
  journal_.fail_at = "step new 1/2";
  dt::Run run(candidate_plan(), std::make_unique<FakeBackend>(journal_));
  EXPECT_THROW(run.collect(), Error);
  EXPECT_EQ(run.stopped_in().number, 4);
  EXPECT_EQ(run.stopped_in().name, kMigratePhase);
  EXPECT_EQ(run.stopped_in().side, Phase::Side::fresh);
}

TEST_F(CandidateRun, ASignalDuringAStepRemovesBothWorktrees) {
  journal_.interrupt_at_step = true;
  EXPECT_EXIT(
      {
        signals::install();
        dt::Run run(candidate_plan(), std::make_unique<FakeBackend>(journal_));
        try {
          run.collect();
        } catch (const Interrupted&) {
          run.cleanup();
          const auto n = journal_.events.size();
          const bool released = n >= 2 && journal_.events[n - 2] == "release worktree new-src" &&
                                journal_.events[n - 1] == "release worktree";
          std::_Exit(released ? 40 : 41);
        }
        std::_Exit(42);
      },
      ::testing::ExitedWithCode(40), "");
}

}  // namespace
}  // namespace dt
