// --self-check through the Backend seam: the released build alone is made (also when a
// snapshot stands in for the released collection), the new side's steps run with the released
// side's executable and source, and the report says it is a self-check.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/fake_backend.hpp"
#include "support/files.hpp"

namespace dt {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing_support::FakeBackend;
using testing_support::read_file;
using testing_support::RunOrder;

class SelfCheckOrder : public RunOrder {
 protected:
  Plan self_check_plan() {
    Plan p = plan();
    p.options.mode = Mode::self_check;
    p.options.released_tag = "v1";
    p.options.no_upgrade = true;
    p.options.content = ContentCheck::on;
    return p;
  }
  // Each step's "<side> <bin> <src>" with the side's name cut, so that both sides compare.
  std::vector<std::string> paths(const std::string& side) const {
    std::vector<std::string> out;
    for (const auto& p : journal_.step_paths) {
      if (p.rfind(side + " ", 0) == 0) out.push_back(p.substr(side.size() + 1));
    }
    return out;
  }
};

TEST_F(SelfCheckOrder, OnlyTheReleasedSideIsBuiltAndBothSidesRunIt) {
  {
    dt::Run run(self_check_plan(), std::make_unique<FakeBackend>(journal_));
    const State& state = run.collect();
    EXPECT_TRUE(state.info.self_check);
    EXPECT_THAT(state.info.local_version, HasSubstr("v1 again (self-check"));
  }
  EXPECT_THAT(
      journal_.events,
      ElementsAre("preflight r_db n_db 2", "find snapshot", "worktree released-src",
                  "build released", "locks before creating the scratch databases", "create r_db",
                  "create n_db", "step released 1/2", "step new 1/2", "early warnings released new",
                  "step released 2/2", "step new 2/2", "locks before counting the rows",
                  "count released", "count new", "locks before the verdict", "diagnose 1",
                  "release n_db", "release r_db", "release server", "release worktree"));
  const auto work = tmp_.path() / "work";
  const std::string released =
      (work / "bin" / "released" / "unit").string() + " " + (work / "released-src").string();
  EXPECT_THAT(paths("released"), ElementsAre(released, released));
  EXPECT_THAT(paths("new"), ElementsAre(released, released));
  EXPECT_THAT(read_file(work / "report.md"), HasSubstr("**Self-check:**"));
}

TEST_F(SelfCheckOrder, WithAUsableSnapshotTheReleasedBuildIsStillMadeForTheSecondCollection) {
  SnapshotFound found;
  found.name = "data_test_snap_0123456789abcdef";
  found.choice.use = SnapshotUse::use;
  found.collected = "2026-12-02T10:00:00Z";
  found.locked = true;
  journal_.snapshot = found;
  { dt::Run(self_check_plan(), std::make_unique<FakeBackend>(journal_)).collect(); }
  EXPECT_THAT(
      journal_.events,
      ElementsAre("preflight r_db n_db 2", "find snapshot", "worktree released-src",
                  "build released", "locks before creating the scratch databases",
                  "copy data_test_snap_0123456789abcdef to r_db", "create n_db", "step new 1/2",
                  "early warnings released new", "step new 2/2", "locks before counting the rows",
                  "count released", "count new", "locks before the verdict", "diagnose 1",
                  "release n_db", "release r_db", "release server", "release worktree"));
  const auto work = tmp_.path() / "work";
  const std::string released =
      (work / "bin" / "released" / "unit").string() + " " + (work / "released-src").string();
  EXPECT_THAT(paths("new"), ElementsAre(released, released));
}

TEST_F(SelfCheckOrder, ARunIsNotASelfCheck) {
  { dt::Run(plan(), std::make_unique<FakeBackend>(journal_)).collect(); }
  EXPECT_THAT(paths("new"), ElementsAre(HasSubstr("bin/new/unit"), HasSubstr("bin/new/unit")));
}

}  // namespace
}  // namespace dt
