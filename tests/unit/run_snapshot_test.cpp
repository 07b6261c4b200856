// Run's part of the released snapshot, through the Backend seam: a usable snapshot leaves out
// the released build and steps and copies it instead; any other finding collects both sides
// and keeps the released collection afterwards, unless the snapshot is not data-test's, busy or
// disabled; a failed run keeps nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/fake_backend.hpp"
#include "support/files.hpp"

namespace dt {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using testing_support::FakeBackend;
using testing_support::read_file;
using testing_support::RunOrder;

SnapshotFound found(SnapshotUse use, bool locked = true) {
  SnapshotFound f;
  f.name = "data_test_snap_0123456789abcdef";
  f.choice.use = use;
  f.choice.age = std::chrono::seconds(3 * 3600 + 5 * 60);
  f.collected = "2026-12-02T10:00:00Z";
  f.locked = locked;
  return f;
}

TEST_F(RunOrder, AUsableSnapshotReplacesTheReleasedBuildAndSteps) {
  journal_.snapshot = found(SnapshotUse::use);
  {
    dt::Run run(plan(), std::make_unique<FakeBackend>(journal_));
    const State& state = run.collect();
    EXPECT_THAT(state.info.released_collection,
                HasSubstr("snapshot 'data_test_snap_0123456789abcdef' (collected "
                          "2026-12-02T10:00:00Z, 3h 05m ago)"));
  }
  EXPECT_THAT(
      journal_.events,
      ElementsAre("preflight r_db n_db 2", "find snapshot", "build new",
                  "locks before creating the scratch databases",
                  "copy data_test_snap_0123456789abcdef to r_db", "create n_db", "step new 1/2",
                  "early warnings released new", "step new 2/2", "locks before counting the rows",
                  "count released", "count new", "locks before the verdict", "diagnose 1",
                  "release n_db", "release r_db", "release server"));
  EXPECT_THAT(read_file(tmp_.path() / "work" / "report.md"),
              HasSubstr("- released collection: snapshot 'data_test_snap_0123456789abcdef'"));
}

TEST_F(RunOrder, AFinishedCollectionIsKeptAsTheSnapshotAfterTheReports) {
  for (const SnapshotUse use :
       {SnapshotUse::absent, SnapshotUse::expired, SnapshotUse::fresh, SnapshotUse::other_key}) {
    journal_ = {};
    journal_.snapshot = found(use);
    {
      dt::Run run(plan(), std::make_unique<FakeBackend>(journal_));
      EXPECT_TRUE(run.collect().info.released_collection.empty());
    }
    EXPECT_THAT(events_from("diagnose 1"),
                ElementsAre("diagnose 1", "locks before keeping the released snapshot",
                            "keep r_db as data_test_snap_0123456789abcdef", "release n_db",
                            "release r_db", "release server", "release worktree"));
    EXPECT_THAT(journal_.events, Contains("step released 2/2"));
    // The time the released collection finished, not the time the run ended.
    EXPECT_EQ(journal_.snapshot_collected.size(), 20u);
  }
}

TEST_F(RunOrder, ASnapshotThatIsNotOursBusyOrDisabledIsNeitherUsedNorReplaced) {
  for (const auto& f : {found(SnapshotUse::not_ours), found(SnapshotUse::busy, false),
                        found(SnapshotUse::disabled, false)}) {
    journal_ = {};
    journal_.snapshot = f;
    { dt::Run(plan(), std::make_unique<FakeBackend>(journal_)).collect(); }
    EXPECT_THAT(journal_.events, Contains("step released 2/2"));
    EXPECT_THAT(journal_.events, Not(Contains(HasSubstr("keep r_db as"))));
  }
}

TEST_F(RunOrder, AFailedRunKeepsNoSnapshot) {
  journal_.snapshot = found(SnapshotUse::absent);
  journal_.fail_at = "step new 2/2";
  {
    dt::Run run(plan(), std::make_unique<FakeBackend>(journal_));
    EXPECT_THROW(run.collect(), Error);
  }
  EXPECT_THAT(journal_.events, Not(Contains(HasSubstr("keep r_db as"))));
}

TEST_F(RunOrder, ASnapshotThatCannotBeKeptLeavesTheVerdictsStanding) {
  journal_.snapshot = found(SnapshotUse::absent);
  journal_.fail_at = "keep r_db as data_test_snap_0123456789abcdef";
  {
    dt::Run run(plan(), std::make_unique<FakeBackend>(journal_));
    EXPECT_EQ(run.collect().results.size(), 1u);
  }
  EXPECT_THAT(events_from("keep r_db as data_test_snap_0123456789abcdef"),
              ElementsAre("keep r_db as data_test_snap_0123456789abcdef", "release n_db",
                          "release r_db", "release server", "release worktree"));
}

TEST_F(RunOrder, AListingNeverLooksUpASnapshot) {
  journal_.snapshot = found(SnapshotUse::use);
  {
    dt::Run run(plan(), std::make_unique<FakeBackend>(journal_));
    run.discover();
  }
  EXPECT_THAT(journal_.events, Not(Contains("find snapshot")));
}

}  // namespace
}  // namespace dt
