#include "cli.hpp"

#include <chrono>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "console.hpp"
#include "db/probe.hpp"
#include "report_github.hpp"
#include "run/bisect_run.hpp"
#include "run/cache.hpp"
#include "run/check.hpp"
#include "run/drop.hpp"
#include "run/listing.hpp"
#include "run/run.hpp"
#include "run/snapshots.hpp"
#include "self_check.hpp"
#include "suite.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/json.hpp"
#include "util/log.hpp"
#include "util/output.hpp"
#include "util/process.hpp"
#include "util/redact.hpp"
#include "util/signals.hpp"

namespace dt::app {
namespace {

constexpr int kExitCouldNotRun = 2;

// When the run started, for the final verdict line's elapsed time.
const auto g_started = std::chrono::steady_clock::now();

// The one-line verdict that ends a run on the terminal (kept by --quiet).
void print_verdict(const State& state, const std::filesystem::path& work) {
  const auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::steady_clock::now() - g_started);
  log::milestone(console::verdict_line(state.results, state.info, elapsed, work / "report.md",
                                       console::colour()));
}

// Under GitHub Actions: each finding as an annotation on stdout, and the job summary appended
// to $GITHUB_STEP_SUMMARY (docs/adopting.md), once per collection (never per CTest table test).
// A summary that cannot be written is a warning.
void github_actions(const State& state, const std::filesystem::path& work) {
  const char* actions = std::getenv("GITHUB_ACTIONS");
  if (actions == nullptr || std::string_view(actions) != "true") return;
  for (const auto& line : github_annotations(state.results)) output::print(line + "\n");
  const char* summary = std::getenv("GITHUB_STEP_SUMMARY");
  if (summary == nullptr || *summary == '\0') return;
  try {
    const Fd fd = file::open_append_private(summary);
    file::write_all(fd, github_summary(state.info, state.results, work / "report.md"), summary);
  } catch (const Error& e) {
    log::warn(fmt::format("the GitHub job summary was not written: {}", e.what()));
  }
}

// Numbers read from the environment are checked before anything starts.
void check_environment() {
  (void)process::heartbeat_interval();
  (void)db::parse_connect_timeout(std::getenv("PGCONNECT_TIMEOUT"));
}

State require_state(const Options& options) {
  const std::filesystem::path dir = *options.work_dir;
  auto state = load_state(dir);
  if (!state) {
    throw Error(fmt::format(
        "no collection saved in '{}'; run data-test with --collect-only --work-dir '{}' (CTest: "
        "the <suite>.collect test) first",
        dir.string(), dir.string()));
  }
  return std::move(*state);
}

int list_tests(const Options& options) {
  if (options.mode == Mode::from_state) {
    const State state = require_state(options);
    return fixtures::list_tables(state.results, fixtures::checks_of(state.info, *options.work_dir));
  }
  // Listed before any collection: the upgrade's tests are there unless --no-upgrade, the fresh
  // comparison's unless --upgrade-only.
  fixtures::Checks checks;
  checks.fresh = !options.upgrade_only;
  if (!options.no_upgrade) checks.upgrade = UpgradeInfo{};
  if (options.work_dir) {
    checks.report = file::absolute(std::filesystem::path(*options.work_dir) / "report.md");
  }
  return fixtures::list_tables(tables_to_list(options), checks);
}

// The test names a CTest listing wrote, one per line (CTest's <suite>.unlisted test).
std::set<std::string> read_listed(const std::string& path) {
  const std::string text = file::read_text(path, "listed-tests file");
  std::set<std::string> names;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) names.insert(text.substr(start, end - start));
    start = end + 1;
  }
  return names;
}

// A cleanup that lost the server session is a run that could not finish cleanly.
int cleanup_status(const Run& run, int status) {
  if (run.cleanup_problem().empty()) return status;
  log::error(run.cleanup_problem());
  return kExitCouldNotRun;
}

int collect_and_test(const Options& options) {
  Run run(make_plan(options), real_backend());
  const State& state = run.collect();
  const auto report = run.plan().work_dir.path() / "report.md";
  if (options.mode == Mode::collect_only) {
    run.cleanup();
    // CTest's <suite>.collect: the one process that sees every table (the tests run apart).
    github_actions(state, run.plan().work_dir.path());
    log::info(fmt::format("collection saved; report: {}", report.string()));
    print_verdict(state, run.plan().work_dir.path());
    return cleanup_status(run, 0);
  }
  fixtures::attach(run);
  const int status = fixtures::run_tables(
      state.results, fixtures::checks_of(state.info, run.plan().work_dir.path()));
  // GoogleTest skips environments' TearDown when no test ran; cleanup is idempotent.
  run.cleanup();
  github_actions(state, run.plan().work_dir.path());
  log::info(fmt::format("report: {}", report.string()));
  print_verdict(state, run.plan().work_dir.path());
  return cleanup_status(run, status);
}

