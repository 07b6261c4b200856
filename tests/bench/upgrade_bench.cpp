// What the upgrade costs (docs/performance.md), on the bulk profile (bulk_profile.hpp: 120
// tables, ROWS rows a side): per round, a first full run with an empty cache dir and --fresh
// (both sides built and collected, the upgrade, the released snapshot kept), then an
// --upgrade-only run with the same cache dir (the released side from the snapshot, the new side's
// migration, the upgrade). Prints the wall times and their ratio (goal <= 0.3), the upgrade
// phase and its steps (the phase's own cost beyond the migration), and how much of each run lies
// outside every phase report.json names. Usage: upgrade_bench [ROUNDS=3] [ROWS=10000000]
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "bulk_profile.hpp"
#include "support/e2e.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Timed {
  double wall = 0;
  double phases = 0;   // the sum of report.json's phases
  double upgrade = 0;  // the upgrade phase
  double steps = 0;    // its steps
  double counting = 0;
  std::map<std::string, double> parts;  // report.json upgrade.parts
};

Timed timed_run(const std::vector<std::string>& args, const std::filesystem::path& work) {
  const auto start = Clock::now();
  const auto r = dt::e2e::run_data_test(args);
  Timed t;
  t.wall = std::chrono::duration<double>(Clock::now() - start).count();
  if (r.status != 0) throw std::runtime_error("data-test failed: " + r.err);
  const auto report = dt::e2e::read_report_json(work);
  for (const auto& phase : report.at("phases")) {
    const double s = phase.at("seconds").get<double>();
    t.phases += s;
    if (phase.at("name") == "upgrade") t.upgrade += s;
    if (phase.at("name") == "row-count diff") t.counting += s;
  }
  for (const auto& step : report.at("upgrade").at("steps")) {
    t.steps += step.at("seconds").get<double>();
  }
  for (const auto& part : report.at("upgrade").at("parts")) {
    t.parts[part.at("name").get<std::string>()] = part.at("seconds").get<double>();
  }
  return t;
}

void print(const char* what, const Timed& t) {
  fmt::print(
      "  {}: {:.2f} s wall; phases {:.2f} s (outside every phase {:.2f} s); upgrade {:.2f} s, its "
      "steps {:.2f} s, beyond them {:.2f} s\n",
      what, t.wall, t.phases, t.wall - t.phases, t.upgrade, t.steps, t.upgrade - t.steps);
  std::string parts;
  for (const auto& [name, seconds] : t.parts) parts += fmt::format(" {} {:.2f} s;", name, seconds);
  fmt::print("    upgrade parts:{}\n", parts);
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
  const long long rows = argc > 2 ? std::max(120LL, std::atoll(argv[2])) : 10000000LL;
  try {
    const auto clone = dt::e2e::make_app_clone("bench", "");
    const auto config = dt::e2e::make_operator_config(clone.parent_path());
    const auto bulk = dt::bench::bulk_profile(rows, dt::e2e::fresh_dir("bulk"));
    fmt::print("load average before: {}\n", dt::bench::load());
    const auto args = [&](const std::filesystem::path& work, const std::filesystem::path& cache) {
      auto a = dt::e2e::standard_args(clone, work, config);
      for (std::size_t i = 0; i + 1 < a.size(); ++i) {
        if (a[i] == "--profile") a[i + 1] = bulk.profile.string();
      }
      a.insert(a.end(), {"--cache-dir", cache.string(), "--quiet"});
      return a;
    };
    std::vector<double> ratio, beyond, outside_first, outside_only, first_wall, only_wall;
    for (int i = 0; i < rounds; ++i) {
      const auto cache = dt::e2e::fresh_dir(fmt::format("cache-{}", i)) / "data-test";
      const auto first_work = dt::e2e::fresh_dir(fmt::format("first-{}", i));
      auto first_args = args(first_work, cache);
      first_args.emplace_back("--fresh");
      const Timed first = timed_run(first_args, first_work);
      const auto only_work = dt::e2e::fresh_dir(fmt::format("only-{}", i));
      auto only_args = args(only_work, cache);
      only_args.emplace_back("--upgrade-only");
      const Timed only = timed_run(only_args, only_work);
      fmt::print("round {}: ratio {:.2f}\n", i + 1, only.wall / first.wall);
      print("first run", first);
      print("--upgrade-only", only);
      ratio.push_back(only.wall / first.wall);
      beyond.push_back(first.upgrade - first.steps);
      outside_first.push_back(first.wall - first.phases);
      outside_only.push_back(only.wall - only.phases);
      first_wall.push_back(first.wall);
      only_wall.push_back(only.wall);
    }
    using dt::bench::median;
    fmt::print(
        "bulk (120 tables, {} rows a side) medians: first {:.2f} s, --upgrade-only {:.2f} s, "
        "ratio {:.2f} (goal <= 0.3); the upgrade beyond its steps {:.2f} s; outside every phase: "
        "first {:.2f} s, --upgrade-only {:.2f} s\n",
        rows, median(first_wall), median(only_wall), median(ratio), median(beyond),
        median(outside_first), median(outside_only));
    fmt::print("load average after: {}\n", dt::bench::load());
  } catch (const std::exception& e) {
    fmt::print(stderr, "upgrade_bench: {}\n", e.what());
    return 1;
  }
  return 0;
}
