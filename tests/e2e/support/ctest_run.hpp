#pragma once
// What the CTest end-to-end and packaging tests share: cmake and ctest run on a consumer's build
// tree, and the check that ctest gives the example application's demo scenario its verdicts.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "util/process.hpp"

namespace dt::e2e {

// Runs argv in cwd; throws with the command and its whole output when it exits non-zero.
process::Captured run_or_throw(const std::vector<std::string>& argv,
                               const std::filesystem::path& cwd);

// `ctest --test-dir build args...`: its exit status and output, whatever they are.
process::Captured run_ctest(const std::filesystem::path& build, std::vector<std::string> args);

// Every test a ctest run reported, with its status ("Passed", "Failed", "Not Run", ...).
std::map<std::string, std::string> ctest_statuses(const std::string& ctest_output);

// The -D arguments that point a consumer project (tests/e2e/*_project) at an example app clone:
// APP_REPO, APP_SOURCE, APP_CONFIG (an operator config written beside the clone), APP_PROFILE.
std::vector<std::string> app_cache_args(const std::filesystem::path& clone);

// Checks `ctest -L schema-change` of suite on the demo scenario with GoogleTest expectations:
// ctest failed; the collect, unlisted and cleanup tests passed; exactly the FAIL tables of
// work_dir's report.json failed (example_data.commit_parents among them) and its FLAG and PASS
// tables passed; the scratch databases were dropped.
void expect_demo_verdicts(const process::Captured& ran, const std::string& suite,
                          const std::filesystem::path& work_dir);

}  // namespace dt::e2e
