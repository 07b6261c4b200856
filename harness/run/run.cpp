#include "run/run.hpp"

#include <fmt/format.h>

#include "acceptance.hpp"
#include "compare.hpp"
#include "console.hpp"
#include "core/results_json.hpp"
#include "core/server.hpp"
#include "repo_counts.hpp"
#include "report.hpp"
#include "report_html.hpp"
#include "run/phase_timer.hpp"
#include "run/scratch_files.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/json.hpp"
#include "util/log.hpp"
#include "util/redact.hpp"
#include "util/signals.hpp"

namespace fs = std::filesystem;

namespace dt {
namespace {

// A scratch database used only to list tables.
std::string discovery_name(const std::string& scratch) {
  std::string name = scratch + "_discovery";
  if (name.size() > 63) {
    throw Error(fmt::format(
        "scratch database name '{}' is too long to list tables in '{}' (63 bytes at most); "
        "shorten it in the profile's \"databases\"",
        scratch, name));
  }
  return name;
}

}  // namespace

Pass collection_pass(const Plan& plan) {
  return {plan.profile.released_db, plan.profile.new_db, plan.profile.steps.size(), false, ""};
}

Pass listing_pass(const Plan& plan) {
  return {discovery_name(plan.profile.released_db), discovery_name(plan.profile.new_db),
          plan.profile.discovery_steps, true, ".discovery"};
}

Run::Run(Plan plan, std::unique_ptr<Backend> backend)
    : plan_(std::move(plan)), work_dir_lock_(plan_.work_dir.lock()), backend_(std::move(backend)) {
  info_.profile_name = plan_.profile.name;
  info_.released_tag = plan_.options.released_tag;
  info_.released_commit = plan_.inputs.released_commit;
  info_.local_version = plan_.local_version;
  info_.released_db = plan_.profile.released_db;
  info_.new_db = plan_.profile.new_db;
  info_.repo = plan_.repo_shown;
  info_.repos = plan_.repos_shown;
  info_.repo_column = plan_.profile.repo_column;
  info_.schemas = plan_.profile.schemas;
  info_.content_check = plan_.options.content;
  if (plan_.options.mode == Mode::self_check) {
    info_.self_check = true;
    info_.local_version = fmt::format(
        "{} again (self-check: a second collection by the released build)", info_.released_tag);
  }
}

Run::~Run() noexcept {
  if (!finished_ && phase_.started()) write_partial("the run was abandoned");
  cleanup();
}

const State& Run::collect() {
  if (state_) return *state_;
  if (plan_.options.reuse_state) {
    if (auto saved = load_state(plan_.work_dir.path());
        saved && saved->inputs == plan_.inputs &&
        saved->info.content_check == plan_.options.content &&
        // The same checks: a state without the upgrade (or without the fresh comparison) is
        // not this run's answer.
        saved->info.upgrade.has_value() == upgrading(collection_pass(plan_)) &&
        saved->info.fresh_compared == !plan_.options.upgrade_only &&
        // A self-check's new side is the released build: never a working tree's answer.
        saved->info.self_check == info_.self_check) {
      log::info(fmt::format(
          "reusing the collection in '{}' (same tag commit, working tree, repo and profile); "
          "set DATA_TEST_RECOLLECT=1 to collect again",
          state_path(plan_.work_dir.path()).string()));
      state_ = std::move(saved);
      finished_ = true;
      return *state_;
    }
  }
  try {
    Pass pass = collection_pass(plan_);
    start_progress(pass);
    const Sides sides = fill(pass);
    std::vector<TableResult> results;
    if (plan_.options.upgrade_only) {
      info_.fresh_compared = false;
      attach_upgrade(results);  // the upgrade's tables are the run's tables
    } else {
      results = compare_fresh(sides);
    }
    apply_acceptances(results);
    State state;
    state.inputs = plan_.inputs;
    state.info = info_;
    state.info.generated_at = utc_now_iso();
    state.results = std::move(results);
    if (snapshot_ && !from_snapshot_) {
      PhaseTimer timer(phase_, info_.phases, {6, "keep snapshot"});
      keep_snapshot(sides.released);
    }
    save_progress(plan_.work_dir.path(), {});  // nothing left to resume: the databases go
    {
      // Now, not after the tests: they read the state, and the report can state the time.
      PhaseTimer timer(phase_, info_.phases, {6, "drop scratch databases"});
      drop_databases();
    }
    {
      PhaseTimer timer(phase_, info_.phases, {6, "report"});
      state.info.phases = info_.phases;
      write_reports(state);
    }
    state.info.phases = info_.phases;
    state_ = std::move(state);
    finished_ = true;
    return *state_;
  } catch (const Interrupted& e) {
    keep_for_resume();
    write_partial(fmt::format("{} during {}", e.what(), phase_.text()));
    finished_ = true;
    throw;
  } catch (const Error& e) {
    // A failed new side is what --resume redoes. Not a lost lock, nor a failure after the
    // collections (the server went away): those runs cannot vouch for the database they leave.
    const bool lost_lock = e.cause() == Cause::lock_lost;
    if (!lost_lock && phase_.side == Phase::Side::fresh) keep_for_resume();
    write_partial(fmt::format("stopped in {}: {}", phase_.text(), e.what()));
    finished_ = true;
    // The one error line names the phase (preflight errors name their check already); a lost
    // lock stays a LockLost, which callers tell apart.
    if (phase_.number == 0) throw;
    const std::string line = fmt::format("{}: {}", phase_.text(), e.what());
    if (lost_lock) throw LockLost(line);
    throw Error(line, e.cause());
  }
}

std::vector<TableResult> Run::compare_fresh(const Sides& sides) {
  std::vector<TableCount> counts[2];
  std::vector<RepoTableCounts> by_repo[2];
  {
    PhaseTimer timer(phase_, info_.phases, {5, "row-count diff"});
    backend_->require_locks("counting the rows");
    counts[0] =
        released_counts_ ? *released_counts_ : backend_->tables(plan_, sides.released, true);
    counts[1] = backend_->tables(plan_, sides.fresh, true);
    by_repo[0] = backend_->repo_counts(plan_, sides.released);
    by_repo[1] = backend_->repo_counts(plan_, sides.fresh);
  }
  // A verdict over databases another run may have touched meanwhile is no verdict.
  backend_->require_locks("the verdict");
  signals::throw_if_interrupted();
  std::vector<TableResult> results = compare(counts[0], counts[1]);
  attach_repo_results(results, by_repo[0], by_repo[1], plan_.repos_shown);
  attach_upgrade(results);
  {
    // Before cleanup, while both databases exist; a verdict stays a verdict.
    PhaseTimer timer(phase_, info_.phases, {5, "diagnosis"});
    backend_->diagnose(plan_, sides.released, sides.fresh, results, info_.early_warnings);
  }
  // After the diagnosis: an unstable table's evidence is still worth reading.
  apply_unstable(results, plan_.profile.unstable_tables);
  return results;
}

void Run::apply_acceptances(std::vector<TableResult>& results) const {
  if (info_.self_check) return;  // a second collection by the released build: nothing declared
  for (const auto& line : apply_accepted(results, plan_.profile.accepted, info_.fresh_compared)) {
    log::warn(line);
  }
  // Warned once per collection (the tests read the state and warn again where they run).
  for (const auto& r : results) {
    for (const Acceptance* a : stale_acceptances(r)) {
      log::warn(fmt::format("stale acceptance: {}", stale_text(r, *a)));
    }
  }
}

Discovered Run::discover(DiscoverSides which) {
  try {
    Pass pass = listing_pass(plan_);
    pass.released_side = which.released;
    pass.new_side = which.fresh;
    const Sides sides = fill(pass);
    Discovered found;
    if (pass.released_side) found.released = backend_->tables(plan_, sides.released, false);
    if (pass.new_side) found.fresh = backend_->tables(plan_, sides.fresh, false);
    finished_ = true;
    cleanup();
    return found;
  } catch (const std::exception&) {
    finished_ = true;  // listing writes no report
    throw;
  }
}

void Run::warn_early(const Sides& sides) {
  try {
    info_.early_warnings = backend_->early_warnings(plan_, sides.released, sides.fresh);
  } catch (const Interrupted&) {
    throw;
  } catch (const Error& e) {
    log::warn(fmt::format("could not compare the schemas after the migrations: {}", e.what()));
    return;
  }
  if (info_.early_warnings.empty()) {
    log::milestone("early warning: no risky schema change between released and new");
  }
  for (const auto& w : info_.early_warnings) log::warn(console::early_warning_line(w));
}

void Run::write_reports(const State& state) {
  const fs::path& work = plan_.work_dir.path();
  file::write_private(work / "report.md", render_markdown(state.info, state.results));
  file::write_private(work / "report.json", json::dump(render_json(state.info, state.results)));
  file::write_private(work / "report.html", render_html(state.info, state.results));
  save_state(work, state);
}

void Run::write_partial(const std::string& reason) noexcept {
  signals::Shield shield;
  try {
    RunInfo info = info_;
    info.generated_at = utc_now_iso();
    info.incomplete = redact::scrub(reason);
    const fs::path& work = plan_.work_dir.path();
    file::write_private(work / "report.md", render_markdown(info, {}));
    file::write_private(work / "report.json", json::dump(render_json(info, {})));
    file::write_private(work / "report.html", render_html(info, {}));
    // Not an error line: the one error line is the reason itself, printed by main.
    log::milestone(fmt::format("partial report written to '{}'", (work / "report.md").string()));
  } catch (const std::exception& e) {
    log::warn(fmt::format("could not write the partial report: {}", e.what()));
  }
}

void Run::remove_configs() noexcept {
  if (keep_configs_) {
    for (auto& config : configs_) config.keep();
  }
  configs_.clear();
}

void Run::drop_databases() noexcept {
  upgraded_db_.reset();
  new_db_.reset();
  released_db_.reset();
}

void Run::cleanup() noexcept {
  if (cleaned_up_) return;
  cleaned_up_ = true;
  // A pending Ctrl-C must not stop the drops and removals it asked for.
  signals::Shield shield;
  // Reverse order of creation: databases, configs, the lock's session, then the worktree.
  drop_databases();
  remove_configs();
  const bool lost = backend_->session_lost();
  backend_->release_server();
  new_worktree_.reset();
  worktree_.reset();
  if (lost && finished_ && cleanup_problem_.empty()) {
    cleanup_problem_ =
        "cleanup: the server session holding the run's locks was lost (a restart, or a "
        "terminated backend); the scratch databases were dropped only where their locks could "
        "be taken again (see the warnings above); check the server, then run again";
  }
}

}  // namespace dt
