// Profiles: the built-in one, the top-level keys, name, schemas, databases, connection and
// repo_* keys, every validation message (steps: profile_steps_test, per-table keys:
// profile_tables_test).
#include "profile.hpp"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/profile_error.hpp"
#include "support/profile_sample.hpp"

namespace dt {
namespace {

using ::testing::HasSubstr;
using testing_support::minimal_profile;
using testing_support::profile_doc_error;
using testing_support::profile_error;
using Json = nlohmann::ordered_json;

TEST(Profile, BuiltinParses) {
  const Profile p = builtin_profile();
  EXPECT_EQ(p.name, "aveloxis");
  EXPECT_EQ(p.build, (std::vector<std::string>{"go", "build", "-o", "{bin}", "./cmd/aveloxis"}));
  EXPECT_EQ(p.toolchain, (std::vector<std::string>{"go", "version"}));
  ASSERT_EQ(p.steps.size(), 4u);
  EXPECT_EQ(p.steps[0].kind, Step::Kind::run);
  EXPECT_EQ(p.steps[0].argv,
            (std::vector<std::string>{"{bin}", "-c", "{config}", "migrate", "--skip-views"}));
  EXPECT_EQ(p.steps[1].kind, Step::Kind::copy_rows);
  EXPECT_EQ(p.steps[1].table, "aveloxis_ops.api_keys");
  EXPECT_EQ(p.steps[2].argv,
            (std::vector<std::string>{"{bin}", "-c", "{config}", "add-repo", "{repo}"}));
  EXPECT_EQ(p.steps[3].argv,
            (std::vector<std::string>{"{bin}", "-c", "{config}", "collect", "{repo}", "--full"}));
  EXPECT_EQ(p.schemas, (std::vector<std::string>{"aveloxis_data", "aveloxis_ops"}));
  EXPECT_EQ(p.released_db, "aveloxis_released");
  EXPECT_EQ(p.new_db, "aveloxis_new");
  EXPECT_EQ(p.discovery_steps, 1u);
}

TEST(Profile, BuiltinJsonText) {
  const std::string_view text = builtin_profile_json();
  EXPECT_THAT(std::string(text), HasSubstr(R"({"copy_rows": "aveloxis_ops.api_keys"},)"));
  EXPECT_THAT(std::string(text),
              HasSubstr(R"({"run": ["{bin}", "-c", "{config}", "collect", "{repo}", "--full"]})"));
  EXPECT_EQ(text.front(), '{');
  // canonical is the compact dump with key order kept.
  EXPECT_EQ(builtin_profile().canonical, Json::parse(text).dump());
  EXPECT_EQ(builtin_profile().canonical.rfind(R"({"name":"aveloxis","build":)", 0), 0u);
}

TEST(Profile, MinimalDefaultsAndCanonical) {
  const Profile p = parse_profile(minimal_profile().dump(4), "p.json");
  EXPECT_EQ(p.discovery_steps, 1u);
  EXPECT_EQ(p.canonical, minimal_profile().dump());
  // Whitespace does not change the canonical form; content does.
  EXPECT_EQ(parse_profile(minimal_profile().dump(), "x").canonical, p.canonical);
  auto other = minimal_profile();
  other["schemas"] = {"data"};
  EXPECT_NE(parse_profile(other.dump(), "x").canonical, p.canonical);
}

// The collection key leaves out what only steers the diagnosis and the report: editing it keeps
// snapshots, builds and listings; editing what the collection does changes it.
TEST(Profile, TheCollectionKeyLeavesOutWhatOnlySteersTheDiagnosis) {
  const Profile p = parse_profile(minimal_profile().dump(), "x");
  EXPECT_EQ(p.collection, minimal_profile().dump());
  auto diagnosis = minimal_profile();
  diagnosis["natural_keys"] = {{"data.t", {{"exclude", {"at"}}}}};
  diagnosis["content_exclude"] = {"stamp"};
  diagnosis["upgrade_steps"] = Json::array({{{"run", {"{bin}", "migrate"}}}});
  const Profile d = parse_profile(diagnosis.dump(), "x");
  EXPECT_NE(d.canonical, p.canonical);
  EXPECT_EQ(d.collection, p.collection);
  for (const char* key : {"steps", "schemas", "build"}) {
    auto other = minimal_profile();
    other[key] = key == std::string("build") ? Json::array({"make", "other"}) : other[key];
    if (key == std::string("steps")) other[key].push_back({{"run", {"{bin}", "more"}}});
    if (key == std::string("schemas")) other[key] = {"data"};
    EXPECT_NE(parse_profile(other.dump(), "x").collection, p.collection) << key;
  }
}

TEST(Profile, InvalidJsonHasLineAndColumn) {
  const std::string text = "{\n  \"name\": \"a\",\n  \"build\": [\"x\"] oops\n}\n";
  const auto message = profile_error(text);
  EXPECT_EQ(message.rfind("profile 'p.json': invalid JSON at line 3, column 18: ", 0), 0u)
      << message;
  EXPECT_THAT(message, HasSubstr("fix the file"));
  // Unexpected end of input points at the end.
  EXPECT_THAT(profile_error("{\n\"name\": "), HasSubstr("line 2, column 9"));
}

TEST(Profile, TopLevelMustBeObject) {
  EXPECT_THAT(profile_error("[1]"), HasSubstr("top level must be an object"));
}

TEST(Profile, MissingKeys) {
  for (const char* key : {"name", "build", "steps", "schemas", "databases"}) {
    auto doc = minimal_profile();
    doc.erase(key);
    EXPECT_EQ(profile_doc_error(doc), std::string("profile 'p.json': missing key '") + key +
                                          "'; add it (see docs/profile-format.md)");
  }
  auto doc = minimal_profile();
  doc["databases"].erase("new");
  EXPECT_EQ(profile_doc_error(doc),
            "profile 'p.json': missing key 'databases.new'; add it (see docs/profile-format.md)");
}

TEST(Profile, UnknownKeysNamed) {
  auto doc = minimal_profile();
  doc["stepz"] = Json::array();
  EXPECT_EQ(
      profile_doc_error(doc),
      "profile 'p.json': unknown key 'stepz'; known keys: accepted, build, connection, "
      "content_exclude, "
      "databases, discovery_steps, name, natural_keys, repo_column, repo_lookup, schemas, steps, "
      "toolchain, unstable_tables, upgrade_steps");
  doc = minimal_profile();
  doc["databases"]["old"] = "x";
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("unknown key 'databases.old'"));
}

TEST(Profile, NameCharacters) {
  auto doc = minimal_profile();
  doc["name"] = "my-app_2.x";
  EXPECT_EQ(parse_profile(doc.dump(), "p").name, "my-app_2.x");
  for (const char* bad : {"my app", "a/b", "", "x;rm"}) {
    doc["name"] = bad;
    EXPECT_THAT(profile_doc_error(doc), HasSubstr("name")) << bad;
  }
  doc["name"] = "a/b";
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("name 'a/b' may use only letters, digits"));
}

