// The operator's config: reading the database section, scratch copies that change only
// database.dbname, and private (0600) files.
#include "app_config.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/files.hpp"

#include "util/error.hpp"
#include "util/file.hpp"
#include "util/redact.hpp"

namespace dt {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using Json = nlohmann::ordered_json;

// A config with every kind of JSON value, in an order that is not alphabetical.
const char* const kConfig = R"({
  "zeta": {"nested": {"deep": [1, 2.5, -3, 1e300, true, false, null, "é ✓ \u0001"]}},
  "database": {"user": "augur", "port": 5432, "host": "localhost",
                "password": "s3cret-pass", "dbname": "augur", "sslmode": "prefer",
                "extra": {"b": 1, "a": 2}},
  "github": {"api_keys": ["k1", "k2"], "base_url": "https://api.github.com"},
  "alpha": 18446744073709551615,
  "collection": {"days_until_recollect": 1, "workers": 12, "force_full": false}
})";

std::string error_of(std::string_view text) {
  try {
    parse_app_config(text, "/etc/aveloxis.json");
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "parse_app_config accepted: " << text;
  return {};
}

using dt::testing_support::TempDir;

TEST(AppConfig, ReadsDatabaseSection) {
  const auto config = parse_app_config(kConfig, "/etc/aveloxis.json");
  EXPECT_EQ(config.path, "/etc/aveloxis.json");
  EXPECT_EQ(config.db.host, "localhost");
  EXPECT_EQ(config.db.port, "5432");
  EXPECT_EQ(config.db.user, "augur");
  EXPECT_EQ(config.db.password, "s3cret-pass");
  EXPECT_EQ(config.db.dbname, "augur");
  EXPECT_EQ(config.db.sslmode, "prefer");
}

TEST(AppConfig, RegistersPasswordAsSecret) {
  parse_app_config(R"({"database": {"dbname": "d", "password": "unique-pw-8271"}})", "c.json");
  EXPECT_EQ(redact::scrub("pw=unique-pw-8271"), "pw=********");
}

TEST(AppConfig, OptionalFieldsAndPortAsString) {
  const auto config =
      parse_app_config(R"({"database": {"dbname": "d", "port": "6543", "host": null}})", "c");
  EXPECT_EQ(config.db.port, "6543");
  EXPECT_EQ(config.db.host, "");
  EXPECT_EQ(config.db.user, "");
  EXPECT_EQ(config.db.password, "");
  EXPECT_EQ(config.db.sslmode, "");
}

TEST(AppConfig, MalformedJsonHasLineAndColumn) {
  EXPECT_EQ(error_of("{\n  \"database\": {\n    \"dbname\": \"x\",,\n  }\n}")
                .rfind("config '/etc/aveloxis.json': invalid JSON at line 3, column 19: ", 0),
            0u);
  const auto message = error_of("{\"database\": ");
  EXPECT_THAT(message, HasSubstr("line 1, column 14"));
  EXPECT_THAT(message, HasSubstr("; fix the file"));
}

TEST(AppConfig, SyntaxErrorNeverQuotesThePassword) {
  // An unterminated string right after the password: nlohmann would quote it as "last read".
  const auto message = error_of("{\"database\": {\"password\": \"hunter2-secret\n\"}}");
  EXPECT_THAT(message, HasSubstr("invalid JSON at line 1"));
  EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
}

TEST(AppConfig, MissingDatabaseSection) {
  const std::string expected =
      "config '/etc/aveloxis.json': no \"database\" section; add {\"database\": {\"host\", "
      "\"port\", \"user\", \"password\", \"dbname\"}}";
  EXPECT_EQ(error_of(R"({"github": {}})"), expected);
  EXPECT_EQ(error_of("[]"), expected);
  EXPECT_THAT(error_of(R"({"database": "augur"})"), HasSubstr("\"database\" must be an object"));
}

TEST(AppConfig, DbnameRequired) {
  EXPECT_THAT(error_of(R"({"database": {"host": "h"}})"), HasSubstr("database.dbname is missing"));
  EXPECT_THAT(error_of(R"({"database": {"dbname": ""}})"), HasSubstr("database.dbname is missing"));
  EXPECT_THAT(error_of(R"({"database": {"dbname": 5}})"),
              HasSubstr("database.dbname must be a string, got number"));
}

TEST(AppConfig, WrongTypes) {
  EXPECT_THAT(error_of(R"({"database": {"dbname": "d", "port": 70000}})"),
              HasSubstr("database.port must be a port number (1-65535), got 70000"));
  EXPECT_THAT(error_of(R"({"database": {"dbname": "d", "port": 54.5}})"),
              HasSubstr("database.port must be a port number"));
  EXPECT_THAT(error_of(R"({"database": {"dbname": "d", "user": ["a"]}})"),
              HasSubstr("database.user must be a string, got array"));
}

TEST(ScratchConfig, OnlyDbnameChanges) {
  const auto config = parse_app_config(kConfig, "c.json");
  const std::string text = scratch_config_text(config, "aveloxis_released");
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');

  // Deep compare: the parsed copy equals the original with only dbname replaced.
  auto expected = Json::parse(kConfig);
  expected["database"]["dbname"] = "aveloxis_released";
  const auto actual = Json::parse(text);
  EXPECT_EQ(actual, expected);
  EXPECT_NE(actual, Json::parse(kConfig));
  // Numbers keep their kind: the big unsigned stays exact and 2.5 stays a float.
  EXPECT_EQ(actual["alpha"].get<std::uint64_t>(), 18446744073709551615u);
  EXPECT_TRUE(actual["zeta"]["nested"]["deep"][1].is_number_float());
  EXPECT_TRUE(actual["zeta"]["nested"]["deep"][6].is_null());
  EXPECT_EQ(actual["zeta"]["nested"]["deep"][7], "é ✓ \u0001");

  // Key order in the text is the original order, at every level.
  const auto at = [&](const char* needle) { return text.find(needle); };
  EXPECT_LT(at("\"zeta\""), at("\"database\""));
  EXPECT_LT(at("\"database\""), at("\"github\""));
  EXPECT_LT(at("\"github\""), at("\"alpha\""));
  EXPECT_LT(at("\"alpha\""), at("\"collection\""));
  EXPECT_LT(at("\"user\""), at("\"port\""));
  EXPECT_LT(at("\"port\""), at("\"host\""));
  EXPECT_LT(at("\"host\""), at("\"password\""));
  EXPECT_LT(at("\"sslmode\""), at("\"extra\""));
  EXPECT_LT(at("\"b\": 1"), at("\"a\": 2"));
  std::vector<std::string> keys;
  for (const auto& item : actual.items()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"zeta", "database", "github", "alpha", "collection"}));
  // Two-space indentation, unicode kept as UTF-8.
  EXPECT_EQ(text.rfind("{\n  \"zeta\": {\n    \"nested\"", 0), 0u);
  EXPECT_THAT(text, HasSubstr("\"é ✓ \\u0001\""));
  EXPECT_THAT(text, HasSubstr("\"dbname\": \"aveloxis_released\""));
  EXPECT_EQ(text.find("\"dbname\": \"augur\""), std::string::npos);
}

