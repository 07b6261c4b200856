// Adoption beyond Aveloxis (issue 14), end to end on the real binary: an application that gets
// its database only from DATABASE_URL and is described by a data-test.json at its root, and the
// bundled example collected from two test repositories with a per-repository breakdown.
#include <fstream>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "support/adoption.hpp"
#include "support/e2e.hpp"
#include "support/safety.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

TEST(UrlApp, DatabaseUrlOnlyDataTestJsonAtRootFailFlagPass) {
  const fs::path source = DATA_TEST_EXAMPLE_APP_URL;
  const auto clone = make_clone_of(source, "urlapp", source / "scenarios" / "demo.patch");
  ASSERT_TRUE(fs::exists(clone / "data-test.json"));
  const auto work = fresh_dir("urlapp-work");
  make_database("urlapp_primary");
  const std::string url = database_url("urlapp_primary");
  // No --profile, no --config: data-test.json at the root, DATABASE_URL in the environment.
  const Result result = run_data_test_env(
      {"--released-tag", "v1.0", "--repo", history_repo().string(), "--work-dir", work.string()},
      {{"DATABASE_URL", url}}, clone);
  ASSERT_EQ(result.status, 1) << result.out << result.err;

  const auto report = read_report_json(work);
  EXPECT_EQ(report.at("profile"), "urlapp");
  EXPECT_EQ(verdict_of(report, "urlapp.commits"), "FAIL");  // merges rejected by a new CHECK
  EXPECT_EQ(verdict_of(report, "urlapp.tags"), "FLAG");     // a new table the collector fills
  EXPECT_EQ(verdict_of(report, "urlapp.authors"), "PASS");
  EXPECT_EQ(verdict_of(report, "urlapp.repos"), "PASS");
  for (const auto& row : report.at("tables")) {
    if (row.at("table") == "commits") {
      EXPECT_EQ(row.at("released_rows"), 60);
      EXPECT_EQ(row.at("new_rows"), 58);  // the two merge commits
    }
  }
  // Each side reached its own scratch database through the URL without a password (the ping
  // step) and through DATABASE_URL; the primary was left alone.
  for (const char* side : {"released", "new"}) {
    const std::string log = read_text(work / "logs" / (std::string(side) + ".log"));
    EXPECT_NE(log.find(fmt::format("urlapp: ping urlapp_{}", side)), std::string::npos) << log;
  }
  EXPECT_EQ(
      query_one("urlapp_primary", "select count(*) from pg_namespace where nspname = 'urlapp'"),
      "0");
  // The password is in no argv, output, log or report; the passfiles are gone.
  const std::string password = cluster().params().password;
  for (const std::string& text :
       {result.out, result.err, read_text(work / "report.md"), report.dump(),
        read_text(work / "logs" / "released.log"), read_text(work / "logs" / "new.log")}) {
    EXPECT_EQ(text.find(password), std::string::npos);
  }
  EXPECT_FALSE(fs::exists(work / "config" / "released.pgpass"));
  EXPECT_FALSE(fs::exists(work / "config" / "new.pgpass"));
  EXPECT_FALSE(fs::exists(work / "config" / "released.json"));  // no config file at all
}

TEST(UrlApp, WithoutDatabaseUrlTheRunStopsBeforeBuilding) {
  const fs::path source = DATA_TEST_EXAMPLE_APP_URL;
  const auto clone = make_clone_of(source, "urlapp-nourl", "");
  const auto work = fresh_dir("urlapp-nourl-work");
  const Result result = run_data_test_env(
      {"--released-tag", "v1.0", "--repo", history_repo().string(), "--work-dir", work.string()},
      {{"DATABASE_URL", ""}}, clone);
  EXPECT_EQ(result.status, 2) << result.out << result.err;
  EXPECT_NE(result.err.find("environment variable DATABASE_URL is not set"), std::string::npos)
      << result.err;
  EXPECT_FALSE(fs::exists(work / "bin"));
}

