// Run's part of filling the scratch databases: each side's paths and scratch database,
// provisioning, the scratch configs, and the profile's steps in the order that gives the schema
// delta and the upgrade's verdict first (fill).
#include <algorithm>
#include <chrono>

#include "console.hpp"
#include "run/phase_timer.hpp"
#include "run/run.hpp"
#include "run/scratch_files.hpp"
#include "util/file.hpp"
#include "util/log.hpp"
#include "util/signals.hpp"

namespace fs = std::filesystem;

namespace dt {

std::vector<Side*> Run::active(Sides& sides, const Pass& pass) {
  std::vector<Side*> out;
  if (pass.released_side) out.push_back(&sides.released);
  if (pass.new_side) out.push_back(&sides.fresh);
  return out;
}

Run::Sides Run::make_sides(const Pass& pass) const {
  const fs::path& work = plan_.work_dir.path();
  Sides sides;
  sides.released.name = "released";
  sides.released.src = work / "released-src";
  sides.fresh.name = "new";
  sides.fresh.src = plan_.new_commit.empty() ? plan_.source_dir : work / "new-src";
  for (Side* side : {&sides.released, &sides.fresh}) {
    side->bin = work / "bin" / side->name / plan_.profile.name;
    side->config = work / "config" / (side->name + scratch_config_extension(plan_.config));
    side->passfile = work / "config" / (side->name + ".pgpass");
    side->log = work / "logs" / (side->name + pass.log_suffix + ".log");
    side->quiet_stdout = pass.listing;
    side->echo = !plan_.options.quiet;
    side->scratch = plan_.config.db;
    side->scratch.dbname = side == &sides.released ? pass.released_db : pass.new_db;
    side->database_url = to_url(side->scratch, false);
    side->unset = inherited_connection_variables(plan_.config);
  }
  return sides;
}

void Run::provision(Sides& sides, const Pass& pass) {
  PhaseTimer timer(phase_, info_.phases, {2, "provision scratch databases"});
  backend_->require_locks("creating the scratch databases");
  if (pass.released_side) released_db_ = backend_->scratch_db(plan_, sides.released);
  if (from_snapshot_) released_db_ = backend_->snapshot_db(plan_, sides.released, *snapshot_);
  if (resume_) {
    released_db_ =
        backend_->adopt_db(plan_, sides.released, resume_->released_oid, resume_->released_owner);
  }
  if (pass.new_side) new_db_ = backend_->scratch_db(plan_, sides.fresh);
  if (plan_.options.keep_dbs && !pass.listing) {
    released_db_->keep();
    new_db_->keep();
    // Kept databases keep their configs, so that the operator can point the application at them.
    keep_configs_ = true;
  }
}

void Run::write_configs(Sides& sides, const Pass& pass) {
  PhaseTimer timer(phase_, info_.phases, {3, "scratch configs"});
  file::create_directories(plan_.work_dir.path() / "config", 0700);
  for (Side* side : active(sides, pass)) {
    for (const auto& [path, text] : scratch_files(plan_.config, *side)) {
      configs_.emplace_back(plan_.work_dir, path, text);
    }
    side->env = side_environment(plan_.config, side->scratch, side->passfile);
  }
}

void Run::run_steps(Sides& sides, const Pass& pass, std::size_t from, std::size_t to,
                    std::string_view what) {
  if (from >= to) return;
  for (const Side* side : active(sides, pass)) {
    const auto which = side == &sides.released ? Phase::Side::released : Phase::Side::fresh;
    PhaseTimer timer(phase_, info_.phases, {4, std::string(what), which});
    for (const StepRun& run : step_runs(plan_.profile, pass.steps, plan_.repos.size())) {
      if (run.index < from || run.index >= to) continue;
      signals::throw_if_interrupted();
      backend_->step(plan_, *side, run);
    }
    if (!pass.listing) mark_done(phase_);
  }
  signals::throw_if_interrupted();
}

Run::Sides Run::fill(Pass& pass) {
  Sides sides = make_sides(pass);
  std::vector<std::string> names;
  if (pass.released_side || resume_) names.push_back(pass.released_db);
  if (pass.new_side) names.push_back(pass.new_db);
  if (upgrading(pass)) names.push_back(plan_.profile.upgraded_db);
  phase_ = {0, "preflight (server checks)"};
  const auto preflight_start = std::chrono::steady_clock::now();
  backend_->preflight(plan_, names, pass.steps);
  if (!pass.listing) record_keys();
  // Timed without a PhaseTimer: its errors keep their own wording (they name their check).
  info_.phases.push_back(
      {"preflight",
       std::chrono::duration<double>(std::chrono::steady_clock::now() - preflight_start).count()});
  // A crashed run's worktree goes now, whatever this run builds (a cached build makes none).
  backend_->reclaim_stale_worktree(plan_, "released-src");
  if (!plan_.new_commit.empty()) backend_->reclaim_stale_worktree(plan_, "new-src");
  if (!pass.listing && pass.released_side) look_up_snapshot(pass);
  if (!pass.listing) {
    log::milestone(
        console::start_line(plan_.work_dir.path(), {sides.released.log, sides.fresh.log}));
  }
  build_sides(sides, pass);
  provision(sides, pass);
  write_configs(sides, pass);
  if (pass.listing) {
    run_steps(sides, pass, 0, pass.steps, "schema-only discovery");
    return sides;
  }
  // Both migrations before either collection: the schema delta is known an hour early.
  const std::size_t schema_steps = std::min(plan_.profile.discovery_steps, pass.steps);
  run_steps(sides, pass, 0, schema_steps, kMigratePhase);
  warn_early(sides);
  // The released collection, then its upgrade, then the new collection: the upgrade's verdict
  // comes as soon as the data it needs exists.
  Pass released_only = pass;
  released_only.new_side = false;
  Pass new_only = pass;
  new_only.released_side = false;
  run_steps(sides, released_only, schema_steps, pass.steps, kCollectPhase);
  if (upgrading(pass)) upgrade(sides);
  // --upgrade-only: the new side's fresh install (its schema steps) is all the upgrade needs.
  if (!plan_.options.upgrade_only)
    run_steps(sides, new_only, schema_steps, pass.steps, kCollectPhase);
  return sides;
}

}  // namespace dt
