// How long listing a suite's tables takes at ctest time (docs/performance.md), on a consumer
// build tree of the example application (tests/e2e/support/suite_tree.hpp) with a throwaway
// cluster: the first `ctest -N` (a discovery of both sides), `ctest -N` once the answer is known
// (a file read), the first `ctest -N` after a working-tree edit (the new side alone), the
// commands IDEs run, and a one-table `ctest -R` rerun once the suite has collected. Usage:
// listing_bench [N=10] [--fast-build]
//   --fast-build  each side's build copies a prebuilt collector instead of compiling it
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "support/ctest_run.hpp"
#include "support/suite_tree.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using dt::e2e::SuiteTree;

double timed(const std::vector<std::string>& argv, const std::filesystem::path& cwd) {
  const auto start = Clock::now();
  const auto r = dt::process::capture(argv, cwd);
  const double s = std::chrono::duration<double>(Clock::now() - start).count();
  if (r.status != 0) throw std::runtime_error("'" + argv.front() + "' failed: " + r.out + r.err);
  return s;
}

void summary(const std::string& what, std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  const double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  fmt::print("{}: min {:.3f} s, median {:.3f} s, max {:.3f} s (n={})\n", what, values.front(),
             median, values.back(), n);
}

std::vector<double> repeat(int n, const std::vector<std::string>& argv,
                           const std::filesystem::path& cwd) {
  std::vector<double> out;
  for (int i = 0; i < n; ++i) out.push_back(timed(argv, cwd));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  int n = 10;
  bool fast = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--fast-build") {
      fast = true;
    } else {
      n = std::max(1, std::atoi(arg.c_str()));
    }
  }
  try {
    const SuiteTree tree = dt::e2e::make_suite_tree("bench", {"neutral", !fast});
    const std::string dir = tree.build.string();
    const std::vector<std::string> ctest_n{"ctest", "--test-dir", dir, "-N"};
    fmt::print("builds: {}\n", fast ? "copy of a prebuilt collector" : "sh build.sh (compiles)");
    const double first = timed(ctest_n, tree.build);  // before builds(): it counts this one
    fmt::print("first ctest -N (discovery of both sides): {:.3f} s, builds {}\n", first,
               tree.builds());
    summary("ctest -N, answer known (cache)", repeat(n, ctest_n, tree.build));
    tree.edit_tree("bench edit");
    const double edited = timed(ctest_n, tree.build);
    fmt::print("first ctest -N after a working-tree edit (new side only): {:.3f} s, builds {}\n",
               edited, tree.builds());
    summary("second ctest -N after the edit", repeat(n, ctest_n, tree.build));
    summary("ctest --show-only=json-v1 (CMake Tools, CLion)",
            repeat(n, {"ctest", "--test-dir", dir, "--show-only=json-v1"}, tree.build));
    const std::string xml = tree.launcher().string() + ".bench.xml";
    summary("<suite>.gtest --gtest_list_tests --gtest_output=xml:... (C++ TestMate)",
            repeat(n, {tree.launcher().string(), "--gtest_list_tests", "--gtest_output=xml:" + xml},
                   tree.build));
    fmt::print("builds in all: {} (2 for the first listing, 1 after the edit)\n", tree.builds());
    // One table's test again once the suite has collected: CTest runs the <suite>.collect
    // setup (the saved state answers), the table's test and the <suite>.cleanup test.
    const std::vector<std::string> one{"ctest", "--test-dir", dir, "-R",
                                       "^app\\.example_data\\.commits$"};
    fmt::print("first one-table ctest (collects both sides): {:.3f} s\n", timed(one, tree.build));
    summary("one-table ctest rerun, collection saved", repeat(n, one, tree.build));
  } catch (const std::exception& e) {
    fmt::print(stderr, "listing_bench: {}\n", e.what());
    return 1;
  }
  return 0;
}
