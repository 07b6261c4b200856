// The GitHub Actions job of docs/adopting.md run whole, as the runner runs it, including its
// "Install data-test" step: data-test built from its source with the step's own commands.
// Registered with the packaging tests (it compiles data-test again; scripts/test-packaging.sh).
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/e2e.hpp"
#include "support/recipes.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

TEST(ActionsRecipe, TheWholeJobBuildsDataTestAndReportsTheFail) {
  const auto setup = recipe_setup("actions-full");
  const fs::path workspace = fresh_dir("actions-full-workspace");
  // The PATH without this build tree's data-test: the job must use the one it builds.
  const char* path = std::getenv("PATH");
  std::map<std::string, std::string> env = {{"PATH", path ? path : "/usr/bin:/bin"}};
  // No compiler launcher is given: data-test's CMakeLists.txt uses ccache where it is installed,
  // as it would on a runner that has it.
  const auto ran = run_recipes(
      {"--run", "github-actions", "--workspace", workspace.string(), "--app", setup.clone.string(),
       "--skip-step", "System packages", "--set", "DATABASE_URL=" + setup.env.at("DATABASE_URL"),
       "--set", "TEST_REPO=" + setup.env.at("TEST_REPO")},
      workspace, env);
  ASSERT_EQ(ran.status, 0) << ran.out << ran.err;
  const auto outcome = nlohmann::json::parse(ran.out.substr(ran.out.rfind("outcome: ") + 9));
  std::map<std::string, std::string> status;
  for (const auto& step : outcome.at("steps")) status[step.at("name")] = step.at("status");
  EXPECT_EQ(status["Install data-test"], "success") << ran.out;
  EXPECT_TRUE(fs::exists(workspace / "data-test" / "build" / "data-test"));
  EXPECT_EQ(status["Check"], "success") << ran.out;
  EXPECT_EQ(status["Run data-test"], "failure 1") << ran.out;
  EXPECT_EQ(status["actions/upload-artifact@v4"], "success");
  EXPECT_NE(outcome.at("summary").get<std::string>().find("### data-test: FAIL, rows lost"),
            std::string::npos)
      << outcome.at("summary");
}

}  // namespace
}  // namespace dt::e2e
