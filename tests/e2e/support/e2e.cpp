#include "e2e.hpp"

#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>
#include <stdexcept>

#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "util/digest.hpp"
#include "util/process.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {

namespace {

// The example application's builds (its build.sh honours $CXX) compile through ccache where it
// is installed, into the operator's own ccache directory: the collector is compiled once per
// version of its source and schema, not twice per run of every test. Real builds all the same.
void compile_example_builds_through_ccache() {
  if (std::getenv("CXX") || std::getenv("DATA_TEST_E2E_NO_CCACHE")) return;
  const char* path = std::getenv("PATH");
  if (!path) return;
  std::string dirs = path;
  for (std::size_t start = 0, end = 0; end != std::string::npos; start = end + 1) {
    end = dirs.find(':', start);
    const fs::path ccache = fs::path(dirs.substr(start, end - start)) / "ccache";
    std::error_code ec;
    if (dirs.substr(start, end - start).empty() || !fs::is_regular_file(ccache, ec)) continue;
    if (!std::getenv("CCACHE_DIR")) {  // ccache's own default, before XDG_CACHE_HOME changes
      const char* xdg = std::getenv("XDG_CACHE_HOME");
      const char* home = std::getenv("HOME");
      if (!xdg && !home) return;
      const fs::path cache = xdg ? fs::path(xdg) : fs::path(home) / ".cache";
      ::setenv("CCACHE_DIR", (cache / "ccache").c_str(), 1);
    }
    ::setenv("CXX", (ccache.string() + " c++").c_str(), 1);
    return;
  }
}

// Removes the scratch root at exit, after the cluster is gone.
struct ScratchRoot {
  fs::path dir;
  ScratchRoot() {
    compile_example_builds_through_ccache();
    std::string pattern = (fs::temp_directory_path() / "data-test-e2e-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    dir = pattern;
    // data-test's cache dir defaults to $XDG_CACHE_HOME/data-test: each test process gets its
    // own, so that no test reuses another's build and the operator's ~/.cache is never written.
    ::setenv("XDG_CACHE_HOME", (dir / "xdg-cache").c_str(), 1);
  }
  ~ScratchRoot() {
    std::error_code ec;
    if (!std::getenv("DATA_TEST_KEEP_E2E")) fs::remove_all(dir, ec);
  }
};

ScratchRoot& root() {
  static ScratchRoot instance;
  return instance;
}

void check(const process::Captured& result, const std::vector<std::string>& argv) {
  if (result.status != 0) {
    throw std::runtime_error(fmt::format("'{}' failed ({}): {}{}", process::display(argv),
                                         result.status, result.out, result.err));
  }
}

void run_checked(const std::vector<std::string>& argv, const fs::path& cwd) {
  check(process::capture(argv, cwd), argv);
}

void git(const fs::path& dir, std::vector<std::string> args) {
  args.insert(args.begin(), {"git", "-c", "user.name=e2e", "-c", "user.email=e2e@example.org", "-c",
                             "commit.gpgsign=false", "-c", "tag.gpgsign=false"});
  run_checked(args, dir);
}

}  // namespace

PgCluster& cluster() {
  static std::once_flag once;
  static std::unique_ptr<PgCluster> instance;
  std::call_once(once, [] {
    root();  // constructed first, so destroyed after the cluster
    instance = std::make_unique<PgCluster>();
  });
  return *instance;
}

fs::path fresh_dir(const std::string& name) {
  static std::mutex mutex;
  static int counter = 0;
  std::lock_guard<std::mutex> lock(mutex);
  fs::path dir = root().dir / fmt::format("{}-{}", name, ++counter);
  fs::create_directories(dir);
  return dir;
}

namespace {

constexpr const char* kSharedMark = "data-test e2e shared history";

// A shared history we published ourselves: ours, private and complete for this script.
bool valid_shared(const fs::path& dir, const std::string& key) {
  struct stat st {};
  if (::lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::geteuid() ||
      (st.st_mode & 077) != 0) {
    return false;
  }
  std::error_code ec;
  return fs::is_regular_file(dir / "ok", ec) &&
         read_text(dir / "ok") == fmt::format("{} {}\n", kSharedMark, key);
}

}  // namespace

fs::path shared_history(const std::string& script, const std::string& name) {
  const fs::path script_path = fs::path(DATA_TEST_EXAMPLE_APP) / script;
  const std::string key = digest::sha256(read_text(script_path)).substr(0, 16);
  const fs::path published =
      fs::temp_directory_path() / fmt::format("data-test-e2e-{}-{}-{}", name, ::geteuid(), key);
  if (valid_shared(published, key)) return published / name;
  // Made inside this process's scratch root, whose removal deletes it if another process
  // publishes first; a stale or foreign directory under the published name is left alone.
  const fs::path build = fresh_dir(name + "-build");
  fs::permissions(build, fs::perms::owner_all);
  run_checked({"bash", script_path.string(), (build / name).string()}, build);
  std::ofstream(build / "ok") << kSharedMark << ' ' << key << '\n';
  if (::rename(build.c_str(), published.c_str()) == 0) return published / name;
  return valid_shared(published, key) ? published / name : build / name;
}

const fs::path& history_repo() {
  static const fs::path repo = shared_history("make_history.sh", "repo");
  return repo;
}

fs::path make_app_clone(const std::string& name, const std::string& scenario,
                        const std::string& tag) {
  fs::path dir = fresh_dir(name) / "app";
  fs::create_directories(dir);
  fs::copy(fs::path(DATA_TEST_EXAMPLE_APP) / "app", dir, fs::copy_options::recursive);
  git(dir, {"init", "-q", "-b", "main"});
  git(dir, {"add", "-A"});
  git(dir, {"commit", "-q", "-m", "example app"});
  git(dir, {"tag", tag});
  if (!scenario.empty()) {
    const fs::path patch = fs::path(DATA_TEST_EXAMPLE_APP) / "scenarios" / (scenario + ".patch");
    git(dir, {"apply", patch.string()});
  }
  return dir;
}

const std::string& secret_key() {
  static const std::string key = "ghp_e2eSECRETkey0123456789abcdef";
  return key;
}

fs::path make_operator_config(const fs::path& dir, const std::string& dbname) {
  PgCluster& pg = cluster();
  pqxx::connection admin(to_conninfo(pg.params("postgres")));
  {
    pqxx::nontransaction tx(admin);
    if (tx.exec("select 1 from pg_database where datname = " + tx.quote(dbname)).empty()) {
      tx.exec("create database " + tx.quote_name(dbname));
    }
  }
  pqxx::connection primary(to_conninfo(pg.params(dbname)));
  pqxx::work tx(primary);
  tx.exec(
      "create schema if not exists example_ops; "
      "create table if not exists example_ops.api_keys (id serial primary key, token text not "
      "null, platform text not null default 'github'); "
      "delete from example_ops.api_keys;");
  tx.exec("insert into example_ops.api_keys (token, platform) values (" + tx.quote(secret_key()) +
          ", 'github')");
  tx.commit();

  const ConnParams p = pg.params(dbname);
  nlohmann::ordered_json config = {
      {"database",
       {{"host", p.host},
        {"port", std::stoi(p.port)},
        {"user", p.user},
        {"password", p.password},
        {"dbname", dbname},
        {"sslmode", "disable"}}},
      {"github", {{"api_keys", nlohmann::json::array()}, {"base_url", "https://api.example.org"}}},
      {"collection", {{"since_days", 21}, {"workers", 12}, {"force_full", false}}},
      {"extra", {{"unicode", "Grüße ✓"}, {"nested", {{"list", {1, 2.5, nullptr, true}}}}}}};
  fs::path path = dir / "example.json";
  std::ofstream(path) << config.dump(2) << "\n";
  return path;
}

fs::path example_profile(bool incremental) {
  return fs::path(DATA_TEST_EXAMPLE_APP) /
         (incremental ? "profile-incremental.json" : "profile.json");
}

Result run_data_test(const std::vector<std::string>& args, const fs::path& cwd,
                     const std::map<std::string, std::string>& env) {
  std::vector<std::string> argv{DATA_TEST_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto captured = process::capture(argv, cwd, env);
  return {captured.status, captured.out, captured.err};
}

std::vector<std::string> standard_args(const fs::path& clone, const fs::path& work_dir,
                                       const fs::path& config, bool incremental) {
  return {"--released-tag", "v1.0",
          "--repo",         history_repo().string(),
          "--source-dir",   clone.string(),
          "--config",       config.string(),
          "--profile",      example_profile(incremental).string(),
          "--work-dir",     work_dir.string()};
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  return std::string(std::istreambuf_iterator<char>(in), {});
}

int count_lines(const fs::path& file, const std::string& side) {
  std::ifstream in(file);
  int n = 0;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && (side.empty() || line == side)) ++n;
  }
  return n;
}

nlohmann::json read_report_json(const fs::path& work_dir) {
  return nlohmann::json::parse(read_text(work_dir / "report.json"));
}

const nlohmann::json* table_of(const nlohmann::json& report, const std::string& qualified) {
  for (const auto& row : report.at("tables")) {
    if (row.at("schema").get<std::string>() + "." + row.at("table").get<std::string>() ==
        qualified) {
      return &row;
    }
  }
  return nullptr;
}

std::string verdict_of(const nlohmann::json& report, const std::string& qualified) {
  const nlohmann::json* row = table_of(report, qualified);
  return row == nullptr ? "" : row->at("verdict").get<std::string>();
}

bool database_exists(const std::string& dbname) {
  pqxx::connection admin(to_conninfo(cluster().params("postgres")));
  pqxx::nontransaction tx(admin);
  return !tx.exec("select 1 from pg_database where datname = " + tx.quote(dbname)).empty();
}

}  // namespace dt::e2e
