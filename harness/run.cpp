#include "run.hpp"

#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <tuple>

#include <fmt/format.h>

#include "collect.hpp"
#include "copy_rows.hpp"
#include "report.hpp"
#include "scratch_db.hpp"
#include "util/error.hpp"
#include "util/log.hpp"
#include "util/process.hpp"
#include "util/redact.hpp"
#include "util/signals.hpp"
#include "verdict.hpp"
#include "worktree.hpp"

namespace fs = std::filesystem;

namespace dt {

namespace {

using Clock = std::chrono::steady_clock;

// Announces a phase and, when it ends, how long it took; records the timing for the report.
class PhaseTimer {
 public:
  PhaseTimer(std::string& current, std::vector<PhaseTiming>& timings, int number, std::string name)
      : current_(current), timings_(timings), name_(std::move(name)), start_(Clock::now()) {
    current_ = fmt::format("phase {}/6 ({})", number, name_);
    log::info(fmt::format("{}: started", current_));
  }
  ~PhaseTimer() {
    try {  // may run while an exception unwinds: never throw
      const double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
      timings_.push_back({name_, seconds});
      if (std::uncaught_exceptions() == 0) {
        log::info(fmt::format("{}: done in {:.1f} s", current_, seconds));
      }
    } catch (...) {
    }
  }
  PhaseTimer(const PhaseTimer&) = delete;
  PhaseTimer& operator=(const PhaseTimer&) = delete;