TEST(ScratchConfig, OriginalConfigUntouched) {
  const auto config = parse_app_config(kConfig, "c.json");
  scratch_config_text(config, "other");
  EXPECT_EQ(config.doc["database"]["dbname"], "augur");
}

TEST(LoadAppConfig, ReadsFileAndReportsMissingFile) {
  TempDir dir;
  const auto path = dir.path() / "aveloxis.json";
  file::write_private(path, kConfig);
  const auto config = load_app_config(path);
  EXPECT_EQ(config.db.dbname, "augur");
  EXPECT_EQ(config.path, path);
  try {
    load_app_config(dir.path() / "nope.json");
    FAIL() << "missing config loaded";
  } catch (const Error& e) {
    EXPECT_THAT(std::string(e.what()),
                HasSubstr("config '" + (dir.path() / "nope.json").string() + "': cannot read ("));
  }
}

// --- issue 14: any config layout, YAML, a URL key, and the environment ---

Connection yaml_connection() {
  Connection how;
  how.format = "yaml";
  how.keys = {{"host", "production.host"},
              {"port", "production.port"},
              {"user", "production.username"},
              {"password", "production.password"},
              {"dbname", "production.database"}};
  return how;
}

const char* const kYaml = R"(# Rails-style database.yml
default: &default
  host: /run/postgresql
  port: 5432
  username: augur
  password: "yaml-s3cret"

