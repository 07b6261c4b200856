// Run's part of the released snapshot (snapshot.hpp): looked up after the preflight, used
// instead of the released build and steps when its key matches and it is young enough, and kept
// after a finished collection for the next run.
#include <fmt/format.h>

#include "run/run.hpp"
#include "util/error.hpp"
#include "util/log.hpp"

namespace dt {

void Run::look_up_snapshot(Pass& pass) {
  if (resume_) return;  // the interrupted run's database is the released side
  snapshot_ = backend_->find_snapshot(plan_);
  if (!snapshot_) return;
  log::milestone(snapshot_line(*snapshot_));
  if (snapshot_->choice.use != SnapshotUse::use) return;
  from_snapshot_ = true;
  pass.released_side = false;
  info_.released_collection =
      snapshot_text(snapshot_->name, snapshot_->collected, snapshot_->choice.age);
}

void Run::keep_snapshot(const Side& released) {
  const SnapshotUse use = snapshot_->choice.use;
  if (!snapshot_->locked || released_collected_.empty() || use == SnapshotUse::disabled ||
      use == SnapshotUse::not_ours || use == SnapshotUse::unproven || use == SnapshotUse::busy) {
    return;
  }
  try {
    backend_->require_locks("keeping the released snapshot");
    backend_->keep_snapshot(plan_, released, *snapshot_, released_collected_);
    log::milestone(fmt::format(
        "released snapshot: kept the released collection as '{}'; runs with the same key "
        "within --snapshot-max-age copy it instead of collecting ('data-test snapshots list')",
        snapshot_->name));
  } catch (const Interrupted&) {
    throw;
  } catch (const Error& e) {
    // The verdicts stand: a snapshot not kept costs the next run a released collection.
    log::warn(
        fmt::format("could not keep the released snapshot '{}': {}", snapshot_->name, e.what()));
  }
}

}  // namespace dt
