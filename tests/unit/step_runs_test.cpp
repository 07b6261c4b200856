// The order of a side's steps over several repositories.
#include "run/step_runs.hpp"

#include <gtest/gtest.h>

#include "profile.hpp"

namespace dt {
namespace {

Profile sample() {
  return parse_profile(R"({
    "name": "app", "build": ["make"],
    "steps": [
      {"run": ["{bin}", "migrate"]},
      {"copy_rows": "ops.keys"},
      {"run": ["{bin}", "add-repo", "{repo}"], "once": true},
      {"run": ["{bin}", "collect", "--repo={repo}"]}
    ],
    "schemas": ["data", "ops"], "databases": {"released": "r", "new": "n"}, "discovery_steps": 1})",
                       "p");
}

std::string describe(const std::vector<StepRun>& runs) {
  std::string out;
  for (const auto& run : runs) {
    out += std::to_string(run.index) + (run.repo ? ":" + std::to_string(*run.repo) : "") + " ";
  }
  return out;
}

TEST(StepRuns, PerRepositoryStepsRepeatOnceStepsDoNot) {
  EXPECT_EQ(describe(step_runs(sample(), 4, 3)), "0 1 2 3:0 3:1 3:2 ");
  EXPECT_EQ(describe(step_runs(sample(), 4, 1)), "0 1 2 3:0 ");
  EXPECT_EQ(describe(step_runs(sample(), 1, 3)), "0 ");  // discovery: the first step only
}

TEST(StepRuns, Labels) {
  const auto runs = step_runs(sample(), 4, 2);
  EXPECT_EQ(runs[0].label(), "step 1/4");
  EXPECT_EQ(runs[3].label(), "step 4/4, repo 1/2");
  EXPECT_EQ(runs[4].label(), "step 4/4, repo 2/2");
  EXPECT_EQ(step_runs(sample(), 4, 1)[3].label(), "step 4/4");
}

TEST(StepRuns, OnceStepsGetEveryRepositoryAsArguments) {
  const Profile p = sample();
  Placeholders values;
  values.bin = "/b";
  EXPECT_EQ(expand_once(p.steps[2].argv, values, {"r1", "r2"}),
            (std::vector<std::string>{"/b", "add-repo", "r1", "r2"}));
  values.repo = "r2";
  EXPECT_EQ(expand(p.steps[3].argv, values),
            (std::vector<std::string>{"/b", "collect", "--repo=r2"}));
}

}  // namespace
}  // namespace dt
