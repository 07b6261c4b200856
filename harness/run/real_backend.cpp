// The production backend: git worktrees, the profile's builds and steps as children, and the
// operator's server through one locked session.
#include <chrono>

#include <fmt/format.h>

#include "build_cache.hpp"
#include "build_stamp.hpp"
#include "copy_rows.hpp"
#include "core/reclaim.hpp"
#include "core/server.hpp"
#include "counts.hpp"
#include "repo_counts.hpp"
#include "run/backend.hpp"
#include "run/diagnose.hpp"
#include "scratch_db.hpp"
#include "snapshot.hpp"
#include "state.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/log.hpp"
#include "util/redact.hpp"
#include "worktree.hpp"

namespace dt {
namespace {

template <typename T>
class Holder : public Held {
 public:
  explicit Holder(std::unique_ptr<T> held) : held_(std::move(held)) {}
  void keep() noexcept override {
    if constexpr (std::is_same_v<T, ScratchDatabase>) held_->keep();
  }

 private:
  std::unique_ptr<T> held_;
};

class RealBackend : public Backend {
 public:
  void preflight(const Plan& plan, const std::vector<std::string>& names,
                 std::size_t steps) override {
    log::info(fmt::format("preflight (server checks): connecting to {}", describe(plan.config.db)));
    server_ = std::make_unique<ServerSession>(plan.config.db);
    for (const auto& name : names) server_->lock(name);
    server_->require_createdb();
    for (const auto& name : names) {
      reclaim::check(reclaim::Database{server_.get(), name, plan.options.force_drop});
    }
    for (std::size_t i = 0; i < steps && i < plan.profile.steps.size(); ++i) {
      const Step& step = plan.profile.steps[i];
      if (step.kind == Step::Kind::copy_rows) register_table_secrets(plan.config.db, step.table);
    }
  }

  std::unique_ptr<Held> worktree(Plan& plan, const std::string& name,
                                 const std::string& commit) override {
    return std::make_unique<Holder<Worktree>>(
        std::make_unique<Worktree>(plan.source_dir, commit, plan.work_dir, name));
  }

  void reclaim_stale_worktree(Plan& plan, const std::string& name) override {
    reclaim_worktree_leftover(plan.source_dir, plan.work_dir, name);
  }

  std::optional<CachedBuild> cached_build(const Plan& plan, const Side& side) override {
    // A released build from the cache has no worktree: steps given {src} need one.
    const bool released = side.name == "released";
    if (plan.options.fresh || !plan.options.reuse_builds || commit_of(plan, side).empty() ||
        (released && steps_read_source(plan.profile)) || !open_cache(plan)) {
      return std::nullopt;
    }
    auto cached = restore_build(*cache_, cache_key(plan, side), side.bin);
    if (cached) stamp_build(side.bin, side_key(plan.inputs, side.name));
    return cached;
  }

  void build(const Plan& plan, const Side& side) override {
    const std::string key = side_key(plan.inputs, side.name);
    if (plan.options.reuse_builds && build_is_current(side.bin, key)) {
      const std::string line =
          fmt::format("build: reusing '{}', built from the same inputs", side.bin.string());
      log::info(fmt::format("[{}] {}", side.name, line));
      log_header(side, line);
      return;
    }
    build_side(plan.profile, side, values(plan, side));
    stamp_build(side.bin, key);
    if (!commit_of(plan, side).empty() && open_cache(plan)) {
      try {
        store_build(*cache_, cache_key(plan, side), commit_of(plan, side), side.bin,
                    build_stamp_path(side.bin));
      } catch (const Error& e) {
        // The run goes on: a build not kept costs the next run a build, nothing else.
        log::warn(
            fmt::format("could not keep the {} build in the cache dir: {}", side.name, e.what()));
      }
    }
  }

  bool builds_side_by_side() const override { return true; }

  std::unique_ptr<Held> scratch_db(const Plan& plan, const Side& side) override {
    return std::make_unique<Holder<ScratchDatabase>>(std::make_unique<ScratchDatabase>(
        *server_, side.scratch.dbname, mark_for(plan, side), plan.options.force_drop));
  }

