#include "support/suite_tree.hpp"

#include <fstream>
#include <regex>

#include "support/ctest_run.hpp"
#include "support/e2e.hpp"
#include "support/safety.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

nlohmann::json counting_profile_steps(const fs::path& counts, const nlohmann::json& extra) {
  // The migration is the discovery step; it runs in a database, so counting it counts database
  // work.
  nlohmann::json steps =
      nlohmann::json::array({sh_step("echo {side} >> '" + (counts / "steps.txt").string() +
                                     "' && exec {bin} -c {config} migrate --skip-views"),
                             {{"copy_rows", "example_ops.api_keys"}},
                             collector_step({"add-repo", "{repo}"}),
                             collector_step({"collect", "{repo}", "--full"})});
  for (const auto& step : extra) steps.push_back(step);
  return steps;
}

}  // namespace

nlohmann::json verdict_tables_step() {
  return sh_step(psql_script(
      "example_{side}",
      "create table example_data.lost_rows (id int); insert into example_data.lost_rows select "
      "generate_series(1, case when '{side}' = 'released' then 3 else 1 end); create table "
      "example_data.gained_rows (id int); insert into example_data.gained_rows select "
      "generate_series(1, case when '{side}' = 'released' then 1 else 2 end)"));
}

fs::path SuiteTree::work_dir() const {
  return build / "data-test-suites" / "app";
}

fs::path SuiteTree::launcher() const {
  return build / "data-test-suites" / "app.gtest";
}

int SuiteTree::builds(const std::string& side) const {
  return count_lines(counts / "builds.txt", side);
}

int SuiteTree::discovery_steps() const {
  return count_lines(counts / "steps.txt", "");
}

void SuiteTree::edit_tree(const std::string& comment) const {
  std::ofstream(clone / "schema.sql", std::ios::app) << "\n-- " << comment << "\n";
}

SuiteTree make_suite_tree(const std::string& name, const SuiteOptions& options) {
  SuiteTree tree;
  tree.clone = make_app_clone(name, options.scenario);
  tree.counts = fresh_dir(name + "-counts");
  tree.config = make_operator_config(tree.clone.parent_path());
  tree.build = fresh_dir(name + "-build");
  const std::string builds = (tree.counts / "builds.txt").string();
  const nlohmann::json build =
      options.real_build ? nlohmann::json::array(
                               {"sh", "-c", "echo {side} >> '" + builds + "' && sh build.sh {bin}"})
                         : nlohmann::json::array({"sh", "-c",
                                                  "echo {side} >> '" + builds + "' && cp '" +
                                                      prebuilt_collector().string() + "' {bin}"});
  const fs::path profile =
      write_profile(tree.counts, build, counting_profile_steps(tree.counts, options.extra_steps));
  std::vector<std::string> argv{
      "cmake",
      "-S",
      std::string(DATA_TEST_SOURCE_ROOT) + "/tests/e2e/ctest_project",
      "-B",
      tree.build.string(),
      "-DCMAKE_BUILD_TYPE=RelWithDebInfo",
      "-DDataTest_DIR=" + fs::path(DATA_TEST_BINARY).parent_path().string(),
      "-DAPP_REPO=" + history_repo().string(),
      "-DAPP_SOURCE=" + tree.clone.string(),
      "-DAPP_CONFIG=" + tree.config.string(),
      "-DAPP_PROFILE=" + profile.string()};
  if (options.last_known) argv.emplace_back("-DDATA_TEST_LIST_LAST_KNOWN=ON");
  run_or_throw(argv, tree.build);
  return tree;
}

process::Captured ctest_in(const SuiteTree& tree, const std::vector<std::string>& args) {
  return run_ctest(tree.build, args);
}

std::vector<std::string> listed_tests(const std::string& ctest_output) {
  static const std::regex line(R"(Test +#\d+: (\S+))");
  std::vector<std::string> names;
  for (std::sregex_iterator it(ctest_output.begin(), ctest_output.end(), line), end; it != end;
       ++it) {
    names.push_back((*it)[1]);
  }
  return names;
}

}  // namespace dt::e2e
