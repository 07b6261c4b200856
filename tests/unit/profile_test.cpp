// Profiles: the built-in one, every validation message, placeholder expansion, qualified names.
#include "profile.hpp"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/profile_sample.hpp"
#include "util/error.hpp"

namespace dt {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::ordered_json;

Json minimal() {
  return testing_support::minimal_profile();
}

std::string error_of(std::string_view text, std::string_view origin = "p.json") {
  try {
    parse_profile(text, origin);
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "parse_profile accepted: " << text;
  return {};
}

std::string doc_error(const Json& doc) {
  return error_of(doc.dump(2));
}

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
  const Profile p = parse_profile(minimal().dump(4), "p.json");
  EXPECT_EQ(p.discovery_steps, 1u);
  EXPECT_EQ(p.canonical, minimal().dump());
  // Whitespace does not change the canonical form; content does.
  EXPECT_EQ(parse_profile(minimal().dump(), "x").canonical, p.canonical);
  auto other = minimal();
  other["schemas"] = {"data"};
  EXPECT_NE(parse_profile(other.dump(), "x").canonical, p.canonical);
}

// The collection key leaves out what only steers the diagnosis and the report: editing it keeps
// snapshots, builds and listings; editing what the collection does changes it.
TEST(Profile, TheCollectionKeyLeavesOutWhatOnlySteersTheDiagnosis) {
  const Profile p = parse_profile(minimal().dump(), "x");
  EXPECT_EQ(p.collection, minimal().dump());
  auto diagnosis = minimal();
  diagnosis["natural_keys"] = {{"data.t", {{"exclude", {"at"}}}}};
  diagnosis["content_exclude"] = {"stamp"};
  diagnosis["upgrade_steps"] = Json::array({{{"run", {"{bin}", "migrate"}}}});
  const Profile d = parse_profile(diagnosis.dump(), "x");
  EXPECT_NE(d.canonical, p.canonical);
  EXPECT_EQ(d.collection, p.collection);
  for (const char* key : {"steps", "schemas", "build"}) {
    auto other = minimal();
    other[key] = key == std::string("build") ? Json::array({"make", "other"}) : other[key];
    if (key == std::string("steps")) other[key].push_back({{"run", {"{bin}", "more"}}});
    if (key == std::string("schemas")) other[key] = {"data"};
    EXPECT_NE(parse_profile(other.dump(), "x").collection, p.collection) << key;
  }
}

TEST(Profile, DiscoveryStepsRange) {
  auto doc = minimal();
  doc["discovery_steps"] = 3;
  EXPECT_EQ(parse_profile(doc.dump(), "p").discovery_steps, 3u);
  for (const Json& bad : {Json(0), Json(4), Json(-1), Json(1.5), Json("1"), Json(true)}) {
    doc["discovery_steps"] = bad;
    EXPECT_THAT(doc_error(doc), HasSubstr("discovery_steps must be an integer from 1 to 3"))
        << bad.dump();
  }
}

TEST(Profile, InvalidJsonHasLineAndColumn) {
  const std::string text = "{\n  \"name\": \"a\",\n  \"build\": [\"x\"] oops\n}\n";
  const auto message = error_of(text);
  EXPECT_EQ(message.rfind("profile 'p.json': invalid JSON at line 3, column 18: ", 0), 0u)
      << message;
  EXPECT_THAT(message, HasSubstr("fix the file"));
  // Unexpected end of input points at the end.
  EXPECT_THAT(error_of("{\n\"name\": "), HasSubstr("line 2, column 9"));
}

TEST(Profile, TopLevelMustBeObject) {
  EXPECT_THAT(error_of("[1]"), HasSubstr("top level must be an object"));
}

TEST(Profile, MissingKeys) {
  for (const char* key : {"name", "build", "steps", "schemas", "databases"}) {
    auto doc = minimal();
    doc.erase(key);
    EXPECT_EQ(doc_error(doc), std::string("profile 'p.json': missing key '") + key +
                                  "'; add it (see docs/profile-format.md)");
  }
  auto doc = minimal();
  doc["databases"].erase("new");
  EXPECT_EQ(doc_error(doc),
            "profile 'p.json': missing key 'databases.new'; add it (see docs/profile-format.md)");
}

TEST(Profile, UnknownKeysNamed) {
  auto doc = minimal();
  doc["stepz"] = Json::array();
  EXPECT_EQ(
      doc_error(doc),
      "profile 'p.json': unknown key 'stepz'; known keys: accepted, build, connection, "
      "content_exclude, "
      "databases, discovery_steps, name, natural_keys, repo_column, repo_lookup, schemas, steps, "
      "toolchain, unstable_tables, upgrade_steps");
  doc = minimal();
  doc["databases"]["old"] = "x";
  EXPECT_THAT(doc_error(doc), HasSubstr("unknown key 'databases.old'"));
}

TEST(Profile, ToolchainIsAnOptionalArgv) {
  auto doc = minimal();
  EXPECT_TRUE(parse_profile(doc.dump(), "p.json").toolchain.empty());
  doc["toolchain"] = Json::array({"go", "version"});
  EXPECT_EQ(parse_profile(doc.dump(), "p.json").toolchain,
            (std::vector<std::string>{"go", "version"}));
  doc["toolchain"] = "go version";
  EXPECT_THAT(doc_error(doc), HasSubstr("toolchain must be a non-empty array of strings"));
}

TEST(Profile, UnknownPlaceholderNamedWithPosition) {
  auto doc = minimal();
  doc["steps"].push_back({{"run", {"{bin}", "-c", "x", "{cfg}"}}});
  EXPECT_EQ(doc_error(doc),
            "profile 'p.json': steps[3].run[3]: unknown placeholder '{cfg}'; known: {bin} "
            "{config} {database_url} {dbname} {repo} {side} {src} {work_dir}");
  doc = minimal();
  doc["build"] = {"make", "OUT={bin}/{binary}"};
  EXPECT_THAT(doc_error(doc), HasSubstr("build[1]: unknown placeholder '{binary}'"));
}

TEST(Profile, BracesThatAreNotPlaceholdersAreLiteral) {
  auto doc = minimal();
  doc["steps"][0]["run"] = {"{bin}", R"({"a": 1})", "{}", "{ bin }", "{src"};
  const Profile p = parse_profile(doc.dump(), "p");
  EXPECT_EQ(p.steps[0].argv[1], R"({"a": 1})");
}

TEST(Profile, AllPlaceholdersAccepted) {
  auto doc = minimal();
  doc["steps"][0]["run"] = {"{bin}",  "{src}",      "{config}", "{repo}",
                            "{side}", "{work_dir}", "{dbname}", "{database_url}"};
  EXPECT_NO_THROW(parse_profile(doc.dump(), "p"));
  // The build runs once per side: every placeholder but {repo}.
  doc["build"] = {"{bin}",      "{src}",    "{config}",      "{side}",
                  "{work_dir}", "{dbname}", "{database_url}"};
  EXPECT_NO_THROW(parse_profile(doc.dump(), "p"));
  doc["build"] = {"make", "{repo}"};
  EXPECT_THAT(doc_error(doc), HasSubstr("build[1]: '{repo}' cannot be used in build"));
}

TEST(Profile, UnknownStep) {
  const std::vector<Json> bad = {
      Json{{"runn", {"x"}}},
      Json{{"run", {"x"}}, {"copy_rows", "a.b"}},
      Json::object(),
      Json("run x"),
  };
  for (const auto& step : bad) {
    auto doc = minimal();
    doc["steps"][1] = step;
    const auto message = doc_error(doc);
    EXPECT_EQ(message.rfind("profile 'p.json': steps[1]: unknown step", 0), 0u) << message;
  }
}

TEST(Profile, StepShapes) {
  auto doc = minimal();
  doc["steps"][0]["run"] = Json::array();
  EXPECT_THAT(doc_error(doc), HasSubstr("steps[0].run must be a non-empty array of strings"));
  doc["steps"][0]["run"] = {"x", 3};
  EXPECT_THAT(doc_error(doc), HasSubstr("steps[0].run[1] must be a string, got number"));
  doc["steps"][0]["run"] = {""};
  EXPECT_THAT(doc_error(doc), HasSubstr("steps[0].run[0] must not be empty"));
  doc = minimal();
  doc["steps"][1]["copy_rows"] = "keys";
  EXPECT_THAT(doc_error(doc), HasSubstr("steps[1].copy_rows: table name 'keys' has no schema"));
  doc["steps"][1]["copy_rows"] = 5;
  EXPECT_THAT(doc_error(doc), HasSubstr("steps[1].copy_rows must be a string"));
  doc = minimal();
  doc["steps"] = Json::array();
  EXPECT_THAT(doc_error(doc), HasSubstr("steps must be a non-empty array"));
}

TEST(Profile, ParsedSteps) {
  const Profile p = parse_profile(minimal().dump(), "p");
  ASSERT_EQ(p.steps.size(), 3u);
  EXPECT_EQ(p.steps[1].kind, Step::Kind::copy_rows);
  EXPECT_EQ(p.steps[1].table, "ops.keys");
  EXPECT_TRUE(p.steps[1].argv.empty());
  EXPECT_EQ(p.steps[2].argv, (std::vector<std::string>{"{bin}", "collect", "{repo}"}));
}

TEST(Profile, NameCharacters) {
  auto doc = minimal();
  doc["name"] = "my-app_2.x";
  EXPECT_EQ(parse_profile(doc.dump(), "p").name, "my-app_2.x");
  for (const char* bad : {"my app", "a/b", "", "x;rm"}) {
    doc["name"] = bad;
    EXPECT_THAT(doc_error(doc), HasSubstr("name")) << bad;
  }
  doc["name"] = "a/b";
  EXPECT_THAT(doc_error(doc), HasSubstr("name 'a/b' may use only letters, digits"));
}

TEST(Profile, SchemasAndBuild) {
  auto doc = minimal();
  doc["schemas"] = Json::array();
  EXPECT_THAT(doc_error(doc), HasSubstr("schemas must be a non-empty array"));
  doc["schemas"] = {"a", "a"};
  EXPECT_THAT(doc_error(doc), HasSubstr("schemas lists 'a' twice"));
  doc["schemas"] = {"a", ""};
  EXPECT_THAT(doc_error(doc), HasSubstr("schemas[1] must not be empty"));
  doc = minimal();
  doc["build"] = "make";
  EXPECT_THAT(doc_error(doc), HasSubstr("build must be a non-empty array of strings"));
}

TEST(Profile, Databases) {
  auto doc = minimal();
  doc["databases"]["new"] = "app_released";
  EXPECT_THAT(doc_error(doc), HasSubstr("both 'app_released'"));
  doc["databases"]["new"] = "";
  EXPECT_THAT(doc_error(doc), HasSubstr("databases.new must not be empty"));
  doc["databases"]["new"] = std::string(64, 'x');
  EXPECT_THAT(doc_error(doc), HasSubstr("longer than 63 bytes"));
  doc["databases"] = {"a", "b"};
  EXPECT_THAT(doc_error(doc), HasSubstr("databases must be an object"));
}

TEST(Profile, OriginStartsEveryMessage) {
  EXPECT_EQ(error_of("{", "/etc/x.json").rfind("profile '/etc/x.json': ", 0), 0u);
}

// --- issue 14: connection, once, repo_column ---

TEST(Profile, ConnectionDefaultsToTheJsonDatabaseObject) {
  const Profile p = parse_profile(minimal().dump(), "p");
  EXPECT_EQ(p.connection.from, Connection::From::file);
  EXPECT_EQ(p.connection.format, "json");
  EXPECT_EQ(p.connection.keys.at("dbname"), "database.dbname");
  EXPECT_EQ(p.connection.keys.size(), 6u);
}

TEST(Profile, ConnectionKinds) {
  auto doc = minimal();
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
  auto doc = minimal();
  doc["connection"] = {{"from", "env"}};
  EXPECT_THAT(doc_error(doc), HasSubstr("connection.from must be \"file\", \"url_env\" or "
                                        "\"libpq_env\", got 'env'"));
  doc["connection"] = {{"from", "url_env"}, {"path", "x"}};
  EXPECT_THAT(doc_error(doc), HasSubstr("unknown key 'connection.path' for from \"url_env\""));
  doc["connection"] = {{"from", "url_env"}, {"variable", "1BAD"}};
  EXPECT_THAT(doc_error(doc), HasSubstr("is not an environment variable name"));
  doc["connection"] = {{"from", "file"}, {"keys", {{"host", "db.host"}}}};
  EXPECT_THAT(doc_error(doc), HasSubstr("names neither 'dbname' nor 'url'"));
  doc["connection"] = {{"from", "file"}, {"keys", {{"dbname", "db..name"}}}};
  EXPECT_THAT(doc_error(doc), HasSubstr("must be a dotted key path"));
  doc["connection"] = {{"from", "file"}, {"keys", {{"database", "db.name"}}}};
  EXPECT_THAT(doc_error(doc), HasSubstr("unknown key 'connection.keys.database'"));
  doc["connection"] = {{"from", "file"}, {"path", "/etc/app.yml"}};
  EXPECT_THAT(doc_error(doc), HasSubstr("must be relative to the application's clone"));
  doc["connection"] = {{"from", "file"}, {"format", "toml"}};
  EXPECT_THAT(doc_error(doc), HasSubstr("connection.format must be \"json\" or \"yaml\""));
  doc["connection"] = "url";
  EXPECT_THAT(doc_error(doc), HasSubstr("connection must be an object"));
  // {config} has nothing to point at when the database comes from the environment.
  doc = minimal();
  doc["connection"] = {{"from", "url_env"}};
  doc["steps"][0]["run"] = {"{bin}", "-c", "{config}"};
  EXPECT_THAT(doc_error(doc),
              HasSubstr("steps[0].run[2]: '{config}' needs a connection from a file"));
}

TEST(Profile, OnceSteps) {
  auto doc = minimal();
  doc["steps"][2]["once"] = true;
  doc["steps"][2]["run"] = {"{bin}", "collect", "{repo}", "--all"};
  const Profile p = parse_profile(doc.dump(), "p");
  EXPECT_TRUE(p.steps[2].once);
  EXPECT_FALSE(p.steps[0].once);
  doc["steps"][2]["run"] = {"{bin}", "collect", "--repo={repo}"};
  EXPECT_THAT(doc_error(doc), HasSubstr("takes '{repo}' only as a whole argument"));
  doc = minimal();
  doc["steps"][1]["once"] = true;
  EXPECT_THAT(doc_error(doc), HasSubstr("steps[1].once applies to run steps only"));
  doc = minimal();
  doc["steps"][0]["once"] = "yes";
  EXPECT_THAT(doc_error(doc), HasSubstr("steps[0].once must be true or false"));
  doc = minimal();
  doc["steps"][0]["twice"] = true;
  EXPECT_THAT(doc_error(doc), HasSubstr("steps[0]: unknown step"));
}

TEST(Profile, RepoColumnNeedsItsLookup) {
  auto doc = minimal();
  doc["repo_column"] = "repo_id";
  EXPECT_THAT(doc_error(doc), HasSubstr("repo_column is set but repo_lookup is not"));
  doc["repo_lookup"] = {{"table", "data.repos"}, {"url_column", "url"}, {"id_column", "repo_id"}};
  const Profile p = parse_profile(doc.dump(), "p");
  EXPECT_EQ(p.repo_column, "repo_id");
  EXPECT_EQ(p.repo_lookup.table, "data.repos");
  EXPECT_EQ(p.repo_lookup.url_column, "url");
  EXPECT_EQ(p.repo_lookup.id_column, "repo_id");
  doc["repo_lookup"]["table"] = "elsewhere.repos";
  EXPECT_THAT(doc_error(doc), HasSubstr("is not in one of the profile's schemas"));
  doc["repo_lookup"]["table"] = "repos";
  EXPECT_THAT(doc_error(doc), HasSubstr("repo_lookup.table: table name 'repos' has no schema"));
  doc["repo_lookup"] = {{"table", "data.repos"}, {"url_column", "url"}};
  EXPECT_THAT(doc_error(doc), HasSubstr("missing key 'repo_lookup.id_column'"));
  doc["repo_lookup"]["id_column"] = std::string(64, 'x');
  EXPECT_THAT(doc_error(doc), HasSubstr("longer than 63 bytes"));
}

TEST(Profile, KnownKeysCoverEveryTopLevelKey) {
  const auto keys = known_profile_keys();
  for (const char* key :
       {"name", "build", "steps", "schemas", "databases", "discovery_steps", "connection",
        "repo_column", "repo_lookup", "steps[].once", "connection.keys.url"}) {
    EXPECT_NE(std::find(keys.begin(), keys.end(), key), keys.end()) << key;
  }
}

TEST(Profile, NaturalKeys) {
  Json doc = minimal();
  doc["natural_keys"] = Json::parse(R"({"ops.keys": {"exclude": ["created"]},
                                         "data.\"odd.name\"": {"key": ["a", "b"]}})");
  const Profile p = parse_profile(doc.dump(), "p.json");
  ASSERT_EQ(p.natural_keys.size(), 2u);
  EXPECT_EQ(p.natural_keys[0].schema, "data");
  EXPECT_EQ(p.natural_keys[0].table, "odd.name");
  EXPECT_EQ(p.natural_keys[0].key, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(p.natural_keys[0].exclude.empty());
  EXPECT_EQ(p.natural_keys[1].exclude, std::vector<std::string>{"created"});
  EXPECT_NE(p.canonical.find("natural_keys"), std::string::npos);
  EXPECT_TRUE(parse_profile(minimal().dump(), "p.json").natural_keys.empty());
}

TEST(Profile, NaturalKeysErrors) {
  const auto with = [](const char* value) {
    Json doc = minimal();
    doc["natural_keys"] = Json::parse(value);
    return doc_error(doc);
  };
  EXPECT_THAT(with("[]"), HasSubstr("natural_keys is an object like"));
  EXPECT_THAT(with(R"({"nodot": {"key": ["a"]}})"),
              HasSubstr("natural_keys.\"nodot\": table name"));
  EXPECT_THAT(with(R"({"elsewhere.t": {"key": ["a"]}})"),
              HasSubstr("schema 'elsewhere' is not one of the profile's schemas"));
  EXPECT_THAT(with(R"({"ops.t": {}})"),
              HasSubstr("natural_keys.\"ops.t\": natural_keys is an object"));
  EXPECT_THAT(with(R"({"ops.t": {"columns": ["a"]}})"),
              HasSubstr("unknown key 'columns'; known keys: key, exclude"));
  EXPECT_THAT(with(R"({"ops.t": {"key": []}})"),
              HasSubstr("natural_keys.\"ops.t\".key must be a non-empty array of column names"));
  EXPECT_THAT(with(R"({"ops.t": {"key": ["a", "a"]}})"), HasSubstr("lists 'a' twice"));
  EXPECT_THAT(with(R"({"ops.t": {"key": [1]}})"), HasSubstr("key[0] must be a string"));
  EXPECT_THAT(with(R"({"ops.t": {"key": ["a"], "exclude": ["a"]}})"),
              HasSubstr("column 'a' is both in key and in exclude"));
}
TEST(Profile, UpgradeKeysAndTheirDefaults) {
  auto doc = minimal();
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
  EXPECT_THAT(doc_error(doc), HasSubstr("databases.upgraded is"));
  doc = minimal();
  doc["upgrade_steps"] = Json::array({{{"run", {"{bin}", "{nope}"}}}});
  EXPECT_THAT(doc_error(doc), HasSubstr("upgrade_steps[0].run[1]: unknown placeholder '{nope}'"));
  doc = minimal();
  doc["upgrade_steps"] = Json::array();
  EXPECT_THAT(doc_error(doc), HasSubstr("upgrade_steps must be a non-empty array"));
  doc = minimal();
  doc["databases"]["released"] = std::string(60, 'r');
  EXPECT_THAT(doc_error(doc), HasSubstr("name it in \"databases\": {\"upgraded\""));
}

// unstable_tables: per table a reason and an optional spread, checked like natural_keys.
std::string unstable_error(const Json& doc) {
  try {
    parse_profile(doc.dump(), "p.json");
  } catch (const Error& e) {
    return e.what();
  }
  return "accepted";
}

Json with_unstable(const char* value) {
  Json doc = testing_support::minimal_profile();
  doc["unstable_tables"] = Json::parse(value);
  return doc;
}

TEST(Profile, UnstableTablesParsedSortedWithAnOptionalSpread) {
  const Profile p =
      parse_profile(with_unstable(R"({"ops.runs": {"reason": "one row a run", "spread": 3},
                        "data.events": {"reason": "live API"}})")
                        .dump(),
                    "p.json");
  ASSERT_EQ(p.unstable_tables.size(), 2u);
  EXPECT_EQ(p.unstable_tables[0].schema, "data");
  EXPECT_EQ(p.unstable_tables[0].reason, "live API");
  EXPECT_FALSE(p.unstable_tables[0].spread);
  EXPECT_EQ(p.unstable_tables[1].table, "runs");
  EXPECT_EQ(p.unstable_tables[1].spread, std::optional<std::int64_t>(3));
  // It changes no collection: the collection key leaves it out.
  EXPECT_EQ(p.collection, parse_profile(testing_support::minimal_profile().dump(), "x").collection);
}