// The bundled example, two test repositories, a CHECK that rejects prerelease tags: only the
// first repository has one, so only it loses rows, and the report says so per repository.
TEST(SeveralRepos, FailNamedPerRepoAndCountsAddUp) {
  const auto clone = make_app_clone("two-repos", "prerelease_check");
  const auto work = fresh_dir("two-repos-work");
  const auto config = make_operator_config(work.parent_path());
  const auto profile = per_repo_profile(work.parent_path());
  const std::string first = history_repo().string();
  const std::string second = second_history_repo().string();
  const fs::path xml = work.parent_path() / "gtest.xml";
  const Result result =
      run_data_test({"--released-tag", "v1.0", "--repo", first, "--repo", second, "--source-dir",
                     clone.string(), "--config", config.string(), "--profile", profile.string(),
                     "--work-dir", work.string(), "--gtest_output=xml:" + xml.string()});
  ASSERT_EQ(result.status, 1) << result.out << result.err;

  const auto report = read_report_json(work);
  EXPECT_EQ(report.at("repos"), nlohmann::json::array({first, second}));
  EXPECT_EQ(verdict_of(report, "example_data.tags"), "FAIL");
  // Both repositories were added and collected on both sides, in order.
  for (const auto& row : report.at("tables")) {
    const std::string qualified =
        row.at("schema").get<std::string>() + "." + row.at("table").get<std::string>();
    if (qualified == "example_data.repos") {
      EXPECT_EQ(row.at("released_rows"), 2);
      EXPECT_EQ(row.at("new_rows"), 2);
    }
    if (qualified != "example_data.tags") {
      EXPECT_EQ(row.at("verdict"), "PASS") << qualified;
    }
    // Per-repository counts add up to the table's, on both sides.
    const auto& by_repo = row.at("by_repo");
    if (by_repo.empty()) continue;
    long released = 0, fresh = 0;
    for (const auto& repo : by_repo) {
      released += repo.at("released_rows").get<long>();
      fresh += repo.at("new_rows").get<long>();
    }
    EXPECT_EQ(released, row.at("released_rows").get<long>()) << qualified;
    EXPECT_EQ(fresh, row.at("new_rows").get<long>()) << qualified;
    if (qualified == "example_data.tags") {
      ASSERT_EQ(by_repo.size(), 2u) << by_repo.dump();
      EXPECT_EQ(by_repo[0].at("repo"), first);
      EXPECT_EQ(by_repo[0].at("released_rows"), 4);
      EXPECT_EQ(by_repo[0].at("new_rows"), 3);  // v0.3.0-rc1 rejected
      EXPECT_EQ(by_repo[0].at("verdict"), "FAIL");
      EXPECT_EQ(by_repo[1].at("repo"), second);
      EXPECT_EQ(by_repo[1].at("released_rows"), 2);
      EXPECT_EQ(by_repo[1].at("new_rows"), 2);
      EXPECT_EQ(by_repo[1].at("verdict"), "PASS");
      EXPECT_EQ(row.at("repos_losing"), nlohmann::json::array({first}));
    }
  }
  // Tables without repo_id have no breakdown; those with it have one.
  for (const auto& row : report.at("tables")) {
    const bool has_column = row.at("table") == "commits" || row.at("table") == "tags" ||
                            row.at("table") == "repos" || row.at("table") == "Tag Labels";
    EXPECT_EQ(!row.at("by_repo").empty(), has_column && row.at("schema") == "example_data")
        << row.dump();
  }
  // report.md: the column and the per-repository section; GoogleTest: the property.
  const std::string md = read_text(work / "report.md");
  EXPECT_NE(md.find("| Repos losing |"), std::string::npos) << md;
  EXPECT_NE(md.find(fmt::format("| example_data | tags | 6 | 5 | -1 | {} |", first)),
            std::string::npos)
      << md;
  EXPECT_NE(md.find(fmt::format("- Test repos: {}, {}", first, second)), std::string::npos);
  EXPECT_NE(md.find(fmt::format("| example_data | tags | {} | 2 | 2 | 0 | PASS |", second)),
            std::string::npos)
      << md;
  EXPECT_EQ(xml_property(xml, "example_data", "tags", "repos_losing"), first);
  EXPECT_EQ(xml_property(xml, "example_data", "commits", "repos_losing"), "");
  EXPECT_NE(result.out.find("lost in " + first + ": released=4 new=3"), std::string::npos)
      << result.out;
}

