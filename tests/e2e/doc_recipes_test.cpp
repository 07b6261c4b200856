// Every recipe in the docs runs, as written, against a throwaway cluster and the URL example
// application with a schema change (FAIL, FLAG and PASS): the shell recipes exit as the docs
// say, and the GitHub Actions job's steps run the way the runner runs them.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/e2e.hpp"
#include "support/recipes.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

TEST(DocRecipes, EveryRecipeHasATestHere) {
  const auto listed = run_recipes({"--list"}, DATA_TEST_SOURCE_ROOT, {});
  ASSERT_EQ(listed.status, 0) << listed.err;
  EXPECT_EQ(listed.out,
            "check-then-run sh adopting.md\n"
            "repos-file sh adopting.md\n"
            "after-a-fail sh adopting.md\n"
            "github-actions yaml adopting.md\n");
}

TEST(DocRecipes, CheckThenRun) {
  const auto setup = recipe_setup("recipe-run");
  const auto ran = run_recipes({"--run", "check-then-run"}, setup.clone, setup.env);
  EXPECT_EQ(ran.status, 0) << ran.out << ran.err;  // the recipe exited 1, as the doc says
  const auto report = read_report_json(setup.env.at("WORK_DIR"));
  EXPECT_EQ(verdict_of(report, "urlapp.commits"), "FAIL");
  EXPECT_EQ(verdict_of(report, "urlapp.tags"), "FLAG");
}

TEST(DocRecipes, ReposFile) {
  const auto setup = recipe_setup("recipe-repos");
  const auto ran = run_recipes({"--run", "repos-file"}, setup.clone, setup.env);
  EXPECT_EQ(ran.status, 0) << ran.out << ran.err;
  EXPECT_NE(ran.err.find("check: ok: 2 test repositories"), std::string::npos) << ran.err;
  EXPECT_FALSE(fs::exists(setup.clone / "repos.txt"));
}

TEST(DocRecipes, AfterAFail) {
  const auto setup = recipe_setup("recipe-fail");
  const auto ran = run_recipes({"--run", "after-a-fail"}, setup.clone, setup.env);
  EXPECT_EQ(ran.status, 0) << ran.out << ran.err;
  // The rejected rows counted from the log (the two merge commits), the databases dropped.
  EXPECT_NE(ran.out.find("2 [new] WARNING:  WARN urlapp.commits"), std::string::npos) << ran.out;
  EXPECT_NE(ran.err.find("dropped scratch database 'urlapp_new'"), std::string::npos) << ran.err;
  EXPECT_FALSE(database_exists("urlapp_released"));
  EXPECT_FALSE(database_exists("urlapp_new"));
}

// The workflow with this build tree's data-test (building it from source is the packaging
// test's job) and without the apt-get step (the machine has the packages).
TEST(DocRecipes, GithubActionsJob) {
  const auto setup = recipe_setup("recipe-actions");
  const fs::path workspace = fresh_dir("actions-workspace");
  const auto ran = run_recipes(
      {"--run", "github-actions", "--workspace", workspace.string(), "--app", setup.clone.string(),
       "--prebuilt", fs::path(DATA_TEST_BINARY).parent_path().string(), "--skip-step",
       "System packages", "--set", "DATABASE_URL=" + setup.env.at("DATABASE_URL"), "--set",
       "TEST_REPO=" + setup.env.at("TEST_REPO")},
      workspace, {{"PATH", setup.env.at("PATH")}});
  ASSERT_EQ(ran.status, 0) << ran.out << ran.err;
  const auto at = ran.out.rfind("outcome: ");
  ASSERT_NE(at, std::string::npos) << ran.out;
  const auto outcome = nlohmann::json::parse(ran.out.substr(at + 9));
  EXPECT_EQ(outcome.at("container"), "debian:12");
  EXPECT_EQ(outcome.at("services"), nlohmann::json::array({"postgres"}));
  std::map<std::string, std::string> status;
  for (const auto& step : outcome.at("steps")) status[step.at("name")] = step.at("status");
  EXPECT_EQ(status["Released tag"], "success");
  EXPECT_EQ(status["Check"], "success");
  EXPECT_EQ(status["Run data-test"], "failure 1");                        // the FAIL fails the job
  EXPECT_EQ(status["actions/upload-artifact@v4"], "success") << ran.out;  // if: always()
  // data-test's own job summary and its annotation of the FAIL.
  EXPECT_NE(outcome.at("summary").get<std::string>().find("### data-test: FAIL, rows lost"),
            std::string::npos)
      << outcome.at("summary");
  EXPECT_NE(
      outcome.at("summary").get<std::string>().find("| FAIL | urlapp.commits | 60 | 58 | -2 |"),
      std::string::npos)
      << outcome.at("summary");
  EXPECT_NE(ran.out.find("\n::error "), std::string::npos) << ran.out;
  ASSERT_EQ(outcome.at("artifacts").size(), 2u);
  const std::string xml = read_text(outcome.at("artifacts")[0].get<std::string>());
  EXPECT_NE(xml.find("<testcase name=\"commits\""), std::string::npos) << xml;
}

}  // namespace
}  // namespace dt::e2e
