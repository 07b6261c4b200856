#pragma once
// What the safety tests share: fast profiles (the example collector built once per process and
// copied in as each side's "build"), shell steps that stop at a marker, and database probes.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace dt::e2e {

// The example collector, compiled once per process.
const std::filesystem::path& prebuilt_collector();
// A build that copies the prebuilt collector to {bin}: a second instead of a compile.
nlohmann::json fast_build();
// A step running the collector: {"run": ["{bin}", "-c", "{config}", args...]}.
nlohmann::json collector_step(const std::vector<std::string>& args);
// A step running `sh -c script`.
nlohmann::json sh_step(const std::string& script);
// A script that starts a long sleep in the background (its pid to
// {work_dir}/grandchild.pid), then prints marker and waits: a slow build or collector whose
// child tree must be ended when data-test is interrupted.
std::string slow_script(const std::string& marker);
// A script that prints marker, then waits until the file `go` exists: a step the test releases.
std::string gated_script(const std::string& marker, const std::filesystem::path& go);
// A profile whose run succeeds quickly and fills the databases: migrate, keys, a collection.
nlohmann::json quick_steps();
// A script running sql with psql in dbname (placeholders allowed, e.g. "example_{side}") on the
// test cluster, as its superuser, through a private passfile (no password in argv or profile).
std::string psql_script(const std::string& dbname, const std::string& sql);

// Writes <dir>/profile.json: the example profile's schemas with the given build, steps and
// scratch names. Returns its path.
std::filesystem::path write_profile(const std::filesystem::path& dir, const nlohmann::json& build,
                                    const nlohmann::json& steps,
                                    const std::string& released_db = "example_released",
                                    const std::string& new_db = "example_new");

// The arguments of a run of clone with this profile, config and work dir.
std::vector<std::string> run_args(const std::filesystem::path& clone,
                                  const std::filesystem::path& work_dir,
                                  const std::filesystem::path& config,
                                  const std::filesystem::path& profile);

// The worktree directories git lists for clone (the main tree first).
std::vector<std::string> worktrees(const std::filesystem::path& clone);
// The first column of the first row of sql in dbname on the test cluster, as text.
std::string query_one(const std::string& dbname, const std::string& sql);
// Runs sql as the superuser in dbname.
void exec_sql(const std::string& dbname, const std::string& sql);
// Drops dbname if it exists (test setup, never through data-test).
void drop_database(const std::string& dbname);
// The number of lines of text that start with prefix.
int count_lines_starting(const std::string& text, const std::string& prefix);
// The pid written by slow_script, or -1.
int read_pid(const std::filesystem::path& file);

}  // namespace dt::e2e
