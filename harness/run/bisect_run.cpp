#include "run/bisect_run.hpp"

#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "bisect.hpp"
#include "run/plan.hpp"
#include "run/run.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/json.hpp"
#include "util/log.hpp"
#include "util/output.hpp"
#include "util/redact.hpp"
#include "util/signals.hpp"
#include "worktree.hpp"

namespace dt {
namespace {

namespace fs = std::filesystem;

// A candidate's own work dir: <work-dir>/bisect/<full sha>, or <work-dir>/bisect/working-tree.
fs::path candidate_dir(const Plan& base, const BisectCandidate& candidate) {
  return base.work_dir.path() / "bisect" /
         (candidate.working_tree ? std::string("working-tree") : candidate.commit);
}

// One candidate's plan: the bisect's profile, config, repositories and flags in a work dir of its
// own; a commit's new side is that commit, checked out by the run as its worktree. The released
// side is the snapshot the first run kept, so --fresh is the first run's only.
Plan candidate_plan(const Plan& base, const BisectCandidate& candidate, bool first) {
  Plan plan = base;
  // Made below the bisect's own work dir, never through a symlink (file::create_directories).
  file::create_directories(base.work_dir.path() / "bisect", 0700);
  plan.work_dir = WorkDir::open(candidate_dir(base, candidate));
  plan.options.fresh = base.options.fresh && first;
  // A candidate whose new side failed is skipped, not resumed: its released database is dropped
  // with the run, never kept for --resume.
  plan.options.work_dir.reset();
  if (!candidate.working_tree) {
    plan.new_commit = candidate.commit;
    // Its builds and state are the commit's, whatever the working tree holds.
    plan.inputs.tree_fingerprint = "commit " + candidate.commit;
    plan.local_version = fmt::format("commit {} (bisect)", candidate.commit.substr(0, 7));
  }
  return plan;
}

// The candidate's own failure: its build, or one of its new side's steps (migrate, collect).
// Anything else (the server, the released side, data-test itself) stops the bisect.
bool untestable(const Run& run, const Error& e) {
  return run.stopped_in().side == Phase::Side::fresh &&
         (e.cause() == Cause::build_failed || e.cause() == Cause::step_failed);
}

// Runs data-test on one candidate, in-process: interrupts, locks and cleanup as in a run.
BisectStep test_candidate(const Plan& base, const BisectReport& report, std::size_t index) {
  const BisectCandidate& candidate = report.candidates.at(index);
  log::milestone(fmt::format("bisect: step {}: testing {}", report.tested.size() + 1,
                             candidate_text(candidate)));
  BisectStep step;
  step.index = index;
  Plan plan = candidate_plan(base, candidate, report.tested.empty());
  step.work_dir = plan.work_dir.path().string();
  Run run(std::move(plan), real_backend());
  try {
    const State& state = run.collect();
    step.failing = failing_tables(state.info, state.results);
    step.verdict = step.failing.empty() ? BisectVerdict::pass : BisectVerdict::fail;
  } catch (const Error& e) {
    if (!untestable(run, e)) throw;
    step.verdict = BisectVerdict::skip;
    step.reason = redact::scrub(e.what());
  }
  run.cleanup();
  if (!run.cleanup_problem().empty()) throw Error(run.cleanup_problem());
  return step;
}

void save(const fs::path& path, const BisectReport& report) {
  file::write_atomic_private(path, json::dump(bisect_json(report)));
}

// After a failure: bisect.json says how far the search got and why it stopped.
void save_stopped(const fs::path& path, BisectReport& report, const std::string& why) noexcept {
  signals::Shield shield;
  try {
    report.stopped = redact::scrub(why);
    save(path, report);
  } catch (const std::exception& e) {
    log::warn(fmt::format("could not write '{}': {}", path.string(), e.what()));
  }
}

// The candidates: the commits after the tag on HEAD's first-parent line, then the working tree
// when it has uncommitted changes.
std::vector<BisectCandidate> find_candidates(const Plan& base) {
  std::vector<BisectCandidate> commits;
  for (CommitInfo& c : commits_after(base.source_dir, base.inputs.released_commit)) {
    commits.push_back({std::move(c.sha), std::move(c.subject), std::move(c.date), false});
  }
  // No commit after the tag, which is HEAD's ancestor: HEAD is the tag's commit.
  const std::string head = commits.empty() ? base.inputs.released_commit : commits.back().commit;
  return bisect_candidates(std::move(commits), head,
                           has_uncommitted_changes(base.source_dir, base.tree_excludes));
}

}  // namespace

int bisect_command(const Options& options) {
  const Plan base = make_plan(options);
  // One bisect per work dir for its whole life; each candidate's run locks its own below it.
  const Fd lock = base.work_dir.lock();
  BisectReport report;
  report.released_tag = options.released_tag;
  report.released_commit = base.inputs.released_commit;
  report.candidates = find_candidates(base);
  const fs::path json_path = base.work_dir.path() / "bisect.json";
  const std::size_t n = report.candidates.size();
  log::milestone(fmt::format(
      "bisect: {} candidate{} after {} ({}){}; the last is tested first, then about log2(n) more",
      n, n == 1 ? "" : "s", options.released_tag, base.inputs.released_commit.substr(0, 7),
      n > 0 && report.candidates.back().working_tree ? ", the last the uncommitted changes" : ""));
  BisectSearch search(n);
  try {
    while (const auto next = search.next()) {
      signals::throw_if_interrupted();
      BisectStep step = test_candidate(base, report, *next);
      search.record(*next, step.verdict);
      report.tested.push_back(std::move(step));
      log::milestone(step_line(report, report.tested.size() - 1));
      save(json_path, report);
    }
  } catch (const Interrupted& e) {
    save_stopped(json_path, report, e.what());
    throw;
  } catch (const Error& e) {
    save_stopped(json_path, report, e.what());
    throw;
  }
  report.answer = search.answer();
  save(json_path, report);
  output::print(redact::scrub(answer_text(report)));
  log::milestone(fmt::format("bisect: the answer is in '{}'", json_path.string()));
  return exit_status(*report.answer);
}

}  // namespace dt
