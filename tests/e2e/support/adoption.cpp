#include "support/adoption.hpp"

#include <fstream>
#include <regex>
#include <stdexcept>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "db/conninfo.hpp"
#include "test_paths.hpp"
#include "util/process.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

void git(const fs::path& dir, std::vector<std::string> args) {
  args.insert(args.begin(), {"git", "-c", "user.name=e2e", "-c", "user.email=e2e@example.org", "-c",
                             "commit.gpgsign=false", "-c", "tag.gpgsign=false"});
  const auto result = process::capture(args, dir);
  if (result.status != 0) {
    throw std::runtime_error(
        fmt::format("'{}' failed: {}{}", process::display(args), result.out, result.err));
  }
}

}  // namespace

fs::path make_clone_of(const fs::path& source, const std::string& name, const fs::path& patch,
                       const std::string& tag) {
  fs::path dir = fresh_dir(name) / "app";
  fs::create_directories(dir);
  for (const auto& entry : fs::directory_iterator(source)) {
    if (entry.path().filename() == "scenarios") continue;
    fs::copy(entry.path(), dir / entry.path().filename(), fs::copy_options::recursive);
  }
  git(dir, {"init", "-q", "-b", "main"});
  git(dir, {"add", "-A"});
  git(dir, {"commit", "-q", "-m", "application"});
  git(dir, {"tag", tag});
  if (!patch.empty()) git(dir, {"apply", patch.string()});
  return dir;
}

const fs::path& second_history_repo() {
  static const fs::path repo = shared_history("make_second_history.sh", "repo2");
  return repo;
}

Result run_data_test_env(const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& env, const fs::path& cwd) {
  std::vector<std::string> argv{DATA_TEST_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto captured = process::capture(argv, cwd, env);
  return {captured.status, captured.out, captured.err};
}

void make_database(const std::string& dbname) {
  pqxx::connection admin(to_conninfo(cluster().params("postgres")));
  pqxx::nontransaction tx(admin);
  if (tx.exec("select 1 from pg_database where datname = " + tx.quote(dbname)).empty()) {
    tx.exec("create database " + tx.quote_name(dbname));
  }
}

std::string database_url(const std::string& dbname) {
  return to_url(cluster().params(dbname), true);
}

fs::path per_repo_profile(const fs::path& dir) {
  auto profile = nlohmann::json::parse(read_text(example_profile()));
  profile["repo_column"] = "repo_id";
  profile["repo_lookup"] = {
      {"table", "example_data.repos"}, {"url_column", "url"}, {"id_column", "repo_id"}};
  fs::path path = dir / "per-repo-profile.json";
  std::ofstream(path) << profile.dump(2) << "\n";
  return path;
}

std::string xml_property(const fs::path& xml, const std::string& suite, const std::string& test,
                         const std::string& name) {
  const std::string text = read_text(xml);
  std::size_t at = 0;
  while ((at = text.find("<testcase ", at)) != std::string::npos) {
    const std::size_t next = text.find("<testcase ", at + 1);
    const std::string block = text.substr(at, next == std::string::npos ? next : next - at);
    at += 1;
    if (block.find(fmt::format(" name=\"{}\"", test)) == std::string::npos ||
        block.find(fmt::format(" classname=\"{}\"", suite)) == std::string::npos) {
      continue;
    }
    std::smatch match;
    // GoogleTest writes properties as <property> elements, or (older) as attributes.
    const std::regex element(fmt::format("<property name=\"{}\" value=\"([^\"]*)\"", name));
    if (std::regex_search(block, match, element)) return match[1];
    const std::regex attribute(fmt::format(" {}=\"([^\"]*)\"", name));
    if (std::regex_search(block, match, attribute)) return match[1];
    return "";
  }
  return "";
}

}  // namespace dt::e2e
