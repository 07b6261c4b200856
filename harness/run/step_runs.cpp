#include "run/step_runs.hpp"

#include <fmt/format.h>

namespace dt {

std::string StepRun::label() const {
  std::string out = fmt::format("{}step {}/{}", upgrade ? "upgrade " : "", index + 1, total);
  if (repo && repos > 1) out += fmt::format(", repo {}/{}", *repo + 1, repos);
  return out;
}

std::vector<StepRun> step_runs(const Profile& profile, std::size_t steps, std::size_t repo_count) {
  return step_runs(profile.steps, steps, repo_count, false);
}

std::vector<StepRun> upgrade_step_runs(const Profile& profile, std::size_t repo_count) {
  return step_runs(profile.upgrade_steps, profile.upgrade_steps.size(), repo_count, true);
}

const Step& step_of(const Profile& profile, const StepRun& run) {
  return (run.upgrade ? profile.upgrade_steps : profile.steps).at(run.index);
}

std::vector<StepRun> step_runs(const std::vector<Step>& list, std::size_t steps,
                               std::size_t repo_count, bool upgrade) {
  std::vector<StepRun> out;
  for (std::size_t i = 0; i < steps && i < list.size(); ++i) {
    const Step& step = list[i];
    const bool per_repo =
        step.kind == Step::Kind::run && !step.once && uses_placeholder(step.argv, "repo");
    if (!per_repo) {
      out.push_back({i, steps, std::nullopt, repo_count, upgrade});
      continue;
    }
    for (std::size_t r = 0; r < repo_count; ++r) out.push_back({i, steps, r, repo_count, upgrade});
  }
  return out;
}

}  // namespace dt
