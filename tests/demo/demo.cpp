// The README's first command: data-test on the example application, on a throwaway PostgreSQL,
// with a working-tree change that loses rows (FAIL), adds coverage (FLAG) and leaves the rest
// equal (PASS). Streams the run live, then prints the report and where it is.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "support/e2e.hpp"
#include "util/process.hpp"
#include "util/signals.hpp"

namespace fs = std::filesystem;

int main() {
  using namespace dt;
  signals::install();
  try {
    fmt::print("demo: starting a throwaway PostgreSQL cluster\n");
    e2e::cluster();
    fmt::print(
        "demo: cloning the example application: tag v1.0 + a working-tree change "
        "(scenario 'demo': a non-deferrable FK and a new table)\n");
    const fs::path clone = e2e::make_app_clone("demo", "demo");
    const fs::path config = e2e::make_operator_config(clone.parent_path());
    // A new private folder per demo, kept for its report: the demo deletes nothing, so nothing of
    // anyone else's (a folder of the same name in a shared /tmp) is at stake.
    std::string made = (fs::temp_directory_path() / "data-test-demo-XXXXXX").string();
    if (::mkdtemp(made.data()) == nullptr) throw std::runtime_error("mkdtemp failed in TMPDIR");
    const fs::path work = fs::path(made) / "work";
    std::fflush(stdout);

    std::vector<std::string> argv{DATA_TEST_BINARY};
    for (auto& arg : e2e::standard_args(clone, work, config)) argv.push_back(arg);
    fmt::print("demo: {}\n\n", process::display(argv));
    std::fflush(stdout);
    process::Spec spec;
    spec.argv = argv;
    spec.cwd = clone;
    const int status = process::run(spec);

    fmt::print("\n================ {} ================\n", (work / "report.md").string());
    fmt::print("{}", e2e::read_text(work / "report.md"));
    fmt::print("====================================================================\n");
    fmt::print("demo: data-test exited {} ({}); report: {}\n", status,
               status == 1   ? "a FAIL table: data loss found, as this scenario intends"
               : status == 0 ? "no FAIL"
                             : "could not run",
               (work / "report.md").string());
    return status == 1 ? 0 : 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "demo: error: {}\n", e.what());
    return 2;
  }
}
