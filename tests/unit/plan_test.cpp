// Finding the profile (issue 14): --profile, else data-test.json at the clone's root, else the
// built-in profile only for Aveloxis; and the config read from where the profile says.
#include "run/plan.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/files.hpp"
#include "util/error.hpp"
#include "util/file.hpp"

namespace dt {
namespace {

using ::testing::HasSubstr;
using testing_support::TempDir;

constexpr const char* kProfile = R"({"name": "mine", "build": ["make"],
  "steps": [{"run": ["{bin}", "migrate"]}], "schemas": ["public"],
  "databases": {"released": "mine_released", "new": "mine_new"}})";

Options no_flags() {
  return {};
}

void make_aveloxis(const std::filesystem::path& root, const std::string& module) {
  file::write_private(root / "go.mod", "// comment\nmodule " + module + "\n\ngo 1.25\n");
  file::create_directories(root / "cmd" / "aveloxis", 0700);
}

TEST(FindProfile, DataTestJsonAtTheRoot) {
  TempDir dir;
  file::write_private(dir.path() / "data-test.json", kProfile);
  const auto source = find_profile(no_flags(), dir.path());
  EXPECT_EQ(source.origin, (dir.path() / "data-test.json").string());
  EXPECT_EQ(load_profile(no_flags(), dir.path()).name, "mine");
  // It wins over the built-in one even in an Aveloxis clone.
  make_aveloxis(dir.path(), "github.com/augurlabs/aveloxis");
  EXPECT_EQ(load_profile(no_flags(), dir.path()).name, "mine");
}

TEST(FindProfile, ExplicitProfileWins) {
  TempDir dir;
  file::write_private(dir.path() / "data-test.json", "{ broken");
  file::write_private(dir.path() / "other.json", kProfile);
  Options options;
  options.profile = (dir.path() / "other.json").string();
  EXPECT_EQ(load_profile(options, dir.path()).name, "mine");
}

TEST(FindProfile, BuiltInOnlyForAveloxis) {
  TempDir dir;
  make_aveloxis(dir.path(), "github.com/augurlabs/aveloxis");
  EXPECT_TRUE(is_aveloxis(dir.path()));
  EXPECT_EQ(find_profile(no_flags(), dir.path()).origin, "built-in");
  EXPECT_EQ(load_profile(no_flags(), dir.path()).name, "aveloxis");
}

TEST(FindProfile, NotAveloxis) {
  TempDir go_other;
  make_aveloxis(go_other.path(), "github.com/someone/notaveloxis");
  EXPECT_FALSE(is_aveloxis(go_other.path()));
  TempDir no_cmd;
  file::write_private(no_cmd.path() / "go.mod", "module github.com/augurlabs/aveloxis\n");
  EXPECT_FALSE(is_aveloxis(no_cmd.path()));  // the built-in build compiles ./cmd/aveloxis
  TempDir quoted;
  make_aveloxis(quoted.path(), "\"example.org/x/aveloxis\"");
  EXPECT_TRUE(is_aveloxis(quoted.path()));
  TempDir empty;
  EXPECT_FALSE(is_aveloxis(empty.path()));
  try {
    find_profile(no_flags(), empty.path());
    FAIL();
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_THAT(message, HasSubstr("has no data-test.json at its root and is not Aveloxis"));
    EXPECT_THAT(message, HasSubstr("write a data-test.json there"));
    EXPECT_THAT(message, HasSubstr("docs/profile-format.md"));
    EXPECT_THAT(message, HasSubstr("--profile PATH"));
  }
}

TEST(LoadConfig, FromTheProfilesPathOrTheEnvironment) {
  TempDir dir;
  file::create_directories(dir.path() / "config", 0700);
  file::write_private(dir.path() / "config" / "db.yml",
                      "production:\n  database: prod  # primary\n  host: /sock\n");
  Profile profile = builtin_profile();
  profile.connection.format = "yaml";
  profile.connection.path = "config/db.yml";
  profile.connection.keys = {{"dbname", "production.database"}, {"host", "production.host"}};
  const AppConfig config = load_config(no_flags(), profile, dir.path());
  EXPECT_EQ(config.db.dbname, "prod");
  EXPECT_EQ(config.db.host, "/sock");
  EXPECT_EQ(config.path, dir.path() / "config" / "db.yml");
  // --config names the file for a connection from the environment: refused, not ignored.
  profile.connection = Connection{};
  profile.connection.from = Connection::From::url_env;
  Options options;
  options.config = "x.json";
  try {
    load_config(options, profile, dir.path());
    FAIL();
  } catch (const Error& e) {
    EXPECT_THAT(std::string(e.what()),
                HasSubstr("the profile's connection reads the database from the environment "
                          "variable DATABASE_URL"));
  }
}

}  // namespace
}  // namespace dt
