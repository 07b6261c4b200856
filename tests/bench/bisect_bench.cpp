// How many runs `data-test bisect` takes and how long, on the example application with a
// throwaway cluster (docs/performance.md): N commits after v1.0, the one at two thirds adding
// the fk_regression foreign key. A first bisect (fresh comparison, --no-upgrade: the released
// side collected once, then its snapshot; every commit built), then a second in a new work dir
// with --upgrade-only (every build from the cache, the snapshot's copy upgraded). Usage:
// bisect_bench [N=32]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "support/bisect_history.hpp"
#include "support/e2e.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// One bisect: its status, wall time, steps, and whether it named the expected commit.
void bisect(const std::string& what, const fs::path& clone, const fs::path& config,
            const std::string& flag, const std::string& expected, std::size_t n) {
  const fs::path work = dt::e2e::fresh_dir("bisect-bench-work");
  std::vector<std::string> args = {"bisect", flag};
  for (const auto& arg : dt::e2e::standard_args(clone, work, config)) args.push_back(arg);
  const auto start = Clock::now();
  const auto r = dt::e2e::run_data_test(args);
  const double s = std::chrono::duration<double>(Clock::now() - start).count();
  if (r.status != 1) throw std::runtime_error("bisect exited " + std::to_string(r.status) + r.err);
  const auto doc = nlohmann::json::parse(dt::e2e::read_text(work / "bisect.json"));
  const auto steps = doc.at("steps").get<std::size_t>();
  const bool right = doc.at("first_failing").at("commit") == expected;
  fmt::print(
      "{}: {} candidates, {} steps (log2(n)+1 = {:.1f}), {} commit, {:.1f} s ({:.1f} s a step)\n",
      what, n, steps, std::log2(static_cast<double>(n)) + 1, right ? "the right" : "THE WRONG", s,
      s / static_cast<double>(steps));
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::max(2, std::atoi(argv[1])) : 32;
  try {
    const fs::path clone = dt::e2e::make_app_clone("bisect-bench", "");
    const auto shas = dt::e2e::make_bisect_history(clone, n, n * 2 / 3);
    const auto config = dt::e2e::make_operator_config(clone.parent_path());
    bisect("bisect --no-upgrade (first: builds)", clone, config, "--no-upgrade", shas[n * 2 / 3],
           n);
    bisect("bisect --upgrade-only (builds cached, snapshot)", clone, config, "--upgrade-only",
           shas[n * 2 / 3], n);
  } catch (const std::exception& e) {
    fmt::print(stderr, "bisect_bench: {}\n", e.what());
    return 1;
  }
  return 0;
}