TEST(SeveralRepos, ARepeatedRepoIsRefusedNotSilentlyDropped) {
  const auto clone = make_app_clone("dup-repo", "");
  const auto work = fresh_dir("dup-repo-work");
  const auto config = make_operator_config(work.parent_path());
  auto args = standard_args(clone, work, config);
  args.insert(args.end(), {"--repo", history_repo().string()});
  const Result result = run_data_test(args);
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.err.find("is given twice"), std::string::npos) << result.err;
}

// The other two ways an application finds its database, end to end with psql as the
// "application": a YAML config rewritten in place, and libpq's PG* variables. Each step checks
// what it was given and fills a table through the password-less {database_url} or the PG*
// variables, the password coming from the private PGPASSFILE.
nlohmann::json psql_profile(const std::string& name, const nlohmann::json& connection,
                            const std::string& check) {
  const std::string fill =
      "psql -X -q -v ON_ERROR_STOP=1 {target} -c 'create table if not exists public.t (x int); "
      "insert into public.t select generate_series(1, 3)'";
  return {{"name", name},
          {"connection", connection},
          {"build", {"ln", "-s", "/bin/true", "{bin}"}},
          {"steps", {{{"run", {"sh", "-c", check + " && " + fill}}}}},
          {"schemas", {"public"}},
          {"databases", {{"released", name + "_released"}, {"new", name + "_new"}}}};
}

// A connection from config/db.yml, its keys under `production`.
nlohmann::json yaml_connection() {
  return {{"from", "file"},
          {"path", "config/db.yml"},
          {"keys",
           {{"host", "production.host"},
            {"port", "production.port"},
            {"user", "production.username"},
            {"password", "production.password"},
            {"dbname", "production.database"}}}};
}

void write_json(const fs::path& path, const nlohmann::json& doc) {
  std::ofstream(path) << doc.dump(2);
}

TEST(ConnectionKinds, YamlConfigRewrittenInPlace) {
  const auto clone = make_app_clone("yamlapp", "");
  make_database("yamlapp_primary");
  const ConnParams p = cluster().params("yamlapp_primary");
  fs::create_directories(clone / "config");
  std::ofstream(clone / "config" / "db.yml")
      << "# the operator's settings\ndefault: &default\n  host: " << p.host
      << "\n  port: " << p.port << "\n  username: " << p.user << "\n  password: \"" << p.password
      << "\"\n\nproduction:\n  <<: *default\n  database: yamlapp_primary  # keep this comment\n"
      << "  pool: 5\n";
  auto profile = psql_profile("yamlapp", yaml_connection(),
                              "grep -q 'database: \"{dbname}\"  # keep this comment' {config} && "
                              "grep -q '<<: \\*default' {config}");
  std::string steps = profile["steps"][0]["run"][2];
  steps.replace(steps.find("{target}"), 8, "\"{database_url}\"");
  profile["steps"][0]["run"][2] = steps;
  write_json(clone / "data-test.json", profile);
  const auto work = fresh_dir("yamlapp-work");
  const Result result = run_data_test({"--released-tag", "v1.0", "--repo", history_repo().string(),
                                       "--work-dir", work.string(), "--keep-dbs"},
                                      clone);
  ASSERT_EQ(result.status, 0) << result.out << result.err;
  const auto report = read_report_json(work);
  EXPECT_EQ(verdict_of(report, "public.t"), "PASS");
  EXPECT_EQ(query_one("yamlapp_new", "select count(*) from public.t"), "3");
  // The kept scratch copy: only the database's value differs from the operator's file.
  const std::string original = read_text(clone / "config" / "db.yml");
  std::string expected = original;
  expected.replace(expected.find("yamlapp_primary"), 15, "\"yamlapp_new\"");
  EXPECT_EQ(read_text(work / "config" / "new.yml"), expected);
  const Result dropped = run_data_test({"--drop-dbs-only", "--work-dir", work.string()}, clone);
  EXPECT_EQ(dropped.status, 0) << dropped.err;
  EXPECT_FALSE(database_exists("yamlapp_new"));
}

