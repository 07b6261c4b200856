#include "support/safety.hpp"

#include <fstream>
#include <mutex>
#include <stdexcept>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "support/e2e.hpp"
#include "util/process.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

// A libpq passfile for the test cluster's superuser, mode 0600 (libpq ignores it otherwise).
const fs::path& passfile() {
  static const fs::path path = [] {
    const ConnParams p = cluster().params();
    fs::path file = fresh_dir("passfile") / "pgpass";
    std::ofstream(file) << fmt::format("*:*:*:{}:{}\n", p.user, p.password);
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
    return file;
  }();
  return path;
}

}  // namespace

const fs::path& prebuilt_collector() {
  static const fs::path binary = [] {
    fs::path out = fresh_dir("collector") / "collector";
    const fs::path app = fs::path(DATA_TEST_EXAMPLE_APP) / "app";
    const auto built = process::capture({"sh", "build.sh", out.string()}, app);
    if (built.status != 0) throw std::runtime_error("collector build failed: " + built.err);
    return out;
  }();
  return binary;
}

nlohmann::json fast_build() {
  return nlohmann::json::array({"cp", prebuilt_collector().string(), "{bin}"});
}

nlohmann::json collector_step(const std::vector<std::string>& args) {
  nlohmann::json argv = nlohmann::json::array({"{bin}", "-c", "{config}"});
  for (const auto& arg : args) argv.push_back(arg);
  return {{"run", argv}};
}

nlohmann::json sh_step(const std::string& script) {
  return {{"run", nlohmann::json::array({"sh", "-c", script})}};
}

std::string slow_script(const std::string& marker) {
  return fmt::format("sleep 300 & echo $! > {{work_dir}}/grandchild.pid; echo {}; wait", marker);
}

std::string gated_script(const std::string& marker, const fs::path& go) {
  return fmt::format("echo {}; while [ ! -e '{}' ]; do sleep 0.1; done", marker, go.string());
}

nlohmann::json quick_steps() {
  return nlohmann::json::array({collector_step({"migrate", "--skip-views"}),
                                {{"copy_rows", "example_ops.api_keys"}},
                                collector_step({"add-repo", "{repo}"}),
                                collector_step({"collect", "{repo}", "--full"})});
}

std::string psql_script(const std::string& dbname, const std::string& sql) {
  const ConnParams p = cluster().params();
  return fmt::format(
      "PGPASSFILE='{}' psql -X -v ON_ERROR_STOP=1 -At 'host={} port={} user={} "
      "dbname={}' -c \"{}\"",
      passfile().string(), p.host, p.port, p.user, dbname, sql);
}

fs::path write_profile(const fs::path& dir, const nlohmann::json& build,
                       const nlohmann::json& steps, const std::string& released_db,
                       const std::string& new_db) {
  const nlohmann::json profile = {{"name", "example"},
                                  {"build", build},
                                  {"steps", steps},
                                  {"schemas", {"example_data", "example_ops"}},
                                  {"databases", {{"released", released_db}, {"new", new_db}}},
                                  {"discovery_steps", 1}};
  fs::path path = dir / "profile.json";
  std::ofstream(path) << profile.dump(2) << "\n";
  return path;
}

std::vector<std::string> run_args(const fs::path& clone, const fs::path& work_dir,
                                  const fs::path& config, const fs::path& profile) {
  return {"--released-tag", "v1.0",           "--repo",     history_repo().string(),
          "--source-dir",   clone.string(),   "--config",   config.string(),
          "--profile",      profile.string(), "--work-dir", work_dir.string()};
}

std::vector<std::string> worktrees(const fs::path& clone) {
  const auto listed = process::capture({"git", "worktree", "list", "--porcelain"}, clone);
  std::vector<std::string> dirs;
  std::size_t pos = 0;
  while ((pos = listed.out.find("worktree ", pos)) != std::string::npos) {
    const auto end = listed.out.find('\n', pos);
    dirs.push_back(listed.out.substr(pos + 9, end - pos - 9));
    pos = end;
  }
  return dirs;
}

std::string query_one(const std::string& dbname, const std::string& sql) {
  pqxx::connection conn(to_conninfo(cluster().params(dbname)));
  pqxx::nontransaction tx(conn);
  const pqxx::result r = tx.exec(sql);
  if (r.empty() || r[0][0].is_null()) return "";
  return r[0][0].as<std::string>();
}

void exec_sql(const std::string& dbname, const std::string& sql) {
  pqxx::connection conn(to_conninfo(cluster().params(dbname)));
  pqxx::nontransaction tx(conn);
  tx.exec(sql);
}

void drop_database(const std::string& dbname) {
  pqxx::connection conn(to_conninfo(cluster().params("postgres")));
  pqxx::nontransaction tx(conn);
  tx.exec("drop database if exists " + tx.quote_name(dbname) + " with (force)");
}

int count_lines_starting(const std::string& text, const std::string& prefix) {
  int count = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (text.compare(start, prefix.size(), prefix) == 0) ++count;
    start = end + 1;
  }
  return count;
}

int read_pid(const fs::path& file) {
  std::ifstream in(file);
  int pid = -1;
  if (!(in >> pid)) return -1;
  return pid;
}

}  // namespace dt::e2e
