// Secrets and bad input that must never cost a collection or leak: a token in the repo URL, a
// token in a key column named `value`, a Latin-1 argument, a profile nested 100,000 deep, an
// absurd heartbeat, and table names a SQL_ASCII server returns as bytes that are not UTF-8.
#include <filesystem>
#include <fstream>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "pg_cluster.hpp"
#include "support/e2e.hpp"
#include "support/safety.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

// Every text a run leaves behind: its output and its work dir's reports, state and logs.
std::string everything(const Result& r, const fs::path& work) {
  std::string all = r.out + r.err;
  for (const char* file :
       {"report.md", "report.json", "state.json", "logs/released.log", "logs/new.log"}) {
    if (fs::exists(work / file)) all += read_text(work / file);
  }
  return all;
}

void expect_one_error_line(const Result& r, const std::string& part) {
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_EQ(count_lines_starting(r.err, "data-test: error: "), 1) << r.err;
  EXPECT_NE(r.err.find(part), std::string::npos) << r.err;
}

TEST(NeverHarm, ATokenInTheRepoUrlIsNeverShown) {
  const auto clone = make_app_clone("harm-token", "");
  const auto work = fresh_dir("harm-token-work");
  const auto config = make_operator_config(work.parent_path());
  const auto steps = nlohmann::json::array({collector_step({"migrate"}),
                                            {{"copy_rows", "example_ops.api_keys"}},
                                            sh_step("echo cloning {repo}")});
  const auto profile = write_profile(work.parent_path(), fast_build(), steps);
  auto args = run_args(clone, work, config, profile);
  const std::string token = "ghp_urlToken7777abcd";
  args[3] = "https://ci-bot:" + token + "@git.example.invalid/org/app.git";
  const Result r = run_data_test(args);
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string all = everything(r, work);
  EXPECT_EQ(all.find(token), std::string::npos) << all;
  EXPECT_NE(r.out.find("[released] cloning https://ci-bot:********@git.example.invalid"),
            std::string::npos)
      << r.out;
  EXPECT_NE(read_text(work / "report.md")
                .find("- Test repo: https://ci-bot:***@git.example.invalid/org/app.git"),
            std::string::npos);
  EXPECT_EQ(read_report_json(work).at("repo"),
            "https://ci-bot:***@git.example.invalid/org/app.git");
}

TEST(NeverHarm, ATokenInAColumnNamedValueBesideKeyTypeIsMasked) {
  const auto clone = make_app_clone("harm-kv", "");
  const auto work = fresh_dir("harm-kv-work");
  const auto config = make_operator_config(work.parent_path(), "kv_primary");
  const std::string token = "ghp_valueColumn4242";
  exec_sql("kv_primary",
           "create table example_ops.keys (key_type text, value text); insert into "
           "example_ops.keys values ('github', '" +
               token + "')");
  const std::string show = "select value from example_ops.keys";
  const auto steps = nlohmann::json::array({
      sh_step("echo before; " + psql_script("kv_primary", show)),
      sh_step(psql_script("example_{side}",
                          "create schema example_ops; create table example_ops.keys (key_type "
                          "text, value text)")),
      {{"copy_rows", "example_ops.keys"}},
      sh_step("echo after; " + psql_script("example_{side}", show)),
  });
  const auto profile = write_profile(work.parent_path(), fast_build(), steps);
  // The steps name their database "example_{side}": an upgraded side ("example_upgraded") has
  // none, and this test is about the key's masking, not the upgrade.
  auto args = run_args(clone, work, config, profile);
  args.emplace_back("--no-upgrade");
  const Result r = run_data_test(args);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("[released] before\n[released] ********\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[new] after\n[new] ********\n"), std::string::npos) << r.out;
  EXPECT_EQ(everything(r, work).find(token), std::string::npos);
}