// --self-check: the released version collected twice; the tables that differ are named, and the
// profile fragment that marks them unstable is written and printed. Exit 1 when one differs.
int self_check(const Options& options) {
  Run run(make_plan(options), real_backend());
  const State& state = run.collect();
  run.cleanup();
  const auto unstable = noisy_tables(state.results);
  const auto work = run.plan().work_dir.path();
  const auto path = work / "unstable_tables.json";
  const std::string fragment = json::dump(unstable_fragment(unstable));
  file::write_private(path, fragment);
  for (const auto& table : unstable) log::warn(noisy_line(table));
  output::print(fragment);
  log::milestone(
      unstable.empty()
          ? fmt::format("self-check: all {} tables stable over two collections of {}; "
                        "report: {}",
                        state.results.size(), state.info.released_tag,
                        (work / "report.md").string())
          : fmt::format("self-check: {} of {} tables unstable over two collections of {}; "
                        "paste '{}' into the profile; report: {}",
                        unstable.size(), state.results.size(), state.info.released_tag,
                        path.string(), (work / "report.md").string()));
  return cleanup_status(run, unstable.empty() ? 0 : 1);
}

// --check: every problem on its own line, exit 2 if any; nothing built or written.
int check(const Options& options) {
  const CheckResult result = check_inputs(options);
  for (const auto& line : result.passed) log::info(fmt::format("check: ok: {}", line));
  for (const auto& line : result.notes) log::warn(fmt::format("check: {}", line));
  for (const auto& problem : result.problems) log::error(fmt::format("check: {}", problem));
  if (!result.problems.empty()) {
    log::error(fmt::format("check: {} problem{}; fix {} and check again", result.problems.size(),
                           result.problems.size() == 1 ? "" : "s",
                           result.problems.size() == 1 ? "it" : "them"));
    return kExitCouldNotRun;
  }
  log::info("check: everything a run needs is in place");
  return 0;
}

// The one place a mode turns into work.
int dispatch(const Options& options) {
  if (options.mode == Mode::check) return check(options);
  if (options.mode == Mode::snapshots) return snapshots_command(options);
  if (options.mode == Mode::cache) return cache_command(options);
  if (options.mode == Mode::self_check) return self_check(options);
  if (options.mode == Mode::bisect) return bisect_command(options);
  if (options.mode == Mode::drop_dbs_only) {
    drop_scratch_databases(options);
    return 0;
  }
  if (fixtures::listing_requested()) return list_tests(options);
  if (options.unlisted) {
    const State state = require_state(options);
    return fixtures::run_unlisted(state.results, fixtures::checks_of(state.info, *options.work_dir),
                                  read_listed(*options.unlisted));
  }
  if (options.mode == Mode::from_state) {
    const State state = require_state(options);
    return fixtures::run_tables(state.results, fixtures::checks_of(state.info, *options.work_dir));
  }
  return collect_and_test(options);
}

}  // namespace

int main(int argc, char** argv) {
  redact::protect_process();
  signals::install();
  Options options;
  try {
    options = parse_options(std::vector<std::string>(argv + 1, argv + argc));
    check_environment();
  } catch (const Error& e) {
    log::error(e.what());
    return kExitCouldNotRun;
  }
  if (options.mode == Mode::help) {
    output::print(help_text());
    return 0;
  }
  if (options.mode == Mode::version) {
    output::print(fmt::format("data-test {}\n", DATA_TEST_VERSION));
    return 0;
  }
  if (const char* recollect = std::getenv("DATA_TEST_RECOLLECT");
      recollect != nullptr && std::string(recollect) == "1") {
    options.reuse_state = false;
  }
  if (const char* rebuild = std::getenv("DATA_TEST_REBUILD");
      rebuild != nullptr && std::string(rebuild) == "1") {
    options.reuse_builds = false;
  }
  console::init(options.quiet);
  const char* argv0 = argc > 0 ? argv[0] : "data-test";
  // Before GoogleTest's init, which picks its result printer (brief or not) from the flags.
  const char* no_color = std::getenv("NO_COLOR");
  fixtures::configure_output(options.gtest_args, options.quiet,
                             no_color != nullptr && *no_color != '\0');
  fixtures::init(argv0, options.gtest_args);
  if (options.work_dir) {
    // Before anything runs: even the failing DataTest.Harness test would write that file.
    if (const auto clash = fixtures::output_clash(argv0, *options.work_dir)) {
      log::error(*clash);
      return kExitCouldNotRun;
    }
  }
  try {
    return dispatch(options);
  } catch (const Interrupted& e) {
    log::error(fmt::format("{}; cleaned up", e.what()));
    return 128 + e.signal();
  } catch (const Error& e) {
    return fixtures::harness_failure(e.what());
  } catch (const std::exception& e) {
    return fixtures::harness_failure(fmt::format(
        "internal error: {}; please report it with the command line and this message", e.what()));
  }
}

}  // namespace dt::app
