// data-test against the same pipeline scripted by hand (tests/bench/hand_pipeline.sh), on the
// example application and on a bulk profile (120 tables, ROWS rows a side in all), on a
// throwaway cluster (docs/performance.md). Both do a first run: data-test with --fresh and
// --snapshot-max-age 0 (nothing reused). Usage: pipeline_bench [ROUNDS=3] [ROWS=10000000]
//
// Per run: the wall time; the application's own part (data-test: its build and step phases
// from report.json; by hand: the build and step lines); data-test's time outside it, and how
// much of that goes beyond what the hand pipeline spends counting (its "count" lines). Both
// also run the upgrade (a copy of the released database, the new schema step on it, a third
// count); data-test's own part is its time outside the application less its counting and copy.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "bulk_profile.hpp"
#include "support/e2e.hpp"
#include "util/process.hpp"

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

struct Measure {
  double wall = 0;
  double app = 0;     // builds and steps
  double count = 0;   // counting (data-test: its count parts and the row-count diff phase)
  double copy = 0;    // the upgrade's copy of the released database
  std::string parts;  // data-test: its phases outside the application, and the upgrade's parts
};

Measure data_test(std::vector<std::string> args, const fs::path& work) {
  args.insert(args.end(), {"--fresh", "--snapshot-max-age", "0", "--quiet", "--cache-dir",
                           (dt::e2e::fresh_dir("bench-cache") / "c").string()});
  const auto start = Clock::now();
  const auto r = dt::e2e::run_data_test(args);
  Measure m;
  m.wall = std::chrono::duration<double>(Clock::now() - start).count();
  if (r.status > 1) throw std::runtime_error("data-test failed: " + r.err);
  const nlohmann::json report = dt::e2e::read_report_json(work);
  for (const auto& phase : report.at("phases")) {
    const std::string name = phase.at("name").get<std::string>();
    if (name == "resolve binaries" || name.rfind("migrate, ", 0) == 0 ||
        name.rfind("collect, ", 0) == 0) {
      m.app += phase.at("seconds").get<double>();
    } else {
      m.parts += fmt::format(" {} {:.2f};", name, phase.at("seconds").get<double>());
      if (name == "row-count diff") m.count += phase.at("seconds").get<double>();
    }
  }
  // The upgrade's steps are the application's own migration, run once more.
  if (report.contains("upgrade") && report.at("upgrade").is_object()) {
    for (const auto& step : report.at("upgrade").at("steps")) {
      m.app += step.at("seconds").get<double>();
    }
    for (const auto& part : report.at("upgrade").at("parts")) {
      const std::string name = part.at("name").get<std::string>();
      const double seconds = part.at("seconds").get<double>();
      m.parts += fmt::format(" upgrade/{} {:.2f};", name, seconds);
      if (name.rfind("count ", 0) == 0) m.count += seconds;
      if (name == "copy") m.copy += seconds;
    }
  }
  return m;
}

Measure by_hand(const std::vector<std::string>& argv) {
  const auto start = Clock::now();
  const auto r = dt::process::capture(argv, fs::current_path(), dt::bench::pg_env());
  Measure m;
  m.wall = std::chrono::duration<double>(Clock::now() - start).count();
  if (r.status != 0) throw std::runtime_error("hand pipeline failed: " + r.out + r.err);
  std::istringstream lines(r.out);
  for (std::string word, what; lines >> word >> what;) {
    double s = 0;
    lines >> s;
    if (what.rfind("build", 0) == 0 || what.rfind("step", 0) == 0) m.app += s;
    if (what.rfind("count", 0) == 0) m.count += s;
    if (what == "copy") m.copy += s;
  }
  return m;
}

