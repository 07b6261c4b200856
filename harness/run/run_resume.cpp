// Run's part of --resume: the progress record kept while a collection runs, and the released
// database kept after a failure once its collection finished (run/resume.hpp).
#include <fmt/format.h>

#include "core/owner.hpp"
#include "run/run.hpp"
#include "state.hpp"
#include "util/error.hpp"
#include "util/log.hpp"

namespace dt {
namespace {

namespace fs = std::filesystem;

void save_or_warn(const std::filesystem::path& work_dir, const Progress& progress) noexcept {
  try {
    save_progress(work_dir, progress);
  } catch (const std::exception& e) {
    log::warn(fmt::format("cannot record the run's progress (--resume will collect both sides): {}",
                          e.what()));
  }
}

// The key rows' fingerprint, part of the released side's resume key.
void add_keys(std::string& key, const std::string& keys) {
  if (!keys.empty()) key += "\nkeys " + keys;
}

}  // namespace

void Run::start_progress(Pass& pass) {
  const fs::path& work = plan_.work_dir.path();
  progress_ = Progress{};
  progress_.released_key = side_key(plan_.inputs, "released");
  if (plan_.options.resume) {
    // Rotated keys make the interrupted run's collection (made with the old ones) another
    // key's. (Without --resume the keys are added after the preflight: record_keys.)
    add_keys(progress_.released_key, backend_->key_fingerprint(plan_));
    resume_ = resumable(load_progress(work), progress_.released_key);
    if (!resume_ || resume_->released_db != pass.released_db) {
      resume_.reset();
      log::milestone(fmt::format(
          "resume: '{}' holds no finished released collection of these inputs (tag commit, "
          "repo, profile); collecting both sides",
          work.string()));
    }
  }
  if (!resume_) {
    save_or_warn(work, progress_);
    return;
  }
  // The released side is collected: its build, database and steps are not done again.
  pass.released_side = false;
  progress_.done = {"released migrate", "released collect"};
  progress_.released_db = resume_->released_db;
  progress_.released_oid = resume_->released_oid;
  progress_.released_owner = resume_->released_owner;
  info_.released_collection = fmt::format(
      "resumed: the interrupted run's collection in '{}' (--resume)", resume_->released_db);
  log::milestone(fmt::format(
      "resume: the released side comes from the interrupted run's collection (database '{}'); "
      "collecting only the new side",
      resume_->released_db));
}

void Run::record_keys() {
  if (resume_ || plan_.options.resume) return;  // added before the preflight, to compare
  add_keys(progress_.released_key, backend_->key_fingerprint(plan_));
  save_or_warn(plan_.work_dir.path(), progress_);
}

void Run::mark_done(const Phase& phase) {
  const std::string side = phase.side_name();
  progress_.done.push_back(fmt::format("{} {}", side, phase.name));
  // A profile whose steps all build the schema has no collect phase: its migration is all.
  if (phase.name == kMigratePhase && plan_.profile.discovery_steps >= plan_.profile.steps.size()) {
    progress_.done.push_back(fmt::format("{} {}", side, kCollectPhase));
  }
  if (phase.side == Phase::Side::released && progress_.has("released", kCollectPhase)) {
    released_collected_ = utc_now_iso();
    progress_.released_db = plan_.profile.released_db;
    try {
      progress_.released_oid = backend_->db_oid(plan_.profile.released_db);
    } catch (const Error& e) {
      // Not knowing the oid only means nothing to resume; the run's own checks say what broke.
      progress_.released_oid.clear();
      log::info(fmt::format("cannot record the released database for --resume: {}", e.what()));
    }
    progress_.released_owner = this_run().run;
  }
  if (resume_ && released_db_) progress_.released_owner = this_run().run;  // adopted: ours now
  save_or_warn(plan_.work_dir.path(), progress_);
}

void Run::keep_for_resume() noexcept {
  if (!released_db_ || !progress_.has("released", kCollectPhase) ||
      progress_.released_oid.empty()) {
    return;
  }
  // Only a run given its --work-dir can be resumed; a default work dir is never found again, so
  // a database kept for it would only wait, with the copied keys inside, for the next run's prune.
  if (!plan_.options.work_dir) return;
  released_db_->keep();
  if (resume_) progress_.released_owner = this_run().run;
  save_or_warn(plan_.work_dir.path(), progress_);
  log::milestone(fmt::format(
      "kept the released database '{}' (its collection finished): run again with --resume "
      "--work-dir '{}' to collect only the new side",
      progress_.released_db, plan_.work_dir.path().string()));
}

}  // namespace dt