  std::unique_ptr<Held> adopt_db(const Plan& plan, const Side& side, const std::string& oid,
                                 const std::string& previous_run) override {
    auto db = std::make_unique<Holder<ScratchDatabase>>(
        std::make_unique<ScratchDatabase>(*server_, side.scratch.dbname, mark_for(plan, side),
                                          ScratchDatabase::Adopt{oid, previous_run}));
    register_key_secrets(plan, side);
    return db;
  }

  std::optional<SnapshotFound> find_snapshot(const Plan& plan) override {
    SnapshotFound found;
    found.key = {plan.inputs.released_commit, plan.inputs.repo,
                 profile_digest(plan.profile.collection), key_fingerprint(plan)};
    found.name = snapshot_name(found.key);
    const auto max_age = plan.options.snapshot_max_age;
    if (max_age.count() <= 0) {
      found.choice.use = SnapshotUse::disabled;
      return found;
    }
    try {
      server_->lock(found.name);
    } catch (const LockLost&) {
      throw;
    } catch (const Error&) {
      found.choice.use = SnapshotUse::busy;  // another run copies or replaces it right now
      return found;
    }
    found.locked = true;
    const bool exists = server_->oid_of(found.name).has_value();
    const auto mark = exists ? server_->mark_of(found.name) : std::nullopt;
    if (mark) found.collected = mark->created;
    const bool proven = mark && snapshot_proven(plan, found.name);
    found.choice = choose_snapshot(exists, mark, found.key, std::chrono::system_clock::now(),
                                   max_age, plan.options.fresh, proven);
    return found;
  }

  // Snapshot `name` is this user's data-test's: this role owns it, it is closed to connections
  // as data-test left it, and the cache dir records its name with this very oid. Its name and
  // its mark prove nothing: any role with CREATEDB can make a database with both.
  bool snapshot_proven(const Plan& plan, const std::string& name) {
    const auto facts = server_->facts_of(name);
    if (!facts || !facts->ours || facts->allows_connections) return false;
    try {
      return open_cache(plan) && snapshot_record(*cache_, name) == facts->oid;
    } catch (const Error& e) {
      log::info(fmt::format("the cache dir's snapshot record cannot be read: {}", e.what()));
      return false;
    }
  }

  std::unique_ptr<Held> snapshot_db(const Plan& plan, const Side& side,
                                    const SnapshotFound& found) override {
    auto db = std::make_unique<Holder<ScratchDatabase>>(std::make_unique<ScratchDatabase>(
        *server_, side.scratch.dbname, mark_for(plan, side), plan.options.force_drop,
        ScratchDatabase::Copy{found.name}));
    register_key_secrets(plan, side);
    // The collector's log of the snapshot's collection, for the report's log evidence.
    std::optional<std::string> kept;
    try {
      if (open_cache(plan)) kept = snapshot_log(*cache_, found.name);
    } catch (const Error& e) {
      log::info(fmt::format("the snapshot's log cannot be read: {}", e.what()));
    }
    const std::string head =
        fmt::format("==== released side: a copy of the snapshot '{}' (collected {}); ", found.name,
                    found.collected);
    file::write_private(side.log,
                        kept ? head + "its collection's log follows ====\n" + *kept
                             : head +
                                   "its collection's log is not in this cache dir (it is kept in "
                                   "the cache dir of the run that collected it) ====\n");
    return db;
  }