TEST(Profile, SchemasAndBuild) {
  auto doc = minimal_profile();
  doc["schemas"] = Json::array();
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("schemas must be a non-empty array"));
  doc["schemas"] = {"a", "a"};
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("schemas lists 'a' twice"));
  doc["schemas"] = {"a", ""};
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("schemas[1] must not be empty"));
  doc = minimal_profile();
  doc["build"] = "make";
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("build must be a non-empty array of strings"));
}

TEST(Profile, Databases) {
  auto doc = minimal_profile();
  doc["databases"]["new"] = "app_released";
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("both 'app_released'"));
  doc["databases"]["new"] = "";
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("databases.new must not be empty"));
  doc["databases"]["new"] = std::string(64, 'x');
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("longer than 63 bytes"));
  doc["databases"] = {"a", "b"};
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("databases must be an object"));
}

TEST(Profile, OriginStartsEveryMessage) {
  EXPECT_EQ(profile_error("{", "/etc/x.json").rfind("profile '/etc/x.json': ", 0), 0u);
}

// --- issue 14: connection, repo_column ---

TEST(Profile, ConnectionDefaultsToTheJsonDatabaseObject) {
  const Profile p = parse_profile(minimal_profile().dump(), "p");
  EXPECT_EQ(p.connection.from, Connection::From::file);
  EXPECT_EQ(p.connection.format, "json");
  EXPECT_EQ(p.connection.keys.at("dbname"), "database.dbname");
  EXPECT_EQ(p.connection.keys.size(), 6u);
}

TEST(Profile, ConnectionKinds) {
  auto doc = minimal_profile();
  doc["connection"] = {{"from", "file"},
                       {"path", "config/database.yml"},
                       {"keys", {{"dbname", "production.database"}, {"host", "production.host"}}}};
  Profile p = parse_profile(doc.dump(), "p");
  EXPECT_EQ(p.connection.format, "yaml");  // from the extension
  EXPECT_EQ(p.connection.path, "config/database.yml");
  EXPECT_EQ(p.connection.keys.size(), 2u);
  doc["connection"] = {{"from", "url_env"}};
  doc["steps"][0]["run"] = {"{bin}", "migrate", "{database_url}", "{dbname}"};
  p = parse_profile(doc.dump(), "p");
  EXPECT_EQ(p.connection.from, Connection::From::url_env);
  EXPECT_EQ(p.connection.variable, "DATABASE_URL");
  EXPECT_TRUE(p.connection.keys.empty());
  doc["connection"] = {{"from", "libpq_env"}};
  EXPECT_EQ(parse_profile(doc.dump(), "p").connection.from, Connection::From::libpq_env);
}

