#pragma once
// The order of one side's steps over several repositories: a step whose arguments hold {repo}
// runs once per repository (unless marked once), every other step once.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/app_profile.hpp"

namespace dt {

// One run of one step.
struct StepRun {
  std::size_t index = 0;            // the step, 0-based
  std::size_t total = 0;            // steps in the pass
  std::optional<std::size_t> repo;  // the repository, 0-based, for a per-repository step
  std::size_t repos = 1;            // repositories in the run
  bool upgrade = false;             // a step of the profile's upgrade_steps, not of its steps
  // "step 3/4" ("upgrade step 1/1"), or "step 3/4, repo 2/2" for a per-repository step of a
  // several-repository run.
  std::string label() const;
};

// The runs of steps [0, steps) for repo_count repositories, in the order both sides use:
// step by step, and within a per-repository step, repository by repository.
std::vector<StepRun> step_runs(const Profile& profile, std::size_t steps, std::size_t repo_count);
// The same over any list of steps; `upgrade` marks the runs as upgrade_steps'.
std::vector<StepRun> step_runs(const std::vector<Step>& list, std::size_t steps,
                               std::size_t repo_count, bool upgrade);
// The runs of the profile's upgrade_steps.
std::vector<StepRun> upgrade_step_runs(const Profile& profile, std::size_t repo_count);
// The step a run runs.
const Step& step_of(const Profile& profile, const StepRun& run);

}  // namespace dt
