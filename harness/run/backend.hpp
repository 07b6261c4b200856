#pragma once
// Everything a run does to the outside world (git, builds, children, PostgreSQL), behind one
// seam: the real backend in production, a recording fake in the unit tests of Run's ordering.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "build_cache.hpp"
#include "collect.hpp"
#include "core/model.hpp"
#include "run/plan.hpp"
#include "run/step_runs.hpp"
#include "snapshot.hpp"
#include "upgrade.hpp"
#include "util/error.hpp"

namespace dt {

// A resource held for the run (a worktree, a scratch database): released by its destructor,
// which never throws.
class Held {
 public:
  virtual ~Held() = default;
  // Leave it in place when released (--keep-dbs).
  virtual void keep() noexcept {}
};

class Backend {
 public:
  virtual ~Backend() = default;
  // Before anything is built: the server session, the locks of `names`, CREATEDB, that each
  // name is free or provably data-test's, and the secrets of the first `steps` steps' key tables.
  virtual void preflight(const Plan& plan, const std::vector<std::string>& names,
                         std::size_t steps) = 0;
  // A detached worktree of commit at <work-dir>/<name> (the released tag's, or a bisect
  // candidate's), removed through reclaim when released.
  virtual std::unique_ptr<Held> worktree(Plan& plan, const std::string& name,
                                         const std::string& commit) = 0;
  // Removes the worktree `name` a crashed run left in the work dir, when the work dir's record
  // proves data-test made it: at the start of every run, also one that builds no worktree.
  virtual void reclaim_stale_worktree(Plan& /*plan*/, const std::string& /*name*/) {}
  // The side's executable from the build cache, put at side.bin, when the cache holds one for
  // this key (then the released side makes neither the worktree nor the build; a bisect
  // candidate, Plan::new_commit, still has its worktree); nullopt otherwise.
  virtual std::optional<CachedBuild> cached_build(const Plan& /*plan*/, const Side& /*side*/) {
    return std::nullopt;
  }
  // --resume: the released database the interrupted run collected (its oid and that run's id),
  // locked, checked and marked as this run's.
  virtual std::unique_ptr<Held> adopt_db(const Plan& /*plan*/, const Side& /*side*/,
                                         const std::string& /*oid*/,
                                         const std::string& /*previous_run*/) {
    throw Error("internal error: this backend cannot resume");
  }
  // After a collection's preflight: the released snapshot of this run's key (see snapshot.hpp),
  // its lock taken; nullopt when this backend keeps none.
  virtual std::optional<SnapshotFound> find_snapshot(const Plan& /*plan*/) { return std::nullopt; }
  // The released scratch database, made as a copy of the snapshot found (no build, no steps).
  virtual std::unique_ptr<Held> snapshot_db(const Plan& /*plan*/, const Side& /*side*/,
                                            const SnapshotFound& /*found*/) {
    throw Error("internal error: this backend keeps no snapshots");
  }
  // After a finished collection: keeps the released database (collected at `collected`) as the
  // snapshot found, replacing an expired one through reclaim. Throws dt::Error when it cannot.
  virtual void keep_snapshot(const Plan& /*plan*/, const Side& /*released*/,
                             const SnapshotFound& /*found*/, const std::string& /*collected*/) {}
  // The copy_rows tables' rows in the primary, fingerprinted by the server: keys changed there
  // make a snapshot or an interrupted run's collection of the old ones another key's.
  virtual std::string key_fingerprint(const Plan& /*plan*/) { return ""; }
  // The oid of database name ("" when it does not exist), for the progress record.
  virtual std::string db_oid(const std::string& /*name*/) { return ""; }
  // Builds one side. With builds_side_by_side(), called for both sides at once from two
  // threads; side.stop then turns true when the other side's build failed.
  virtual void build(const Plan& plan, const Side& side) = 0;
  // True when build() may run for both sides at once (the sides' builds are independent).
  virtual bool builds_side_by_side() const { return false; }
  // One scratch database, created and marked.
  virtual std::unique_ptr<Held> scratch_db(const Plan& plan, const Side& side) = 0;
  // One run of a step on side (for a per-repository step, with that repository).
  virtual void step(const Plan& plan, const Side& side, const StepRun& run) = 0;
  // The base tables of side's database, with exact counts when `count`.
  virtual std::vector<TableCount> tables(const Plan& plan, const Side& side, bool count) = 0;
  // Per-repository row counts of side's tables that have the profile's repo_column (empty
  // when the profile has none).
  virtual std::vector<RepoTableCounts> repo_counts(const Plan& plan, const Side& side) = 0;
  // After both sides' schema-building steps: the risky schema changes between the two scratch
  // databases. Throws dt::Error when they cannot be compared.
  virtual std::vector<EarlyWarning> early_warnings(const Plan& plan, const Side& released,
                                                   const Side& fresh) = 0;
  // After the counts, while both databases exist: the evidence beside each verdict (see
  // run/diagnose.hpp). Throws only dt::Interrupted.
  virtual void diagnose(const Plan& plan, const Side& released, const Side& fresh,
                        std::vector<TableResult>& results, std::vector<EarlyWarning>& warnings) = 0;
  // A transaction id of the server now (counts.hpp current_xid); "" when not known.
  virtual std::string current_xid(const Plan& /*plan*/, const Side& /*side*/) { return ""; }
  // tables(plan, side, true), each also with the rows written after transaction `since`.
  virtual std::vector<TableCount> tables_written(const Plan& plan, const Side& side,
                                                 const std::string& /*since*/) {
    return tables(plan, side, true);
  }
  // The upgraded side's database: a copy of released's collected database (CREATE DATABASE ...
  // TEMPLATE), created and marked like the others. Released is never written to.
  virtual std::unique_ptr<Held> upgraded_db(const Plan& /*plan*/, const Side& /*upgraded*/,
                                            const Side& /*released*/) {
    throw Error("internal error: this backend cannot copy a database for the upgrade");
  }
  // After the upgrade steps: each row's schema against the fresh install, its content, its lost
  // or changed rows, and its verdict (run/diagnose.hpp). Throws only dt::Interrupted.
  virtual void diagnose_upgrade(const Plan& /*plan*/, const Side& /*released*/,
                                const Side& /*upgraded*/, const Side& /*fresh*/,
                                std::vector<UpgradeRow>& /*rows*/) {}
  // Throws LockLost when the session holding the locks is gone; `before` names the next step.
  virtual void require_locks(std::string_view before) = 0;
  // Closes the server session (releasing its locks). Never throws.
  virtual void release_server() noexcept = 0;
  // True when the session holding the locks was lost (and taken again for cleanup) during the
  // run: a server restart, or a terminated backend.
  virtual bool session_lost() const noexcept { return false; }
};

// The backend that does it for real.
std::unique_ptr<Backend> real_backend();

}  // namespace dt