TEST(ConnectionKinds, AYamlAliasBombIsRefusedByCheckAndBeforeAnythingIsMade) {
  const auto clone = make_app_clone("yamlbomb", "");
  const ConnParams p = cluster().params("postgres");
  fs::create_directories(clone / "config");
  // Nine aliases per level, ten levels: 9^10 nodes behind a few hundred bytes. Proving the
  // scratch copy's rewrite compares the whole tree (the audit's run hung in phase 3).
  std::ofstream yml(clone / "config" / "db.yml");
  yml << "l0: &l0 [x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 10; ++i) {
    yml << "l" << i << ": &l" << i << " [";
    for (int k = 0; k < 9; ++k) yml << (k == 0 ? "" : ", ") << "*l" << i - 1;
    yml << "]\n";
  }
  yml << "production:\n  host: " << p.host << "\n  port: " << p.port << "\n  username: " << p.user
      << "\n  password: \"" << p.password << "\"\n  database: postgres\n";
  yml.close();
  auto profile = psql_profile("yamlbomb", yaml_connection(), "true");
  std::string step = profile["steps"][0]["run"][2];
  step.replace(step.find("{target}"), 8, "\"{database_url}\"");
  profile["steps"][0]["run"][2] = step;
  write_json(clone / "data-test.json", profile);
  const Result checked = run_data_test(
      {"--check", "--released-tag", "v1.0", "--repo", history_repo().string()}, clone);
  EXPECT_EQ(checked.status, 2) << checked.out << checked.err;
  EXPECT_NE((checked.out + checked.err).find("expand to more than 200000 nodes"), std::string::npos)
      << checked.out << checked.err;
  const auto work = fresh_dir("yamlbomb-work");
  const Result run = run_data_test(
      {"--released-tag", "v1.0", "--repo", history_repo().string(), "--work-dir", work.string()},
      clone);
  EXPECT_EQ(run.status, 2) << run.err;
  EXPECT_NE(run.err.find("expand to more than 200000 nodes"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("phase 1/"), std::string::npos) << run.err;
  EXPECT_FALSE(database_exists("yamlbomb_released"));
  EXPECT_FALSE(database_exists("yamlbomb_new"));
}

TEST(ConnectionKinds, LibpqVariables) {
  const auto clone = make_app_clone("pgenv", "");
  make_database("pgenv_primary");
  auto profile = psql_profile("pgenv", {{"from", "libpq_env"}},
                              R"(test "$PGDATABASE" = {dbname} && test -n "$PGPASSFILE")");
  std::string steps = profile["steps"][0]["run"][2];
  steps.replace(steps.find("{target}"), 8, "");
  profile["steps"][0]["run"][2] = steps;
  write_json(clone / "data-test.json", profile);
  const ConnParams p = cluster().params("pgenv_primary");
  const auto work = fresh_dir("pgenv-work");
  const Result result = run_data_test_env(
      {"--released-tag", "v1.0", "--repo", history_repo().string(), "--work-dir", work.string()},
      {{"PGHOST", p.host},
       {"PGPORT", p.port},
       {"PGUSER", p.user},
       {"PGPASSWORD", p.password},
       {"PGDATABASE", "pgenv_primary"}},
      clone);
  ASSERT_EQ(result.status, 0) << result.out << result.err;
  EXPECT_EQ(verdict_of(read_report_json(work), "public.t"), "PASS");
  EXPECT_EQ(result.err.find(p.password), std::string::npos);
}

}  // namespace
}  // namespace dt::e2e