TEST(Profile, UnstableTablesMistakesAreOneLineNamingTheFix) {
  EXPECT_THAT(unstable_error(with_unstable("[]")), HasSubstr("unstable_tables is an object like"));
  EXPECT_THAT(unstable_error(with_unstable(R"({"ops.runs": {"spread": 3}})")),
              HasSubstr("unstable_tables.\"ops.runs\": give a \"reason\""));
  EXPECT_THAT(unstable_error(with_unstable(R"({"ops.runs": {"reason": ""}})")),
              HasSubstr("give a \"reason\""));
  EXPECT_THAT(unstable_error(with_unstable(R"({"ops.runs": {"reason": "x", "spread": -1}})")),
              HasSubstr("spread must be a whole number of rows, 0 or more"));
  EXPECT_THAT(unstable_error(with_unstable(R"({"ops.runs": {"reason": "x", "spread": 1.5}})")),
              HasSubstr("spread must be a whole number"));
  EXPECT_THAT(unstable_error(with_unstable(R"({"ops.runs": {"reason": "x", "sprad": 1}})")),
              HasSubstr("spread"));
  EXPECT_THAT(unstable_error(with_unstable(R"({"elsewhere.t": {"reason": "x"}})")),
              HasSubstr("schema 'elsewhere' is not one of the profile's schemas"));
}

}  // namespace
}  // namespace dt
