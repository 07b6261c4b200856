#pragma once
// The docs' recipes (tests/docs/recipes.py) run against the throwaway cluster and the URL
// example application with its schema change committed.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "util/process.hpp"

namespace dt::e2e {

// The environment a recipe is written for: RELEASED_TAG, TEST_REPO, SECOND_REPO, WORK_DIR,
// DATABASE_URL, and PATH with the data-test under test first.
struct RecipeSetup {
  std::filesystem::path clone;  // the URL example app: tag v1.0, then the demo change committed
  std::map<std::string, std::string> env;
};
RecipeSetup recipe_setup(const std::string& name);

// tests/docs/recipes.py with args, in cwd, with env added.
process::Captured run_recipes(const std::vector<std::string>& args,
                              const std::filesystem::path& cwd,
                              const std::map<std::string, std::string>& env);

}  // namespace dt::e2e
