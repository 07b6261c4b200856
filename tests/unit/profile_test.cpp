// Profiles: the built-in one, every validation message, placeholder expansion, qualified names.
#include "profile.hpp"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "util/error.hpp"

namespace dt {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::ordered_json;

// A valid profile to mutate in each test.
Json minimal() {
  return Json::parse(R"({
    "name": "app",
    "build": ["make", "BIN={bin}"],
    "steps": [{"run": ["{bin}", "migrate"]}, {"copy_rows": "ops.keys"}, {"run": ["{bin}", "collect", "{repo}"]}],
    "schemas": ["data", "ops"],
    "databases": {"released": "app_released", "new": "app_new"}
  })");
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
  EXPECT_EQ(doc_error(doc),
            "profile 'p.json': unknown key 'stepz'; known keys: build, connection, databases, "
            "discovery_steps, name, repo_column, repo_lookup, schemas, steps");
  doc = minimal();
  doc["databases"]["old"] = "x";
  EXPECT_THAT(doc_error(doc), HasSubstr("unknown key 'databases.old'"));
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
  doc["steps"][0]["run"] = {"{bin}",  "{src}",    "{config}", "{repo}",
                            "{side}", "{work_dir}", "{dbname}", "{database_url}"};
  EXPECT_NO_THROW(parse_profile(doc.dump(), "p"));
  // The build runs once per side: every placeholder but {repo}.
  doc["build"] = {"{bin}", "{src}", "{config}", "{side}", "{work_dir}", "{dbname}",
                  "{database_url}"};
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

}  // namespace
}  // namespace dt
