#pragma once
// Phases 1-6 in order, with every resource held by a guard so that each path out of a run —
// success, dt::Error, dt::Interrupted — removes the worktree and drops what it should.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collect.hpp"
#include "core/model.hpp"
#include "run/backend.hpp"
#include "run/phase.hpp"
#include "run/plan.hpp"
#include "run/resume.hpp"
#include "run/scratch_files.hpp"
#include "snapshot.hpp"
#include "state.hpp"
#include "upgrade.hpp"

namespace dt {

// What one pass over both sides does: a full collection, or the schema-only discovery that
// lists tables. Built from the plan, never flipped halfway.
struct Pass {
  std::string released_db;  // scratch database names of this pass
  std::string new_db;
  std::size_t steps = 0;      // steps [0, steps) run on each side
  bool listing = false;       // discovery: child output to stderr, no reports, databases dropped
  std::string log_suffix;     // logs/<side><suffix>
  bool released_side = true;  // a discovery may leave out a side whose tables are known
  bool new_side = true;
};

// The sides a discovery lists.
struct DiscoverSides {
  bool released = true;
  bool fresh = true;
};

// The base tables each side's discovery found (empty for a side left out).
struct Discovered {
  std::vector<TableCount> released;
  std::vector<TableCount> fresh;
};

// The pass of a collection, and of a listing ("<scratch>_discovery" databases, so that a kept
// collection is never touched). Throws dt::Error when a discovery name would be too long.
Pass collection_pass(const Plan& plan);
Pass listing_pass(const Plan& plan);

class Run {
 public:
  Run(Plan plan, std::unique_ptr<Backend> backend);
  // Cleans up like cleanup(); also writes a partial report when collect() did not finish.
  ~Run() noexcept;
  Run(const Run&) = delete;
  Run& operator=(const Run&) = delete;

  // Phases 1-5, then report.md, report.json and state.json. With --reuse-state and a state whose
  // inputs match, returns that state and collects nothing. On dt::Error or dt::Interrupted the
  // partial report is written before the exception propagates.
  const State& collect();
  // Listing without collection: builds the sides asked for, runs only the discovery steps in
  // databases of their own, and returns each side's base tables (rows 0), dropping those
  // databases. Children's output goes to stderr and logs/<side>.discovery.log.
  Discovered discover(DiscoverSides which = {});
  // Drops the scratch databases unless --keep-dbs, removes the scratch configs (unless
  // --keep-dbs) and the worktree, and releases the server lock. Failures are warnings. Safe to
  // call more than once.
  void cleanup() noexcept;
  // After cleanup(): one line when it was disturbed (the server session holding the locks was
  // lost and taken again), else "". The run then exits 2 whatever its verdicts.
  const std::string& cleanup_problem() const noexcept { return cleanup_problem_; }
  // After collect() threw: the phase it stopped in, and for the builds (phase 1) the side whose
  // build failed, so that a caller can tell the application's failure from data-test's (bisect).
  Phase stopped_in() const;

  const Plan& plan() const { return plan_; }