production:
  <<: *default
  database: app_prod   # the primary
  pool: 5
)";

TEST(AppConfigYaml, ReadsFieldsAtTheirKeyPaths) {
  const auto config = parse_app_config(kYaml, "db.yml", yaml_connection());
  EXPECT_EQ(config.db.host, "/run/postgresql");
  EXPECT_EQ(config.db.port, "5432");
  EXPECT_EQ(config.db.user, "augur");
  EXPECT_EQ(config.db.password, "yaml-s3cret");
  EXPECT_EQ(config.db.dbname, "app_prod");
  EXPECT_EQ(redact::scrub("x yaml-s3cret y").find("yaml-s3cret"), std::string::npos);
}

TEST(AppConfigYaml, ScratchCopyChangesOnlyTheDatabaseInPlace) {
  const auto config = parse_app_config(kYaml, "db.yml", yaml_connection());
  const std::string text = scratch_config_text(config, "app_released");
  std::string expected = kYaml;
  expected.replace(expected.find("app_prod"), 8, "\"app_released\"");
  EXPECT_EQ(text, expected);  // comments, anchor, merge key and order all kept
  EXPECT_EQ(parse_app_config(text, "db.yml", yaml_connection()).db.dbname, "app_released");
}

TEST(AppConfigYaml, MissingDatabaseKeyIsNamed) {
  auto how = yaml_connection();
  how.keys["dbname"] = "staging.database";
  try {
    parse_app_config(kYaml, "db.yml", how);
    FAIL();
  } catch (const Error& e) {
    EXPECT_THAT(std::string(e.what()),
                HasSubstr("config 'db.yml': staging.database is missing or empty"));
  }
}

TEST(AppConfigKeys, CustomJsonKeyPathsAndUrlKey) {
  Connection how;
  how.keys = {{"url", "db.url"}, {"dbname", "db.name"}};
  const std::string text =
      R"({"app": 1, "db": {"url": "postgresql://u:url-s3cret@h:5433/main?sslmode=require"}})";
  const auto config = parse_app_config(text, "c.json", how);
  EXPECT_EQ(config.db.host, "h");
  EXPECT_EQ(config.db.port, "5433");
  EXPECT_EQ(config.db.password, "url-s3cret");
  EXPECT_EQ(config.db.dbname, "main");
  EXPECT_EQ(config.db.sslmode, "require");
  // The scratch copy rewrites the URL's database and adds no "name" key the file did not have.
  const auto scratch = Json::parse(scratch_config_text(config, "main_new"));
  EXPECT_FALSE(scratch["db"].contains("name"));
  EXPECT_EQ(scratch["app"], 1);
  const auto url = parse_url(scratch["db"]["url"].get<std::string>(), "u");
  EXPECT_EQ(url.dbname, "main_new");
  EXPECT_EQ(url.password, "url-s3cret");
  EXPECT_EQ(url.sslmode, "require");
  EXPECT_EQ(url.host, "h");
}