  void keep_snapshot(const Plan& plan, const Side& released, const SnapshotFound& found,
                     const std::string& collected) override {
    // Only the cache dir's record proves a snapshot is this user's: without one it is not kept.
    if (!open_cache(plan)) {
      throw Error("there is no cache dir to record it in, so no later run could prove it");
    }
    if (server_->oid_of(found.name)) {
      reclaim::reclaim(reclaim::Database{server_.get(), found.name, false});
    }
    Mark mark = mark_for(plan, released);
    mark.side = std::string(kSnapshotSide);
    mark.created = collected;
    mark.of = snapshot_fields(found.key, plan.options.released_tag);
    // --keep-dbs keeps the released database for the operator: the snapshot is a copy then.
    server_->keep_as(released.scratch.dbname, found.name, mark, plan.options.keep_dbs);
    store_snapshot_record(*cache_, found.name, server_->oid_of(found.name).value_or(""));
    try {
      if (open_cache(plan)) store_snapshot_log(*cache_, found.name, released.log);
    } catch (const Error& e) {
      log::info(fmt::format("the released log is not kept beside the snapshot: {}", e.what()));
    }
  }

  std::string db_oid(const std::string& name) override {
    return server_ ? server_->oid_of(name).value_or("") : "";
  }

  void step(const Plan& plan, const Side& side, const StepRun& run) override {
    const Step& step = step_of(plan.profile, run);
    const std::string what = run.label();
    if (step.kind == Step::Kind::run) {
      const Placeholders values = placeholders_for(
          side, run.repo ? plan.repos.at(*run.repo) : std::string(), plan.work_dir.path());
      run_step(side,
               step.once ? expand_once(step.argv, values, plan.repos) : expand(step.argv, values),
               what);
      return;
    }
    const std::string header = fmt::format("{}: copy_rows {}", what, step.table);
    log::info(fmt::format("[{}] {}", side.name, header));
    log_header(side, header);
    const long long rows = copy_rows(plan.config.db, side.scratch, step.table);
    // The count only: the values are API keys.
    const std::string done = fmt::format("copied {} row(s) of {}", rows, step.table);
    log::info(fmt::format("[{}] {}", side.name, done));
    log_header(side, done);
  }

  std::vector<TableCount> tables(const Plan& plan, const Side& side, bool count) override {
    return count ? count_tables(side.scratch, plan.profile.schemas)
                 : discover_tables(side.scratch, plan.profile.schemas);
  }

  std::string current_xid(const Plan& /*plan*/, const Side& side) override {
    return dt::current_xid(side.scratch);
  }

  std::vector<TableCount> tables_written(const Plan& plan, const Side& side,
                                         const std::string& since) override {
    return count_tables(side.scratch, plan.profile.schemas, since);
  }

  std::vector<RepoTableCounts> repo_counts(const Plan& plan, const Side& side) override {
    return count_by_repo(side.scratch, plan.profile.schemas, plan.profile.repo_column,
                         plan.profile.repo_lookup, plan.repos);
  }

  std::vector<EarlyWarning> early_warnings(const Plan& plan, const Side& released,
                                           const Side& fresh) override {
    return dt::early_warnings(released.scratch, fresh.scratch, plan.profile.schemas);
  }

  void diagnose(const Plan& plan, const Side& released, const Side& fresh,
                std::vector<TableResult>& results, std::vector<EarlyWarning>& warnings) override {
    DiagnoseInputs in;
    in.released = released.scratch;
    in.fresh = fresh.scratch;
    in.schemas = plan.profile.schemas;
    in.released_log = released.log;
    in.new_log = fresh.log;
    in.work_dir = plan.work_dir.path();
    in.overrides = plan.profile.natural_keys;
    in.content_exclude = plan.profile.content_exclude;
    in.sample = plan.options.sample_rows;
    in.content = plan.options.content;
    dt::diagnose(in, results, warnings);
    // The lines that made a change: the working tree's, or a bisect candidate's worktree.
    attach_sources(plan.new_commit.empty() ? plan.source_dir : fresh.src,
                   plan.inputs.released_commit, plan.tree_excludes, results, warnings);
  }

  std::unique_ptr<Held> upgraded_db(const Plan& plan, const Side& upgraded,
                                    const Side& released) override {
    return std::make_unique<Holder<ScratchDatabase>>(std::make_unique<ScratchDatabase>(
        *server_, upgraded.scratch.dbname, mark_for(plan, upgraded), plan.options.force_drop,
        ScratchDatabase::Copy{released.scratch.dbname}));
  }