TEST(NeverHarm, ALatin1RepoArgumentIsRefusedBeforeAnyWork) {
  const auto clone = make_app_clone("harm-latin1", "");
  const auto work = fresh_dir("harm-latin1-work");
  const auto config = make_operator_config(work.parent_path());
  auto args = run_args(clone, work, config, example_profile());
  args[3] = "/srv/repos/caf\xe9";  // "café" typed on a Latin-1 terminal
  const Result r = run_data_test(args);
  expect_one_error_line(r, "is not valid UTF-8");
  EXPECT_NE(r.err.find("caf\\xe9"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::is_empty(work));
}

TEST(NeverHarm, AProfileNestedDeeperThanSenseIsOneLine) {
  const auto clone = make_app_clone("harm-deep", "");
  const auto work = fresh_dir("harm-deep-work");
  const auto config = make_operator_config(work.parent_path());
  const fs::path profile = work.parent_path() / "deep.json";
  std::ofstream(profile) << "{\"name\": " << std::string(100000, '[') << std::string(100000, ']')
                         << "}";
  const Result r = run_data_test(run_args(clone, work, config, profile));
  expect_one_error_line(r, "nested deeper than 64 levels");
}

TEST(NeverHarm, AnAbsurdHeartbeatIsRefused) {
  const auto clone = make_app_clone("harm-beat", "");
  const auto work = fresh_dir("harm-beat-work");
  const auto config = make_operator_config(work.parent_path());
  const Result r = run_data_test(run_args(clone, work, config, example_profile()), clone,
                                 {{"DATA_TEST_HEARTBEAT_SECONDS", "99999999999999"}});
  expect_one_error_line(r, "DATA_TEST_HEARTBEAT_SECONDS='99999999999999' is not a whole number");
  EXPECT_TRUE(fs::is_empty(work));
}

TEST(NeverHarm, AConnectTimeoutOutOfRangeIsRefusedBeforeAnythingStarts) {
  const auto clone = make_app_clone("harm-timeout", "");
  const auto work = fresh_dir("harm-timeout-work");
  const auto config = make_operator_config(work.parent_path());
  for (const char* bad : {"1", "3601", "-1"}) {
    const Result r = run_data_test(run_args(clone, work, config, example_profile()), clone,
                                   {{"PGCONNECT_TIMEOUT", bad}});
    expect_one_error_line(r, fmt::format("PGCONNECT_TIMEOUT='{}' is not a whole number", bad));
    EXPECT_TRUE(fs::is_empty(work)) << bad;
  }
}

TEST(NeverHarm, NamesThatAreNotUtf8StillGiveAFullReport) {
  // A SQL_ASCII server hands back table names as raw bytes.
  PgCluster ascii(ClusterOptions{false, "postgres", "", "SQL_ASCII"});
  ascii.exec("create database ascii_primary");
  const ConnParams p = ascii.params();
  const auto dir = fresh_dir("harm-ascii");
  const fs::path pass = dir / "pgpass";
  std::ofstream(pass) << fmt::format("*:*:*:{}:{}\n", p.user, p.password);
  fs::permissions(pass, fs::perms::owner_read | fs::perms::owner_write);
  const fs::path config = dir / "config.json";
  std::ofstream(config) << nlohmann::json{{"database",
                                           {{"host", p.host},
                                            {"port", p.port},
                                            {"user", p.user},
                                            {"password", p.password},
                                            {"dbname", "ascii_primary"}}}}
                               .dump();
  // Released writes two rows into example_data."caf\xe9", new writes one: a FAIL.
  const std::string script = fmt::format(
      "name=$(printf 'caf\\351'); if [ {{side}} = released ]; then n=2; else n=1; fi; "
      "PGPASSFILE='{}' PGCLIENTENCODING=SQL_ASCII psql -X -v ON_ERROR_STOP=1 -q "
      "'host={} port={} user={} dbname=example_{{side}}' -c \"create schema example_data; create "
      "table example_data.\\\"$name\\\" (id int); insert into example_data.\\\"$name\\\" select "
      "generate_series(1, $n)\"",
      pass.string(), p.host, p.port, p.user);
  const auto profile = write_profile(dir, fast_build(), nlohmann::json::array({sh_step(script)}));
  const auto clone = make_app_clone("harm-ascii", "");
  auto args = run_args(clone, dir / "w", config, profile);
  args.push_back("--gtest_output=xml:" + (dir / "w" / "gtest.xml").string());
  const Result r = run_data_test(args);
  EXPECT_EQ(r.status, 1) << r.out << r.err;  // a data loss: a result, not a crash
  const auto report = read_report_json(dir / "w");
  EXPECT_EQ(report.at("complete"), true);
  EXPECT_EQ(verdict_of(report, "example_data.caf\\xe9"), "FAIL") << report.dump(2);
  EXPECT_NE(read_text(dir / "w" / "report.md").find("caf\\\\xe9"), std::string::npos);
  EXPECT_TRUE(fs::exists(dir / "w" / "state.json"));
  EXPECT_NE(read_text(dir / "w" / "gtest.xml").find("caf\\xe9"), std::string::npos);
}

// Issue 23, item 11: table names are data, and the collector (or whoever shares the schema)
// chooses them. One holds terminal escapes (clear the screen, ring the bell), one is markup.
// Neither reaches the terminal raw, and report.md shows the markup as text.
TEST(NeverHarm, TableNamesWithEscapesOrMarkupAreShownNeverObeyed) {
  const auto dir = fresh_dir("harm-names");
  const auto config = make_operator_config(dir);
  const std::string script =
      "if [ {side} = released ]; then n=2; else n=1; fi; " +
      psql_script("{dbname}",
                  "create schema if not exists example_data; "
                  "create table example_data.\\\"<script>alert(1)</script>\\\" (id int); "
                  "create table example_data.U&\\\"esc\\001B[2Jx\\0007\\\" (id int); "
                  "insert into example_data.\\\"<script>alert(1)</script>\\\" select "
                  "generate_series(1, $n); "
                  "insert into example_data.U&\\\"esc\\001B[2Jx\\0007\\\" select "
                  "generate_series(1, $n)");
  const auto profile = write_profile(dir, fast_build(), nlohmann::json::array({sh_step(script)}));
  const auto clone = make_app_clone("harm-names", "");
  const Result r = run_data_test(run_args(clone, dir / "w", config, profile));
  ASSERT_EQ(r.status, 1) << r.out << r.err;
  const auto report = read_report_json(dir / "w");
  EXPECT_EQ(verdict_of(report, "example_data.<script>alert(1)</script>"), "FAIL") << report.dump(2);
  // The upgrade runs the same step on a copy that has the tables: its CREATE fails, and the
  // failing output, names and all, is shown in report.md too (checked below).
  EXPECT_EQ(report.at("upgrade").at("migration"), "failed") << report.at("upgrade").dump();
  for (const char raw : {'\x1b', '\x07'}) {
    EXPECT_EQ(r.out.find(raw), std::string::npos) << r.out;
    EXPECT_EQ(r.err.find(raw), std::string::npos) << r.err;
  }
  EXPECT_NE(r.out.find("esc\\x1b[2Jx\\x07"), std::string::npos) << r.out;
  const std::string md = read_text(dir / "w" / "report.md");
  EXPECT_NE(md.find("\\<script>alert(1)\\</script>"), std::string::npos) << md;
  for (auto at = md.find('<'); at != std::string::npos; at = md.find('<', at + 1)) {
    EXPECT_TRUE(at > 0 && md[at - 1] == '\\') << "a raw '<' at " << at << " of:\n" << md;
  }
  EXPECT_EQ(md.find('\x1b'), std::string::npos) << md;
}

}  // namespace
}  // namespace dt::e2e
