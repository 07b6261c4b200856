#pragma once
// A consumer build tree with one data-test suite (tests/e2e/ctest_project, DataTest from this
// build tree) over an example application clone, whose profile counts what it does: every build
// appends "<side>" to builds.txt, every run of the discovery step (the migration) appends
// "<side>" to steps.txt. The listing, IDE and CTest tests and the listing benchmark share it.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/process.hpp"

namespace dt::e2e {

struct SuiteOptions {
  std::string scenario = "neutral";  // tests/example_app/scenarios/<name>.patch
  bool real_build = true;            // build.sh per side; false: copy the prebuilt collector
  bool last_known = false;           // -DDATA_TEST_LIST_LAST_KNOWN=ON (the IDE setting)
  nlohmann::json extra_steps = nlohmann::json::array();  // after the example's four steps
};

struct SuiteTree {
  std::filesystem::path clone;
  std::filesystem::path build;
  std::filesystem::path config;  // the operator config (outside the clone)
  std::filesystem::path counts;  // builds.txt and steps.txt
  // <build>/data-test-suites/app, where the suite's state and caches live.
  std::filesystem::path work_dir() const;
  // The launcher data_test_add_suite writes for IDEs.
  std::filesystem::path launcher() const;
  // Lines in builds.txt (one per build of either side), and those naming side.
  int builds(const std::string& side = "") const;
  // Runs of the discovery step (each one runs in a scratch database).
  int discovery_steps() const;
  // A change to the working tree (a comment appended to schema.sql): new inputs for the new side.
  void edit_tree(const std::string& comment) const;
};

// A step that makes a verdict of each kind without compiling anything (the sides' collectors may
// be the same binary): it creates example_data.lost_rows (3 rows released, 1 new: FAIL) and
// example_data.gained_rows (1 released, 2 new: FLAG) in the side's scratch database.
nlohmann::json verdict_tables_step();

// Clones the example app, writes the config and the counting profile, configures the build.
SuiteTree make_suite_tree(const std::string& name, const SuiteOptions& options = {});

// `ctest --test-dir <build> args...` with its output.
process::Captured ctest_in(const SuiteTree& tree, const std::vector<std::string>& args);

// The test names `ctest -N` printed.
std::vector<std::string> listed_tests(const std::string& ctest_output);

}  // namespace dt::e2e