TEST(Profile, ConnectionMistakesAreNamed) {
  auto doc = minimal_profile();
  doc["connection"] = {{"from", "env"}};
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("connection.from must be \"file\", \"url_env\" or "
                                                "\"libpq_env\", got 'env'"));
  doc["connection"] = {{"from", "url_env"}, {"path", "x"}};
  EXPECT_THAT(profile_doc_error(doc),
              HasSubstr("unknown key 'connection.path' for from \"url_env\""));
  doc["connection"] = {{"from", "url_env"}, {"variable", "1BAD"}};
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("is not an environment variable name"));
  doc["connection"] = {{"from", "file"}, {"keys", {{"host", "db.host"}}}};
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("names neither 'dbname' nor 'url'"));
  doc["connection"] = {{"from", "file"}, {"keys", {{"dbname", "db..name"}}}};
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("must be a dotted key path"));
  doc["connection"] = {{"from", "file"}, {"keys", {{"database", "db.name"}}}};
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("unknown key 'connection.keys.database'"));
  doc["connection"] = {{"from", "file"}, {"path", "/etc/app.yml"}};
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("must be relative to the application's clone"));
  doc["connection"] = {{"from", "file"}, {"format", "toml"}};
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("connection.format must be \"json\" or \"yaml\""));
  doc["connection"] = "url";
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("connection must be an object"));
  // {config} has nothing to point at when the database comes from the environment.
  doc = minimal_profile();
  doc["connection"] = {{"from", "url_env"}};
  doc["steps"][0]["run"] = {"{bin}", "-c", "{config}"};
  EXPECT_THAT(profile_doc_error(doc),
              HasSubstr("steps[0].run[2]: '{config}' needs a connection from a file"));
}

TEST(Profile, RepoColumnNeedsItsLookup) {
  auto doc = minimal_profile();
  doc["repo_column"] = "repo_id";
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("repo_column is set but repo_lookup is not"));
  doc["repo_lookup"] = {{"table", "data.repos"}, {"url_column", "url"}, {"id_column", "repo_id"}};
  const Profile p = parse_profile(doc.dump(), "p");
  EXPECT_EQ(p.repo_column, "repo_id");
  EXPECT_EQ(p.repo_lookup.table, "data.repos");
  EXPECT_EQ(p.repo_lookup.url_column, "url");
  EXPECT_EQ(p.repo_lookup.id_column, "repo_id");
  doc["repo_lookup"]["table"] = "elsewhere.repos";
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("is not in one of the profile's schemas"));
  doc["repo_lookup"]["table"] = "repos";
  EXPECT_THAT(profile_doc_error(doc),
              HasSubstr("repo_lookup.table: table name 'repos' has no schema"));
  doc["repo_lookup"] = {{"table", "data.repos"}, {"url_column", "url"}};
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("missing key 'repo_lookup.id_column'"));
  doc["repo_lookup"]["id_column"] = std::string(64, 'x');
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("longer than 63 bytes"));
}

TEST(Profile, KnownKeysCoverEveryTopLevelKey) {
  const auto keys = known_profile_keys();
  for (const char* key :
       {"name", "build", "steps", "schemas", "databases", "discovery_steps", "connection",
        "repo_column", "repo_lookup", "steps[].once", "connection.keys.url"}) {
    EXPECT_NE(std::find(keys.begin(), keys.end(), key), keys.end()) << key;
  }
}

TEST(Profile, UpgradeKeysAndTheirDefaults) {
  auto doc = minimal_profile();
  Profile p = parse_profile(doc.dump(), "p.json");
  EXPECT_EQ(p.upgraded_db, p.released_db + "_upgraded");
  ASSERT_EQ(p.upgrade_steps.size(), p.discovery_steps);
  EXPECT_EQ(p.upgrade_steps[0].argv, p.steps[0].argv);
  EXPECT_TRUE(p.content_exclude.empty());
  doc["databases"]["upgraded"] = "up_db";
  doc["upgrade_steps"] = Json::array({{{"run", {"{bin}", "upgrade", "--to", "latest"}}}});
  doc["content_exclude"] = Json::array({"migrated_at"});
  p = parse_profile(doc.dump(), "p.json");
  EXPECT_EQ(p.upgraded_db, "up_db");
  ASSERT_EQ(p.upgrade_steps.size(), 1u);
  EXPECT_EQ(p.upgrade_steps[0].argv,
            (std::vector<std::string>{"{bin}", "upgrade", "--to", "latest"}));
  EXPECT_EQ(p.content_exclude, std::vector<std::string>{"migrated_at"});
  doc["databases"]["upgraded"] = doc["databases"]["new"];
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("databases.upgraded is"));
  doc = minimal_profile();
  doc["upgrade_steps"] = Json::array({{{"run", {"{bin}", "{nope}"}}}});
  EXPECT_THAT(profile_doc_error(doc),
              HasSubstr("upgrade_steps[0].run[1]: unknown placeholder '{nope}'"));
  doc = minimal_profile();
  doc["upgrade_steps"] = Json::array();
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("upgrade_steps must be a non-empty array"));
  doc = minimal_profile();
  doc["databases"]["released"] = std::string(60, 'r');
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("name it in \"databases\": {\"upgraded\""));
}

}  // namespace
}  // namespace dt