  void diagnose_upgrade(const Plan& plan, const Side& released, const Side& upgraded,
                        const Side& fresh, std::vector<UpgradeRow>& rows) override {
    UpgradeInputs in;
    in.released = released.scratch;
    in.upgraded = upgraded.scratch;
    in.fresh = fresh.scratch;
    in.schemas = plan.profile.schemas;
    in.work_dir = plan.work_dir.path();
    in.overrides = plan.profile.natural_keys;
    in.content_exclude = plan.profile.content_exclude;
    in.sample = plan.options.sample_rows;
    dt::diagnose_upgrade(in, rows);
  }

  void require_locks(std::string_view before) override {
    if (server_) server_->require_locks(before);
  }

  void release_server() noexcept override {
    lost_ = lost_ || (server_ && server_->was_lost());
    server_.reset();
  }

  bool session_lost() const noexcept override { return lost_ || (server_ && server_->was_lost()); }

 private:
  // Build: no repository ({repo} is refused there by the profile parser).
  static Placeholders values(const Plan& plan, const Side& side) {
    return placeholders_for(side, std::string(), plan.work_dir.path());
  }

  // This run's mark for side's database.
  static Mark mark_for(const Plan& plan, const Side& side) {
    Mark mark;
    mark.owner = this_run();
    mark.side = side.name;
    mark.profile = plan.profile.name;
    mark.created = utc_now_iso();
    return mark;
  }

  // The key rows in a released database this run did not fill (an interrupted run's, a
  // snapshot's) may be keys revoked since: secrets too, whatever the primary holds now.
  static void register_key_secrets(const Plan& plan, const Side& side) {
    for (const Step& step : plan.profile.steps) {
      if (step.kind == Step::Kind::copy_rows) register_table_secrets(side.scratch, step.table);
    }
  }

  // Read once per run: the resume key and the snapshot key name the same key rows.
  std::string key_fingerprint(const Plan& plan) override {
    if (keys_) return *keys_;
    std::string out;
    for (const Step& step : plan.profile.steps) {
      if (step.kind != Step::Kind::copy_rows) continue;
      out += fmt::format("{}{}={}", out.empty() ? "" : "\n", step.table,
                         key_table_fingerprint(plan.config.db, step.table));
    }
    keys_ = out;
    return out;
  }

  // A step given {src} reads the released source: that side needs its worktree, so its build
  // is not taken from the cache.
  static bool steps_read_source(const Profile& profile) {
    for (const Step& step : profile.steps) {
      if (step.kind == Step::Kind::run && uses_placeholder(step.argv, "src")) return true;
    }
    return false;
  }

  // The cache dir, opened on first use; false when there is none (no --cache-dir, no HOME).
  bool open_cache(const Plan& plan) {
    if (!cache_ && !plan.cache_dir.empty()) cache_ = CacheDir::open(plan.cache_dir);
    return cache_.has_value();
  }

  // The commit a side's build is made from, when it is one: the released tag's, or a bisect
  // candidate's (Plan::new_commit); "" for the working tree, which is never cached.
  static const std::string& commit_of(const Plan& plan, const Side& side) {
    return side.name == "released" ? plan.inputs.released_commit : plan.new_commit;
  }

  // A side's build cache key (the toolchain asked once per run).
  std::string cache_key(const Plan& plan, const Side& side) {
    if (!toolchain_) toolchain_ = toolchain_version(plan.profile.toolchain, plan.source_dir);
    return build_cache_key(commit_of(plan, side), plan.profile.build, *toolchain_);
  }

  std::unique_ptr<ServerSession> server_;
  std::optional<CacheDir> cache_;
  std::optional<std::string> keys_;  // key_fingerprint's, once read
  std::optional<std::string> toolchain_;
  bool lost_ = false;
};

}  // namespace

std::unique_ptr<Backend> real_backend() {
  return std::make_unique<RealBackend>();
}

}  // namespace dt
