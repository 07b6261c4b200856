// How much a repeat run on the same released tag saves (docs/performance.md): the example
// application (compiled by its own build.sh) on a throwaway cluster, a first run with an empty
// cache dir and --fresh, then a repeat run in a fresh work dir with the same cache dir and tag
// (the released build from the cache dir, the released collection from the snapshot). Each
// round uses a cache dir of its own. The same for the bulk profile (bulk_profile.hpp), whose
// collection outweighs its build. Usage: repeat_run_bench [ROUNDS=3] [ROWS=10000000]
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "bulk_profile.hpp"
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

// Rounds of a first run (--fresh) and a repeat run with the same cache dir and tag, each in a
// fresh work dir; args(work, cache) are the run's arguments.
void rounds_of(const std::string& what, int rounds,
               const std::function<std::vector<std::string>(const std::filesystem::path&,
                                                            const std::filesystem::path&)>& args) {
  std::vector<double> first, repeat, ratio;
  for (int i = 0; i < rounds; ++i) {
    const auto cache = dt::e2e::fresh_dir(fmt::format("cache-{}", i)) / "data-test";
    // --fresh: the first run builds and collects both sides whatever an earlier round kept
    // (the released snapshot lives on the cluster, not in the cache dir), and keeps its own.
    auto first_args = args(dt::e2e::fresh_dir(fmt::format("first-{}", i)), cache);
    first_args.emplace_back("--fresh");
    first.push_back(timed_run(first_args));
    repeat.push_back(timed_run(args(dt::e2e::fresh_dir(fmt::format("repeat-{}", i)), cache)));
    ratio.push_back(repeat.back() / first.back());
    fmt::print("{} round {}: first {:.2f} s, repeat {:.2f} s, ratio {:.2f}\n", what, i + 1,
               first.back(), repeat.back(), ratio.back());
  }
  fmt::print("{} median: first {:.2f} s, repeat {:.2f} s, ratio {:.2f} (goal <= 0.55)\n", what,
             dt::bench::median(first), dt::bench::median(repeat), dt::bench::median(ratio));
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
    const auto with = [&](const std::filesystem::path& profile) {
      return [&, profile](const std::filesystem::path& work, const std::filesystem::path& cache) {
        auto a = dt::e2e::standard_args(clone, work, config);
        for (std::size_t i = 0; i + 1 < a.size(); ++i) {
          if (a[i] == "--profile" && !profile.empty()) a[i + 1] = profile.string();
        }
        a.insert(a.end(), {"--cache-dir", cache.string(), "--quiet"});
        return a;
      };
    };
    rounds_of("example", rounds, with({}));
    rounds_of(fmt::format("bulk (120 tables, {} rows a side)", rows), rounds, with(bulk.profile));
    fmt::print("load average after: {}\n", dt::bench::load());
  } catch (const std::exception& e) {
    fmt::print(stderr, "repeat_run_bench: {}\n", e.what());
    return 1;
  }
  return 0;
}