 private:
  struct Sides {
    Side released;
    Side fresh;
  };
  Sides make_sides(const Pass& pass) const;
  // Phases 0-4 of a pass: server checks, builds, databases, configs, steps.
  Sides fill(Pass& pass);
  // The sides the pass works on, released first.
  static std::vector<Side*> active(Sides& sides, const Pass& pass);
  // Phase 1: the released build (from the cache, or a worktree built) and the new one; a
  // self-check builds the released side only and points the new side at it (run_builds.cpp).
  void build_sides(Sides& sides, const Pass& pass);
  // Builds each side given, both at once when the backend allows it.
  void build_all(const std::vector<const Side*>& builds);
  void provision(Sides& sides, const Pass& pass);
  void write_configs(Sides& sides, const Pass& pass);
  // Steps [from, to) on each active side, released first, each a phase "<what>, <side> side".
  void run_steps(Sides& sides, const Pass& pass, std::size_t from, std::size_t to,
                 std::string_view what);
  // Prints the risky schema changes (after both migrations) and keeps them for the report.
  void warn_early(const Sides& sides);
  void write_reports(const State& state);
  void write_partial(const std::string& reason) noexcept;
  // Removes the scratch configs, or leaves them in place when kept with the databases.
  void remove_configs() noexcept;
  // Drops the scratch databases (kept with --keep-dbs), newest first. Never throws.
  void drop_databases() noexcept;
  // --resume: what the work dir's progress lets this pass skip (the released side when its
  // collection finished); starts this run's progress record.
  void start_progress(Pass& pass);
  // Records "<side> <phase name>" of a side's step phase as done (and, for the released collection,
  // its database). After the preflight (which checks the key tables can be read): the key rows'
  // fingerprint joins the recorded resume key.
  void record_keys();
  void mark_done(const Phase& phase);
  // After a failure: keeps the released database when its collection finished, for --resume.
  void keep_for_resume() noexcept;
  // After the preflight of a collection: the released snapshot of this run's key; when it may
  // be used, the pass leaves out the released side (no build, no steps).
  void look_up_snapshot(Pass& pass);
  // After the reports: keeps the released collection as the snapshot (a warning when it cannot).
  void keep_snapshot(const Side& released);
  // True when this pass runs the upgrade: a collection with both sides, the profile has
  // upgrade steps, and --no-upgrade was not given.
  bool upgrading(const Pass& pass) const;
  // The upgraded side: the new side's build, its own scratch database, config and log.
  Side upgraded_side(const Sides& sides) const;
  // After the released collection, before the new one (run_upgrade.cpp): copies the released
  // database, runs the upgrade steps on the copy with the new build, counts after each step,
  // gathers the evidence, prints the upgrade's verdict, and drops the copy (unless --keep-dbs).
  // A failing step is a finding (info_.upgrade), never a dt::Error.
  void upgrade(Sides& sides);
  // The upgrade steps on the copy, each recorded in info (a failing one ends them), and the
  // copy's counts after each (rows written since the first step began counted too).
  std::vector<std::vector<TableCount>> run_upgrade_steps(const Side& up, UpgradeInfo& info);
  // Phase 5: both sides counted, compared, split per repository, given the upgrade's rows, and
  // diagnosed.
  std::vector<TableResult> compare_fresh(const Sides& sides);
  // Puts each upgrade row into its table's result; a table only the upgrade has gets a result
  // of its own (counted 0 on both fresh sides).
  void attach_upgrade(std::vector<TableResult>& results);
  // The working tree's acceptances of an upgrade verdict, applied to one upgrade row.
  void accept_upgrade(UpgradeRow& row) const;
  // Its acceptances of a fresh verdict applied to the results; stale ones and ones naming no
  // table warned about (once per collection).
  void apply_acceptances(std::vector<TableResult>& results) const;

  Plan plan_;
  // The work dir's lock, held from construction until after the cleanup: a second run in the
  // same work dir refuses instead of removing this one's worktree (WorkDir::lock).
  Fd work_dir_lock_;
  std::unique_ptr<Backend> backend_;
  RunInfo info_;
  Phase phase_;  // the phase in progress: what a failure keeps, and its partial report's words
  std::unique_ptr<Held> worktree_;
  std::unique_ptr<Held> new_worktree_;  // the new side's, when it is a commit (Plan::new_commit)
  Phase::Side failed_build_ = Phase::Side::none;  // the side whose build failed, if one did
  std::unique_ptr<Held> released_db_;
  std::unique_ptr<Held> new_db_;
  std::unique_ptr<Held> upgraded_db_;
  std::vector<UpgradeRow> upgrade_rows_;  // the upgrade's per-table results, until attached
  // The released side's counts, taken by the upgrade: nothing writes to that database
  // afterwards, so the row-count diff reuses them.
  std::optional<std::vector<TableCount>> released_counts_;
  std::vector<ScratchFile> configs_;  // scratch configs written (they hold the password)
  std::optional<State> state_;
  std::optional<Progress> resume_;         // the interrupted run's progress this run resumes
  Progress progress_;                      // this run's
  std::optional<SnapshotFound> snapshot_;  // the released snapshot looked up by this run
  bool from_snapshot_ = false;             // the released database is a copy of it
  std::string released_collected_;         // when this run's released collection finished
  bool finished_ = false;
  bool keep_configs_ = false;
  bool cleaned_up_ = false;
  std::string cleanup_problem_;
};

}  // namespace dt
