// Run's part of the upgrade: the released collection copied, migrated by the new version's
// upgrade steps, and compared table by table, before the new side collects.
#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "console.hpp"
#include "run/phase_timer.hpp"
#include "run/run.hpp"
#include "run/scratch_files.hpp"
#include "util/file.hpp"
#include "util/log.hpp"
#include "util/process.hpp"
#include "util/redact.hpp"
#include "util/signals.hpp"
#include "util/text.hpp"

namespace dt {
namespace {

// The failing step's output shown in the report: its last lines, secrets masked.
constexpr std::size_t kTailLines = 20;

// The last `count` lines of the side's log (after the failing step's header), scrubbed.
std::vector<std::string> log_tail(const std::filesystem::path& log, std::size_t count) {
  std::vector<std::string> lines;
  try {
    const std::string text = file::read_text(log, "the upgraded side's log");
    std::size_t start = 0;
    while (start < text.size()) {
      const std::size_t end = std::min(text.find('\n', start), text.size());
      lines.push_back(redact::scrub(text::printable(text.substr(start, end - start))));
      start = end + 1;
    }
  } catch (const Error& e) {
    return {fmt::format("(the log cannot be read: {})", e.what())};
  }
  if (lines.size() > count) lines.erase(lines.begin(), lines.end() - static_cast<long>(count));
  return lines;
}

// "upgrade step 1/2: {bin} migrate" (the step as the profile spells it: no secrets expanded).
std::string step_text(const Profile& profile, const StepRun& run) {
  const Step& step = step_of(profile, run);
  const std::string what =
      step.kind == Step::Kind::run ? process::display(step.argv) : "copy_rows " + step.table;
  return redact::scrub(fmt::format("{}: {}", run.label(), what));
}

}  // namespace

bool Run::upgrading(const Pass& pass) const {
  return !pass.listing && pass.new_side && !plan_.options.no_upgrade &&
         !plan_.profile.upgrade_steps.empty();
}

Side Run::upgraded_side(const Sides& sides) const {
  Side up = sides.fresh;  // the new build, run from the new side's tree
  up.name = "upgraded";
  up.config =
      plan_.work_dir.path() / "config" / ("upgraded" + scratch_config_extension(plan_.config));
  up.passfile = plan_.work_dir.path() / "config" / "upgraded.pgpass";
  up.log = plan_.work_dir.path() / "logs" / "upgraded.log";
  up.scratch.dbname = plan_.profile.upgraded_db;
  up.database_url = to_url(up.scratch, false);
  return up;
}

void Run::upgrade(Sides& sides) {
  PhaseTimer timer(phase_, info_.phases, {4, "upgrade"});
  UpgradeInfo info;
  info.database = plan_.profile.upgraded_db;
  info.source = from_snapshot_ && snapshot_ ? fmt::format("snapshot '{}'", snapshot_->name)
                : resume_                   ? "released collection of the resumed run"
                                            : "released collection";
  // Where the phase's time goes, part by part (report.json upgrade.parts).
  const auto timed = [&info](const char* part, const auto& work) {
    const auto start = std::chrono::steady_clock::now();
    work();
    info.parts.push_back(
        {part, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()});
  };
  Side up = upgraded_side(sides);
  file::write_private(up.log,
                      fmt::format("==== data-test upgrade started {} ====\n", utc_now_iso()));
  backend_->require_locks("the upgrade");
  timed("count released",
        [&] { released_counts_ = backend_->tables(plan_, sides.released, true); });
  timed("copy", [&] { upgraded_db_ = backend_->upgraded_db(plan_, up, sides.released); });
  if (plan_.options.keep_dbs) upgraded_db_->keep();
  for (const auto& [path, text] : scratch_files(plan_.config, up)) {
    configs_.emplace_back(plan_.work_dir, path, text);
  }
  up.env = side_environment(plan_.config, up.scratch, up.passfile);
  const std::vector<std::vector<TableCount>> after = run_upgrade_steps(up, info);
  std::vector<std::string> failing;
  if (!info.migration_failed) {
    timed("evidence", [&] {
      upgrade_rows_ =
          compare_upgrade(*released_counts_, after, backend_->tables(plan_, sides.fresh, false));
      backend_->diagnose_upgrade(plan_, sides.released, up, sides.fresh, upgrade_rows_);
    });
    for (auto& row : upgrade_rows_) {
      accept_upgrade(row);
      info.summary.add(row.upgrade.verdict);
      if (row.upgrade.verdict == Verdict::fail) {
        failing.push_back(text::printable(row.schema + "." + row.table));
      }
    }
  }
  const std::string line = console::upgrade_line(info, failing, console::colour());
  if (info.migration_failed || info.summary.fail > 0) {
    log::warn(line);
  } else {
    log::milestone(line);
  }
  backend_->require_locks("dropping the upgraded copy");
  // Its evidence is gathered; with --keep-dbs it stays.
  timed("drop copy", [&] { upgraded_db_.reset(); });
  info_.upgrade = std::move(info);
}

void Run::accept_upgrade(UpgradeRow& row) const {
  if (info_.self_check) return;  // a second collection by the released build: nothing declared
  for (const AcceptedChange& a : plan_.profile.accepted) {
    if (!for_upgrade(a.verdict) || a.schema != row.schema || a.table != row.table) continue;
    TableUpgrade& u = row.upgrade;
    u.accepted = accept(a, u.verdict, false, rows_lost(u.released_rows, u.upgraded_rows));
  }
}

std::vector<std::vector<TableCount>> Run::run_upgrade_steps(const Side& up, UpgradeInfo& info) {
  // Rows the steps write carry a later transaction id than this one.
  const std::string since = backend_->current_xid(plan_, up);
  std::vector<std::vector<TableCount>> after;
  double counting = 0;
  for (const StepRun& run : upgrade_step_runs(plan_.profile, plan_.repos.size())) {
    signals::throw_if_interrupted();
    auto start = std::chrono::steady_clock::now();
    UpgradeStepRun record{step_text(plan_.profile, run), 0, 0};
    try {
      backend_->step(plan_, up, run);
    } catch (const StepFailed& e) {
      // A finding about the application, not a harness error: the report carries it.
      record.exit = e.exit_code();
      info.migration_failed = true;
      info.error = redact::scrub(e.what());
      info.output = log_tail(up.log, kTailLines);
    }
    record.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    info.steps.push_back(std::move(record));
    if (info.migration_failed) break;
    start = std::chrono::steady_clock::now();
    after.push_back(backend_->tables_written(plan_, up, since));
    counting += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  info.parts.push_back({"count upgraded", counting});
  return after;
}

void Run::attach_upgrade(std::vector<TableResult>& results) {
  for (auto& row : upgrade_rows_) {
    auto it = std::find_if(results.begin(), results.end(), [&](const TableResult& r) {
      return r.schema == row.schema && r.table == row.table;
    });
    if (it == results.end()) {
      TableResult only;
      only.schema = row.schema;
      only.table = row.table;
      if (info_.fresh_compared) {
        only.note = "exists only on the upgrade path (neither fresh collection has it)";
      } else {
        // No fresh comparison: the fresh fields hold the released count and mean nothing else.
        only.released_rows = only.new_rows = row.upgrade.released_rows;
      }
      results.push_back(std::move(only));
      it = results.end() - 1;
    }
    it->upgrade = std::move(row.upgrade);
  }
  upgrade_rows_.clear();
  std::sort(results.begin(), results.end(), [](const TableResult& a, const TableResult& b) {
    return std::tie(a.schema, a.table) < std::tie(b.schema, b.table);
  });
}

}  // namespace dt
