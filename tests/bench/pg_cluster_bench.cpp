// Starts and stops N throwaway clusters and prints min/median/max seconds for each.
// Usage: pg_cluster_bench [N=10] [--initdb]
//   --initdb  uses a superuser name that cannot be templated, so every cluster runs initdb.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "pg_cluster.hpp"
#include "util/error.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void summary(const char* what, std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  const double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  fmt::print("{}: min {:.3f} s, median {:.3f} s, max {:.3f} s (n={})\n", what, values.front(),
             median, values.back(), n);
}

}  // namespace

int main(int argc, char** argv) {
  int n = 10;
  bool initdb = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--initdb") {
      initdb = true;
    } else {
      n = std::max(1, std::atoi(arg.c_str()));
    }
  }
  try {
    dt::ClusterOptions options;
    if (initdb) options.superuser = "data-test bench";
    {
      // Warm-up: the first cluster may build the cached template.
      const auto start = Clock::now();
      dt::PgCluster warm(options);
      fmt::print("warm-up (may build the template): {:.3f} s\n", seconds_since(start));
    }
    std::vector<double> startup, stop;
    for (int i = 0; i < n; ++i) {
      const auto start = Clock::now();
      std::optional<dt::PgCluster> cluster(std::in_place, options);
      startup.push_back(seconds_since(start));
      const auto stop_start = Clock::now();
      cluster.reset();
      stop.push_back(seconds_since(stop_start));
      fmt::print("run {:2}: start {:.3f} s, stop {:.3f} s\n", i + 1, startup.back(), stop.back());
    }
    summary(initdb ? "startup (initdb each time)" : "startup (template copy)", startup);
    summary("stop+remove", stop);
  } catch (const std::exception& e) {
    fmt::print(stderr, "pg_cluster_bench: {}\n", e.what());
    return 2;
  }
  return 0;
}