void report(const std::string& what, const std::vector<Measure>& dt_runs,
            const std::vector<Measure>& hand_runs) {
  std::vector<double> ratio, beyond, dt_wall, hand_wall, dt_out, hand_out, counting, own, dt_copy,
      hand_copy;
  for (std::size_t i = 0; i < dt_runs.size(); ++i) {
    const Measure& d = dt_runs[i];
    const Measure& h = hand_runs[i];
    ratio.push_back(d.wall / h.wall);
    dt_out.push_back(d.wall - d.app);
    hand_out.push_back(h.wall - h.app);
    beyond.push_back(d.wall - d.app - h.count);
    dt_wall.push_back(d.wall);
    hand_wall.push_back(h.wall);
    counting.push_back(h.count);
    own.push_back(d.wall - d.app - d.count - d.copy);
    dt_copy.push_back(d.copy);
    hand_copy.push_back(h.copy);
    fmt::print(
        "{} round {}: data-test {:.2f} s (app {:.2f} s), by hand {:.2f} s (app {:.2f} s, "
        "counting {:.2f} s): {:.2f}x, {:+.2f} s beyond the counting\n",
        what, i + 1, d.wall, d.app, h.wall, h.app, h.count, ratio.back(), beyond.back());
    fmt::print("  data-test outside the application:{}\n", d.parts);
    fmt::print(
        "  copies: data-test {:.2f} s, by hand {:.2f} s; data-test's own part (outside the "
        "application, less its counting and the copy) {:.2f} s\n",
        d.copy, h.copy, own.back());
  }
  fmt::print(
      "{} median: data-test {:.2f} s, by hand {:.2f} s: {:.2f}x (goal <= 0.75); outside the "
      "application: data-test {:.2f} s, by hand {:.2f} s (counting {:.2f} s); data-test beyond "
      "the counting {:+.2f} s (goal <= 1 s); the copy: data-test {:.2f} s, by hand {:.2f} s; "
      "data-test's own part {:.2f} s\n",
      what, dt::bench::median(dt_wall), dt::bench::median(hand_wall), dt::bench::median(ratio),
      dt::bench::median(dt_out), dt::bench::median(hand_out), dt::bench::median(counting),
      dt::bench::median(beyond), dt::bench::median(dt_copy), dt::bench::median(hand_copy),
      dt::bench::median(own));
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
  const long long rows = argc > 2 ? std::max(120LL, std::atoll(argv[2])) : 10000000LL;
  const std::string script = fs::path(DATA_TEST_BENCH_DIR) / "hand_pipeline.sh";
  try {
    const auto clone = dt::e2e::make_app_clone("pipeline", "");
    const auto config = dt::e2e::make_operator_config(clone.parent_path());
    const std::string repo = dt::e2e::history_repo().string();
    const dt::bench::Bulk bulk = dt::bench::bulk_profile(rows, dt::e2e::fresh_dir("bulk"));
    fmt::print("load average before: {}\n", dt::bench::load());
    std::vector<Measure> ex_dt, ex_hand, bulk_dt, bulk_hand;
    for (int i = 0; i < rounds; ++i) {
      const fs::path w1 = dt::e2e::fresh_dir(fmt::format("dt-{}", i));
      ex_dt.push_back(data_test(dt::e2e::standard_args(clone, w1, config), w1));
      ex_hand.push_back(
          by_hand({"bash", script, "example", clone.string(), "v1.0", repo, config.string(),
                   "example_primary", dt::e2e::fresh_dir(fmt::format("hand-{}", i)).string()}));
      const fs::path w2 = dt::e2e::fresh_dir(fmt::format("dt-bulk-{}", i));
      auto args = dt::e2e::standard_args(clone, w2, config);
      for (std::size_t a = 0; a + 1 < args.size(); ++a) {
        if (args[a] == "--profile") args[a + 1] = bulk.profile.string();
      }
      bulk_dt.push_back(data_test(args, w2));
      bulk_hand.push_back(by_hand({"bash", script, "bulk", clone.string(), "v1.0",
                                   bulk.fill.string(), bulk.create.string(), "-",
                                   dt::e2e::fresh_dir(fmt::format("hand-bulk-{}", i)).string()}));
    }
    report("example", ex_dt, ex_hand);
    report(fmt::format("bulk ({} tables, {} rows a side)", 120, rows), bulk_dt, bulk_hand);
    fmt::print("load average after: {}\n", dt::bench::load());
  } catch (const std::exception& e) {
    fmt::print(stderr, "pipeline_bench: {}\n", e.what());
    return 1;
  }
  return 0;
}
