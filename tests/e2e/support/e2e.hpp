#pragma once
// What the end-to-end tests and the demo share: one throwaway cluster per process, the example
// application cloned into real git repositories, and the real data-test binary run as a child.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pg_cluster.hpp"
#include "test_paths.hpp"

namespace dt::e2e {

// The process's throwaway cluster, started on first use, stopped at exit.
PgCluster& cluster();

// A fresh directory under the process's scratch root (removed at exit).
std::filesystem::path fresh_dir(const std::string& name);

// The deterministic history repository the collector collects: one per script version and
// user, shared read-only by every test process (see shared_history).
const std::filesystem::path& history_repo();
// The repository `script` (a deterministic script in tests/example_app) makes, as DIR/name:
// made once per version of the script and published under $TMPDIR for every later test process.
std::filesystem::path shared_history(const std::string& script, const std::string& name);

// A git clone of the example application: its files committed and tagged `tag`, then the
// scenario's patch applied to the working tree (uncommitted) unless scenario is empty.
std::filesystem::path make_app_clone(const std::string& name, const std::string& scenario,
                                     const std::string& tag = "v1.0");

// An operator database named dbname holding example_ops.api_keys with one key (`secret_key`),
// and a config file for it with extra keys that must survive. Returns the config path.
std::filesystem::path make_operator_config(const std::filesystem::path& dir,
                                           const std::string& dbname = "example_primary");
// The API key stored in every operator database (must never be printed).
const std::string& secret_key();

// The example application's profile (path), and its incremental variant.
std::filesystem::path example_profile(bool incremental = false);

// One run of the real data-test binary.
struct Result {
  int status = 0;
  std::string out;
  std::string err;
};
Result run_data_test(const std::vector<std::string>& args,
                     const std::filesystem::path& cwd = std::filesystem::current_path(),
                     const std::map<std::string, std::string>& env = {});

// The standard arguments for a run against clone, with work dir and config.
std::vector<std::string> standard_args(const std::filesystem::path& clone,
                                       const std::filesystem::path& work_dir,
                                       const std::filesystem::path& config,
                                       bool incremental = false);

// report.json of a work dir, parsed.
nlohmann::json read_report_json(const std::filesystem::path& work_dir);
// The whole text of a file.
std::string read_text(const std::filesystem::path& path);
// How many lines of file are `side` (every non-empty line when side is ""): the sides a
// counting profile's build or step wrote to it; 0 when there is no file.
int count_lines(const std::filesystem::path& file, const std::string& side);
// The row of schema.table in a parsed report.json's "tables" (nullptr when absent).
const nlohmann::json* table_of(const nlohmann::json& report, const std::string& qualified);
// Verdict of schema.table in a parsed report.json ("" when absent).
std::string verdict_of(const nlohmann::json& report, const std::string& qualified);
// True when dbname exists on the cluster.
bool database_exists(const std::string& dbname);

}  // namespace dt::e2e
