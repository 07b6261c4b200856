#pragma once
// Phases 1-6 in order, with every resource held by a guard so that each path out of a run —
// success, dt::Error, dt::Interrupted — removes the worktree and drops what it should.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app_config.hpp"
#include "counts.hpp"
#include "options.hpp"
#include "profile.hpp"
#include "state.hpp"

namespace dt {

class ServerSession;
class ScratchDatabase;
class Worktree;

// Everything a run needs, read and validated before anything is created or dropped.
struct Plan {
  Options options;
  Profile profile;
  AppConfig config;
  std::filesystem::path source_dir;
  std::filesystem::path work_dir;
  StateInputs inputs;
  std::string local_version;  // e.g. "working tree at abc1234 with uncommitted changes"
};

// Reads the profile and the config, resolves the tag, fingerprints the working tree and picks
// the work dir. Creates nothing but the work dir. Throws dt::Error for bad input.
Plan make_plan(const Options& options);

// Reads the profile given by --profile, or the built-in one.
Profile load_profile(const Options& options);

// One run of the harness.
class Run {
 public:
  explicit Run(Plan plan);
  // Cleans up like cleanup(); also writes a partial report when collect() did not finish.
  ~Run() noexcept;
  Run(const Run&) = delete;
  Run& operator=(const Run&) = delete;

  // Phases 1-5, then report.md, report.json and state.json. With --reuse-state and a state whose
  // inputs match, returns that state and collects nothing. On dt::Error or dt::Interrupted the
  // partial report is written before the exception propagates.
  const State& collect();
  // Listing without collection: builds both sides, runs only the discovery steps in databases
  // of their own ("<scratch>_discovery", so a kept collection is never touched), and returns
  // the base tables of either side (rows 0). Drops those databases; children's output goes to
  // stderr and logs/<side>.discovery.log, leaving stdout to the listing.
  std::vector<TableCount> discover();
  // Phase 6's cleanup: drops the scratch databases unless --keep-dbs, removes the worktree, and
  // releases the server lock. Failures are warnings. Safe to call more than once.
  void cleanup() noexcept;

  const Plan& plan() const { return plan_; }

 private:
  struct Sides;
  // Before anything is built: takes the server lock, checks CREATEDB and that no scratch name
  // belongs to a database data-test did not mark, and registers the key tables' values of the
  // first `steps` steps as secrets. Bad credentials or a busy server fail in seconds, not after
  // the build.
  void preflight(std::size_t steps);
  void build_sides(Sides& sides);
  void provision(Sides& sides, bool keep);
  void write_configs(Sides& sides);
  void write_reports(const State& state) const;
  void write_partial(const std::string& reason) noexcept;
  Sides make_sides() const;
  // The scratch databases' names: the profile's, or their "_discovery" twins when listing.
  std::pair<std::string, std::string> scratch_names() const;

  Plan plan_;
  RunInfo info_;
  std::string phase_;  // the phase in progress, for partial reports
  std::unique_ptr<Worktree> worktree_;
  std::unique_ptr<ServerSession> server_;
  std::unique_ptr<ScratchDatabase> released_db_;
  std::unique_ptr<ScratchDatabase> new_db_;
  std::optional<State> state_;
  bool finished_ = false;
  bool discovery_ = false;  // discover() rather than collect()
};

// --drop-dbs-only: drops the profile's marked scratch databases on the config's server.
void drop_scratch_databases(const Options& options);

}  // namespace dt