 private:
  std::string& current_;
  std::vector<PhaseTiming>& timings_;
  std::string name_;
  Clock::time_point start_;
};

// Creates dir (and parents) and proves it can be written.
void require_writable_dir(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  const fs::path probe = dir / ".data-test-write-probe";
  std::ofstream out(probe);
  if (ec || !out) {
    throw Error(
        fmt::format("work dir '{}' cannot be written{}; pass --work-dir with a writable "
                    "directory",
                    dir.string(), ec ? ": " + ec.message() : std::string()));
  }
  out.close();
  fs::remove(probe, ec);
}

// /tmp/<profile>-data-test-<UTC stamp>, with a suffix when a run in the same second made it.
fs::path fresh_default_work_dir(const std::string& profile_name) {
  const fs::path base =
      fs::temp_directory_path() / fmt::format("{}-data-test-{}", profile_name, utc_now_compact());
  fs::path dir = base;
  for (int n = 2; fs::exists(dir); ++n) dir = base.string() + "-" + std::to_string(n);
  return dir;
}

// The name of a scratch database used only to list tables, so that listing never touches
// the databases a collection made (and --keep-dbs kept).
std::string discovery_name(const std::string& scratch) {
  std::string name = scratch + "_discovery";
  if (name.size() > 63) {
    throw Error(
        fmt::format("scratch database name '{}' is too long to list tables in '{}' "
                    "(63 bytes at most); shorten it in the profile's \"databases\"",
                    scratch, name));
  }
  return name;
}

ConnParams with_dbname(ConnParams params, const std::string& dbname) {
  params.dbname = dbname;
  return params;
}

}  // namespace

Profile load_profile(const Options& options) {
  if (!options.profile) return builtin_profile();
  return parse_profile(read_text_file(*options.profile, "profile"), *options.profile);
}

Plan make_plan(const Options& options) {
  Plan plan;
  plan.options = options;
  plan.profile = load_profile(options);
  const fs::path start = options.source_dir ? fs::path(*options.source_dir) : fs::current_path();
  if (options.source_dir && !fs::is_directory(start)) {
    throw Error(
        fmt::format("source dir '{}' does not exist; pass --source-dir with the "
                    "application's clone",
                    start.string()));
  }
  plan.source_dir = git_toplevel(start);
  const fs::path config_path =
      options.config ? fs::path(*options.config) : plan.source_dir / (plan.profile.name + ".json");
  plan.config = load_app_config(config_path);
  if (plan.config.db.dbname == plan.profile.released_db ||
      plan.config.db.dbname == plan.profile.new_db) {
    throw Error(fmt::format(
        "the primary database '{}' has the name of a scratch database in the profile; data-test "
        "would drop it — give the profile other \"databases\" names",
        plan.config.db.dbname));
  }
  plan.inputs.released_commit = resolve_tag(plan.source_dir, options.released_tag);
  plan.work_dir = options.work_dir ? fs::absolute(*options.work_dir)
                                   : fresh_default_work_dir(plan.profile.name);
  require_writable_dir(plan.work_dir);
  plan.work_dir = fs::canonical(plan.work_dir);
  // The work dir may lie inside the clone (a CTest build tree): its files are not the tree's.
  plan.inputs.tree_fingerprint = working_tree_fingerprint(plan.source_dir, plan.work_dir);
  plan.inputs.repo = options.repo;
  plan.inputs.profile = plan.profile.canonical;
  plan.local_version = describe_working_tree(plan.source_dir, plan.work_dir);
  return plan;
}

struct Run::Sides {
  Side released;
  Side fresh;
};

Run::Run(Plan plan) : plan_(std::move(plan)) {
  info_.profile_name = plan_.profile.name;
  info_.released_tag = plan_.options.released_tag;
  info_.released_commit = plan_.inputs.released_commit;
  info_.local_version = plan_.local_version;
  info_.released_db = plan_.profile.released_db;
  info_.new_db = plan_.profile.new_db;
  info_.repo = plan_.options.repo;
  info_.schemas = plan_.profile.schemas;
}

Run::~Run() noexcept {
  if (!finished_ && !phase_.empty()) write_partial("the run was abandoned");
  cleanup();
}

std::pair<std::string, std::string> Run::scratch_names() const {
  if (!discovery_) return {plan_.profile.released_db, plan_.profile.new_db};
  return {discovery_name(plan_.profile.released_db), discovery_name(plan_.profile.new_db)};
}

Run::Sides Run::make_sides() const {
  const fs::path& work = plan_.work_dir;
  Sides sides;
  sides.released.name = "released";
  sides.released.src = work / "released-src";
  sides.fresh.name = "new";
  sides.fresh.src = plan_.source_dir;
  for (Side* side : {&sides.released, &sides.fresh}) {
    side->bin = work / "bin" / side->name / plan_.profile.name;
    side->config = work / "config" / (side->name + ".json");
    side->log = work / "logs" / (side->name + (discovery_ ? ".discovery.log" : ".log"));
    side->quiet_stdout = discovery_;
    side->scratch = with_dbname(
        plan_.config.db, side->name == "released" ? scratch_names().first : scratch_names().second);
  }
  return sides;
}

void Run::preflight(std::size_t steps) {
  phase_ = "preflight (server checks)";
  log::info(fmt::format("{}: connecting to {}", phase_, describe(plan_.config.db)));
  const auto [released, fresh] = scratch_names();
  server_ = std::make_unique<ServerSession>(plan_.config.db, released + "+" + fresh);
  server_->require_createdb();
  for (const std::string& name : {released, fresh}) {
    server_->require_droppable(name, plan_.options.force_drop);
  }
  for (std::size_t i = 0; i < steps && i < plan_.profile.steps.size(); ++i) {
    const Step& step = plan_.profile.steps[i];
    if (step.kind == Step::Kind::copy_rows) register_table_secrets(plan_.config.db, step.table);
  }
}

void Run::build_sides(Sides& sides) {
  PhaseTimer timer(phase_, info_.phases, 1, "resolve binaries");
  fs::create_directories(plan_.work_dir / "logs");
  for (const Side* side : {&sides.released, &sides.fresh}) {
    // One log per run: a fixed work dir (CTest) must not pile runs onto each other.
    write_private_file(side->log, fmt::format("==== data-test {} started {} ====\n",
                                              discovery_ ? "listing" : "run", utc_now_iso()));
  }
  worktree_ = std::make_unique<Worktree>(plan_.source_dir, plan_.inputs.released_commit,
                                         sides.released.src);
  for (Side* side : {&sides.released, &sides.fresh}) {
    signals::throw_if_interrupted();
    build_side(plan_.profile, *side, placeholders_for(*side, plan_.options.repo, plan_.work_dir));
  }
}

void Run::provision(Sides& sides, bool keep) {
  PhaseTimer timer(phase_, info_.phases, 2, "provision scratch databases");
  if (!server_) preflight(0);
  const std::string detail =
      fmt::format("profile {}, created {}", plan_.profile.name, utc_now_iso());
  released_db_ =
      std::make_unique<ScratchDatabase>(*server_, sides.released.scratch.dbname,
                                        "released side, " + detail, plan_.options.force_drop);
  new_db_ = std::make_unique<ScratchDatabase>(*server_, sides.fresh.scratch.dbname,
                                              "new side, " + detail, plan_.options.force_drop);
  if (keep) {
    released_db_->keep();
    new_db_->keep();
  }
}

void Run::write_configs(Sides& sides) {
  PhaseTimer timer(phase_, info_.phases, 3, "scratch configs");
  for (Side* side : {&sides.released, &sides.fresh}) {
    fs::create_directories(side->config.parent_path());
    write_private_file(side->config, scratch_config_text(plan_.config, side->scratch.dbname));
  }
}

const State& Run::collect() {
  if (state_) return *state_;
  if (plan_.options.reuse_state) {
    if (auto saved = load_state(plan_.work_dir); saved && saved->inputs == plan_.inputs) {
      log::info(
          fmt::format("reusing the collection in '{}' (same tag commit, working tree, repo "
                      "and profile); set DATA_TEST_RECOLLECT=1 to collect again",
                      state_path(plan_.work_dir).string()));
      state_ = std::move(saved);
      finished_ = true;
      return *state_;
    }
  }
  try {
    Sides sides = make_sides();
    preflight(plan_.profile.steps.size());
    build_sides(sides);
    provision(sides, plan_.options.keep_dbs);
    write_configs(sides);
    std::vector<TableCount> counts[2];
    {
      for (Side* side : {&sides.released, &sides.fresh}) {
        PhaseTimer timer(phase_, info_.phases, 4, "collect, " + side->name + " side");
        run_steps(plan_.profile, plan_.profile.steps.size(), *side,
                  placeholders_for(*side, plan_.options.repo, plan_.work_dir), plan_.config.db);
      }
    }
    {
      PhaseTimer timer(phase_, info_.phases, 5, "row-count diff");
      counts[0] = count_tables(sides.released.scratch, plan_.profile.schemas);
      counts[1] = count_tables(sides.fresh.scratch, plan_.profile.schemas);
    }
    // Counting does not poll for signals: a stop requested meanwhile must not end in 0 or 1.
    signals::throw_if_interrupted();
    State state;
    state.inputs = plan_.inputs;
    state.info = info_;
    state.info.generated_at = utc_now_iso();
    state.results = compare(counts[0], counts[1]);
    {
      PhaseTimer timer(phase_, info_.phases, 6, "report");
      state.info.phases = info_.phases;
      write_reports(state);
    }
    state.info.phases = info_.phases;
    state_ = std::move(state);
    finished_ = true;
    return *state_;
  } catch (const Interrupted& e) {
    write_partial(fmt::format("{} during {}", e.what(), phase_));
    finished_ = true;
    throw;
  } catch (const std::exception& e) {
    write_partial(fmt::format("stopped in {}: {}", phase_, e.what()));
    finished_ = true;
    throw;
  }
}

std::vector<TableCount> Run::discover() {
  discovery_ = true;
  Sides sides = make_sides();
  try {
    preflight(plan_.profile.discovery_steps);
    build_sides(sides);
    provision(sides, /*keep=*/false);
    write_configs(sides);
    std::vector<TableCount> tables;
    for (Side* side : {&sides.released, &sides.fresh}) {
      PhaseTimer timer(phase_, info_.phases, 4, "schema-only discovery, " + side->name + " side");
      run_steps(plan_.profile, plan_.profile.discovery_steps, *side,
                placeholders_for(*side, plan_.options.repo, plan_.work_dir), plan_.config.db);
      for (auto& table : discover_tables(side->scratch, plan_.profile.schemas)) {
        tables.push_back(std::move(table));
      }
    }
    // Either side's tables, once each, in the order compare() uses.
    std::sort(tables.begin(), tables.end(), [](const TableCount& a, const TableCount& b) {
      return std::tie(a.schema, a.table) < std::tie(b.schema, b.table);
    });
    tables.erase(std::unique(tables.begin(), tables.end(),
                             [](const TableCount& a, const TableCount& b) {
                               return a.schema == b.schema && a.table == b.table;
                             }),
                 tables.end());
    finished_ = true;
    cleanup();
    return tables;
  } catch (const std::exception&) {
    finished_ = true;  // listing writes no report
    throw;
  }
}

void Run::write_reports(const State& state) const {
  write_private_file(plan_.work_dir / "report.md", render_markdown(state.info, state.results));
  write_private_file(plan_.work_dir / "report.json",
                     render_json(state.info, state.results).dump(2) + "\n");
  save_state(plan_.work_dir, state);
}

void Run::write_partial(const std::string& reason) noexcept {
  try {
    RunInfo info = info_;
    info.generated_at = utc_now_iso();
    info.incomplete = redact::scrub(reason);
    write_private_file(plan_.work_dir / "report.md", render_markdown(info, {}));
    write_private_file(plan_.work_dir / "report.json", render_json(info, {}).dump(2) + "\n");
    // Not an error line: the one error line is the reason itself, printed by main.
    log::info(
        fmt::format("partial report written to '{}'", (plan_.work_dir / "report.md").string()));
  } catch (const std::exception& e) {
    log::warn(fmt::format("could not write the partial report: {}", e.what()));
  }
}

void Run::cleanup() noexcept {
  // Reverse order of creation: databases, then the lock's session, then the worktree.
  new_db_.reset();
  released_db_.reset();
  server_.reset();
  worktree_.reset();
}

void drop_scratch_databases(const Options& options) {
  const Profile profile = load_profile(options);
  const fs::path source = options.source_dir ? fs::path(*options.source_dir) : fs::current_path();
  const fs::path config_path =
      options.config ? fs::path(*options.config) : git_toplevel(source) / (profile.name + ".json");
  const AppConfig config = load_app_config(config_path);
  ServerSession server(config.db, profile.released_db + "+" + profile.new_db);
  // A listing interrupted hard may have left its own twins behind too.
  for (const auto& name : {profile.released_db, profile.new_db, discovery_name(profile.released_db),
                           discovery_name(profile.new_db)}) {
    if (!server.exists(name)) continue;
    server.drop_scratch(name, options.force_drop);
    log::info(fmt::format("dropped scratch database '{}'", name));
  }
}

}  // namespace dt
