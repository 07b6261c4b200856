// How much a repeat run on the same released tag saves (docs/performance.md): the example
// application (compiled by its own build.sh) on a throwaway cluster, a first run with an empty
// cache dir and --fresh, then a repeat run in a fresh work dir with the same cache dir and tag
// (the released build from the cache dir, the released collection from the snapshot). Each
// round uses a cache dir of its own. Usage: repeat_run_bench [ROUNDS=3]
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "support/e2e.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double timed_run(const std::vector<std::string>& args) {
  const auto start = Clock::now();
  const auto r = dt::e2e::run_data_test(args);
  const double s = std::chrono::duration<double>(Clock::now() - start).count();
  if (r.status != 0) throw std::runtime_error("data-test failed: " + r.err);
  return s;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::string load() {
  double avg[3] = {0, 0, 0};
  if (getloadavg(avg, 3) != 3) return "unknown";
  return fmt::format("{:.2f} {:.2f} {:.2f}", avg[0], avg[1], avg[2]);
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
  try {
    const auto clone = dt::e2e::make_app_clone("bench", "");
    const auto config = dt::e2e::make_operator_config(clone.parent_path());
    std::vector<double> first, repeat, ratio;
    fmt::print("load average before: {}\n", load());
    for (int i = 0; i < rounds; ++i) {
      const auto cache = dt::e2e::fresh_dir(fmt::format("cache-{}", i)) / "data-test";
      const auto args = [&](const std::string& name) {
        auto a = dt::e2e::standard_args(clone, dt::e2e::fresh_dir(name), config);
        a.insert(a.end(), {"--cache-dir", cache.string(), "--quiet"});
        return a;
      };
      // --fresh: the first run builds and collects both sides whatever an earlier round kept
      // (the released snapshot lives on the cluster, not in the cache dir), and keeps its own.
      auto first_args = args(fmt::format("first-{}", i));
      first_args.emplace_back("--fresh");
      first.push_back(timed_run(first_args));
      repeat.push_back(timed_run(args(fmt::format("repeat-{}", i))));
      ratio.push_back(repeat.back() / first.back());
      fmt::print("round {}: first {:.2f} s, repeat {:.2f} s, ratio {:.2f}\n", i + 1, first.back(),
                 repeat.back(), ratio.back());
    }
    fmt::print("median: first {:.2f} s, repeat {:.2f} s, ratio {:.2f} (goal <= 0.55)\n",
               median(first), median(repeat), median(ratio));
    fmt::print("load average after: {}\n", load());
  } catch (const std::exception& e) {
    fmt::print(stderr, "repeat_run_bench: {}\n", e.what());
    return 1;
  }
  return 0;
}
