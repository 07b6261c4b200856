#include "support/recipes.hpp"

#include <cstdlib>

#include "support/adoption.hpp"
#include "support/e2e.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {

RecipeSetup recipe_setup(const std::string& name) {
  const fs::path source = DATA_TEST_EXAMPLE_APP_URL;
  RecipeSetup setup;
  setup.clone = make_clone_of(source, name, source / "scenarios" / "demo.patch");
  // A pull request's head: the change committed after the release.
  process::capture({"git", "-c", "user.name=e2e", "-c", "user.email=e2e@example.org", "commit",
                    "-qam", "schema change"},
                   setup.clone);
  make_database("urlapp_primary");
  const char* path = std::getenv("PATH");
  setup.env = {
      {"PATH", fs::path(DATA_TEST_BINARY).parent_path().string() + ":" + (path ? path : "")},
      {"RELEASED_TAG", "v1.0"},
      {"TEST_REPO", history_repo().string()},
      {"SECOND_REPO", second_history_repo().string()},
      {"WORK_DIR", (fresh_dir(name + "-work") / "work").string()},
      {"DATABASE_URL", database_url("urlapp_primary")}};
  return setup;
}

process::Captured run_recipes(const std::vector<std::string>& args, const fs::path& cwd,
                              const std::map<std::string, std::string>& env) {
  std::vector<std::string> argv{"python3",
                                std::string(DATA_TEST_SOURCE_ROOT) + "/tests/docs/recipes.py",
                                "--root", DATA_TEST_SOURCE_ROOT};
  argv.insert(argv.end(), args.begin(), args.end());
  return process::capture(argv, cwd, env);
}

}  // namespace dt::e2e
