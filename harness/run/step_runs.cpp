#include "run/step_runs.hpp"

#include <fmt/format.h>

namespace dt {

std::string StepRun::label() const {
  std::string out = fmt::format("step {}/{}", index + 1, total);
  if (repo && repos > 1) out += fmt::format(", repo {}/{}", *repo + 1, repos);
  return out;
}

std::vector<StepRun> step_runs(const Profile& profile, std::size_t steps, std::size_t repo_count) {
  std::vector<StepRun> out;
  for (std::size_t i = 0; i < steps && i < profile.steps.size(); ++i) {
    const Step& step = profile.steps[i];
    const bool per_repo =
        step.kind == Step::Kind::run && !step.once && uses_placeholder(step.argv, "repo");
    if (!per_repo) {
      out.push_back({i, steps, std::nullopt, repo_count});
      continue;
    }
    for (std::size_t r = 0; r < repo_count; ++r) out.push_back({i, steps, r, repo_count});
  }
  return out;
}

}  // namespace dt
