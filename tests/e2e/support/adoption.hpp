#pragma once
// What the adoption tests share: any application directory cloned into a git repository, the
// second test repository, data-test run with an environment, and a primary database's URL.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "support/e2e.hpp"

namespace dt::e2e {

// A git clone of the files of `source` (a directory), committed and tagged `tag`, then `patch`
// (a path, or empty) applied to the working tree (uncommitted).
std::filesystem::path make_clone_of(const std::filesystem::path& source, const std::string& name,
                                    const std::filesystem::path& patch,
                                    const std::string& tag = "v1.0");

// The second deterministic test repository (tests/example_app/make_second_history.sh).
const std::filesystem::path& second_history_repo();

// One run of the real data-test binary with variables added to its environment.
Result run_data_test_env(const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& env,
                         const std::filesystem::path& cwd = std::filesystem::current_path());

// A database dbname on the test cluster (created when missing), empty.
void make_database(const std::string& dbname);
// The test cluster's URL for dbname, password included (for an environment variable).
std::string database_url(const std::string& dbname);

// The example application's profile with a per-repository breakdown (repo_column repo_id,
// looked up in example_data.repos), written to dir. Returns its path.
std::filesystem::path per_repo_profile(const std::filesystem::path& dir);

// The value of GoogleTest property `name` of test suite.test in a GoogleTest XML file ("" when
// absent).
std::string xml_property(const std::filesystem::path& xml, const std::string& suite,
                         const std::string& test, const std::string& name);

}  // namespace dt::e2e