TEST(AppConfigEnv, UrlFromTheVariableTheProfileNames) {
  Connection how;
  how.from = Connection::From::url_env;
  how.variable = "APP_DB";
  const std::map<std::string, std::string> env = {
      {"APP_DB", "postgresql://app:env-s3cret@db:5432/appdb"}};
  const auto getenv = [&](const char* name) -> const char* {
    const auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  };
  const auto config = primary_from_environment(how, getenv);
  EXPECT_TRUE(config.path.empty());
  EXPECT_EQ(config.db.dbname, "appdb");
  EXPECT_EQ(config.db.password, "env-s3cret");
  EXPECT_EQ(redact::scrub("env-s3cret").find("s3cret"), std::string::npos);

  // Each side: the variable points at its scratch database; the password reaches the child
  // through its environment (the URL, and a passfile), never through argv.
  ConnParams scratch = config.db;
  scratch.dbname = "appdb_new";
  const auto side = side_environment(config, scratch, "/w/config/new.pgpass");
  EXPECT_EQ(parse_url(side.at("APP_DB"), "u").dbname, "appdb_new");
  EXPECT_EQ(parse_url(side.at("APP_DB"), "u").password, "env-s3cret");
  EXPECT_EQ(side.at("PGPASSFILE"), "/w/config/new.pgpass");
  EXPECT_EQ(side.count("PGDATABASE"), 0u);
}

TEST(AppConfigEnv, MissingOrEmptyVariableSaysWhatToExport) {
  Connection how;
  how.from = Connection::From::url_env;
  const auto none = [](const char*) -> const char* { return nullptr; };
  try {
    primary_from_environment(how, none);
    FAIL();
  } catch (const Error& e) {
    EXPECT_THAT(std::string(e.what()),
                HasSubstr("environment variable DATABASE_URL is not set; the profile's "
                          "connection reads the database from it"));
  }
  const auto no_db = [](const char*) -> const char* { return "postgresql://u@h:5432"; };
  EXPECT_THROW(primary_from_environment(how, no_db), Error);
}

TEST(AppConfigEnv, LibpqVariables) {
  Connection how;
  how.from = Connection::From::libpq_env;
  const std::map<std::string, std::string> env = {{"PGHOST", "/sock"},
                                                  {"PGPORT", "5433"},
                                                  {"PGUSER", "op"},
                                                  {"PGPASSWORD", "pg-s3cret"},
                                                  {"PGDATABASE", "prod"}};
  const auto getenv = [&](const char* name) -> const char* {
    const auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  };
  const auto config = primary_from_environment(how, getenv);
  EXPECT_EQ(config.db.host, "/sock");
  EXPECT_EQ(config.db.dbname, "prod");
  EXPECT_EQ(config.db.password, "pg-s3cret");
  ConnParams scratch = config.db;
  scratch.dbname = "prod_released";
  const auto side = side_environment(config, scratch, "/w/p");
  EXPECT_EQ(side.at("PGDATABASE"), "prod_released");
  EXPECT_EQ(side.at("PGHOST"), "/sock");
  EXPECT_EQ(side.at("PGPORT"), "5433");
  EXPECT_EQ(side.at("PGUSER"), "op");
  EXPECT_EQ(side.count("PGPASSWORD"), 0u);  // through the passfile
  EXPECT_EQ(side.at("PGPASSFILE"), "/w/p");
  const auto none = [](const char*) -> const char* { return nullptr; };
  EXPECT_THROW(primary_from_environment(how, none), Error);
}

TEST(AppConfigEnv, PassfileEscapesAndFileConnectionsGetOnlyThePassfile) {
  ConnParams p;
  p.user = "a:b";
  p.password = "c\\d:e";
  EXPECT_EQ(passfile_text(p), "*:*:*:a\\:b:c\\\\d\\:e\n");
  const auto config = parse_app_config(kConfig, "c.json");
  const auto side = side_environment(config, config.db, "/w/p");
  EXPECT_EQ(side, (std::map<std::string, std::string>{{"PGPASSFILE", "/w/p"}}));
  ConnParams no_password = config.db;
  no_password.password.clear();
  EXPECT_TRUE(side_environment(config, no_password, "/w/p").empty());
}

}  // namespace
}  // namespace dt
