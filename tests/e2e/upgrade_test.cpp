// Issue 25, the upgrade: the released collection copied and migrated by the new version's
// upgrade steps, compared table by table. Each upgrade scenario of the example application
// (tests/example_app/scenarios/upgrade.json) end to end, its verdicts checked against counts and
// catalogs this test reads itself; and what an upgrade never does: touch the released data or a
// snapshot, or leave anything behind.
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "support/e2e.hpp"
#include "support/live_child.hpp"
#include "support/safety.hpp"
#include "util/process.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

const char* kUpgraded = "example_released_upgraded";

nlohmann::json expectations() {
  return nlohmann::json::parse(
      read_text(std::string(DATA_TEST_EXAMPLE_APP) + "/scenarios/upgrade.json"));
}

std::string quoted(const std::string& schema, const std::string& table) {
  return "\"" + schema + "\".\"" + table + "\"";
}

long count_rows(const std::string& db, const std::string& schema, const std::string& table) {
  return std::stol(query_one(db, "select count(*) from " + quoted(schema, table)));
}

bool has_column(const std::string& db, const std::string& schema, const std::string& table,
                const std::string& column) {
  return query_one(db, "select count(*) from pg_attribute where attrelid = '" +
                           quoted(schema, table) + "'::regclass and attname = '" + column +
                           "' and not attisdropped") == "1";
}

struct Outcome {  // NOLINT(bugprone-exception-escape): json's default constructor never throws
  Result result;
  fs::path work;
  nlohmann::json report;
  std::string md;
  std::string xml;
};

Outcome run_scenario(const std::string& name, std::vector<std::string> extra = {"--keep-dbs"},
                     const std::string& scenario = "") {
  Outcome r;
  const auto clone = make_app_clone(name, scenario.empty() ? name : scenario);
  r.work = fresh_dir(name + "-work");
  const auto config = make_operator_config(r.work.parent_path());
  auto args = standard_args(clone, r.work, config, false);
  for (auto& e : extra) args.push_back(std::move(e));
  args.push_back("--gtest_output=xml:" + (r.work / "gtest.xml").string());
  r.result = run_data_test(args);
  r.report = read_report_json(r.work);
  r.md = read_text(r.work / "report.md");
  r.xml = read_text(r.work / "gtest.xml");
  return r;
}

std::size_t phase_index(const nlohmann::json& report, const std::string& name) {
  const auto& phases = report.at("phases");
  for (std::size_t i = 0; i < phases.size(); ++i) {
    if (phases[i].at("name") == name) return i;
  }
  ADD_FAILURE() << name << " not in " << phases.dump();
  return phases.size();
}

class UpgradeScenario : public testing::TestWithParam<std::string> {};

TEST_P(UpgradeScenario, VerdictsMatchTheDatabasesAndTheCatalogs) {
  const std::string name = GetParam();
  const auto want = expectations().at(name);
  const Outcome r = run_scenario(name);
  const bool migration_fails = want.at("migration") == "failed";
  bool upgrade_fails = migration_fails;
  if (want.contains("upgrade")) {
    for (const auto& [table, verdict] : want.at("upgrade").items())
      upgrade_fails |= verdict == "FAIL";
  }
  ASSERT_EQ(r.result.status, upgrade_fails ? 1 : 0) << r.result.err;

  // The fresh comparison: every scenario's change reaches a fresh install whole.
  for (const auto& t : r.report.at("tables")) {
    EXPECT_EQ(t.at("verdict"), "PASS") << t.dump();
  }
  const auto& up = r.report.at("upgrade");
  ASSERT_TRUE(up.is_object()) << r.report.dump(1);
  EXPECT_EQ(up.at("database"), kUpgraded);
  EXPECT_EQ(up.at("migration"), want.at("migration"));
  // The upgrade's verdict comes before the new side's collection.
  EXPECT_LT(phase_index(r.report, "collect, released side"), phase_index(r.report, "upgrade"));
  EXPECT_LT(phase_index(r.report, "upgrade"), phase_index(r.report, "collect, new side"));
  EXPECT_NE(r.md.find("## Upgrade"), std::string::npos);
  EXPECT_NE(r.xml.find("<testsuite name=\"UPGRADE_\""), std::string::npos) << r.xml;
  EXPECT_NE(r.xml.find("<testcase name=\"migration\""), std::string::npos) << r.xml;
  EXPECT_NE(r.xml.find("name=\"check\" value=\"upgrade_migration\""), std::string::npos);

  if (migration_fails) {
    EXPECT_EQ(up.at("steps").back().at("exit"), 1) << up.dump();
    EXPECT_TRUE(up.at("error").is_string());
    const std::string output = up.at("output").dump();
    EXPECT_NE(output.find(want.at("output").get<std::string>()), std::string::npos) << output;
    EXPECT_NE(r.md.find("- Migration: **FAILED**"), std::string::npos) << r.md;
    for (const auto& t : r.report.at("tables")) EXPECT_TRUE(t.at("upgrade").is_null()) << t.dump();
    // The failed ALTER left no constraint behind, and the released rows are all there.
    EXPECT_EQ(query_one(kUpgraded,
                        "select count(*) from pg_constraint where conname = "
                        "'contributors_no_plus'"),
              "0");
    EXPECT_EQ(count_rows(kUpgraded, "example_data", "contributors"),
              count_rows("example_released", "example_data", "contributors"));
    EXPECT_NE(r.xml.find("the upgrade failed"), std::string::npos) << r.xml;
    return;
  }

  // Each table: the counts the report gives are the databases' own.
  const auto& verdicts = want.at("upgrade");
  for (const auto& t : r.report.at("tables")) {
    const std::string schema = t.at("schema");
    const std::string table = t.at("table");
    std::string qualified = schema;
    qualified += ".";
    qualified += table;
    ASSERT_TRUE(t.at("upgrade").is_object()) << t.dump();
    const auto& u = t.at("upgrade");
    const std::string expected = verdicts.contains(qualified) ? verdicts.at(qualified) : "PASS";
    EXPECT_EQ(u.at("verdict"), expected) << qualified << " " << u.dump();
    EXPECT_EQ(u.at("released_rows").get<long>(), count_rows("example_released", schema, table));
    EXPECT_EQ(u.at("upgraded_rows").get<long>(), count_rows(kUpgraded, schema, table));
    EXPECT_NE(r.xml.find("name=\"UPGRADE_" + schema + "\""), std::string::npos);
  }
  if (want.contains("lost")) {
    for (const auto& [qualified, row] : want.at("lost").items()) {
      const auto* t = table_of(r.report, qualified);
      ASSERT_NE(t, nullptr);
      const auto& lost = t->at("upgrade").at("lost");
      ASSERT_TRUE(lost.is_object()) << t->dump();
      EXPECT_NE(lost.dump().find(row.at("value").get<std::string>()), std::string::npos);
      std::string sql = "select count(*) from example_data.contributors where ";
      sql += row.at("column").get<std::string>();
      sql += " = '";
      sql += row.at("value").get<std::string>();
      sql += "'";
      EXPECT_EQ(query_one("example_released", sql), "1");
      EXPECT_EQ(query_one(kUpgraded, sql), "0");
    }
  }
  if (want.contains("changed_columns")) {
    for (const auto& [qualified, columns] : want.at("changed_columns").items()) {
      const auto* t = table_of(r.report, qualified);
      ASSERT_NE(t, nullptr);
      EXPECT_EQ(t->at("upgrade").at("content"), "changed");
      EXPECT_EQ(t->at("upgrade").at("changed_columns"), columns);
    }
    // The unit change, read from both databases.
    EXPECT_EQ(query_one("example_released", "select priority from example_ops.repo_queue"), "100");
    EXPECT_EQ(query_one(kUpgraded, "select priority from example_ops.repo_queue"), "1000");
  }
  if (want.contains("schema")) {
    for (const auto& [qualified, change] : want.at("schema").items()) {
      const auto* t = table_of(r.report, qualified);
      ASSERT_NE(t, nullptr);
      const auto& schema = t->at("upgrade").at("schema");
      ASSERT_FALSE(schema.empty()) << t->dump();
      EXPECT_EQ(schema[0].at("code"), change.at("code"));
      EXPECT_EQ(schema[0].at("subject"), change.at("subject"));
      const std::string column = change.at("subject");
      EXPECT_TRUE(has_column("example_new", "example_data", "commits", column));
      EXPECT_FALSE(has_column(kUpgraded, "example_data", "commits", column));
      EXPECT_NE(r.xml.find("value=\"UPGRADE_COLUMN_MISSING\""), std::string::npos) << r.xml;
    }
  }
  if (name == "upgrade_create_and_alter") {
    EXPECT_TRUE(has_column(kUpgraded, "example_data", "commits", "signed"));
    EXPECT_EQ(up.at("summary").at("fail"), 0);
    EXPECT_EQ(up.at("summary").at("flag"), 0);
  }
}

INSTANTIATE_TEST_SUITE_P(ExampleApp, UpgradeScenario,
                         testing::Values("upgrade_cleanup", "upgrade_constraint", "upgrade_units",
                                         "upgrade_create_only", "upgrade_create_and_alter"));

// The databases named like the example's scratch databases, comma-separated.
std::string scratch_databases() {
  return query_one("postgres",
                   "select coalesce(string_agg(datname, ',' order by datname), '') from "
                   "pg_database where datname like 'example\\_%' and datname <> "
                   "'example_primary'");
}

TEST(Upgrade, AFailedMigrationLeavesNothingBehind) {
  const Outcome r =
      run_scenario("upgrade-failed-clean", {"--snapshot-max-age", "0"}, "upgrade_constraint");
  ASSERT_EQ(r.result.status, 1) << r.result.err;
  EXPECT_EQ(r.report.at("upgrade").at("migration"), "failed");
  EXPECT_EQ(scratch_databases(), "");
  EXPECT_FALSE(fs::exists(r.work / "config" / "upgraded.json"));
  EXPECT_TRUE(fs::exists(r.work / "logs" / "upgraded.log"));
}

TEST(Upgrade, AnInterruptedUpgradeLeavesNothingBehind) {
  const std::string name = "upgrade-interrupted";
  const auto clone = make_app_clone(name, "");
  const auto work = fresh_dir(name + "-work");
  const auto config = make_operator_config(work.parent_path());
  const fs::path go = fresh_dir(name + "-go") / "go";  // never created: the step waits
  auto profile = nlohmann::json::parse(read_text(example_profile()));
  profile["upgrade_steps"] = nlohmann::json::array(
      {collector_step({"migrate", "--skip-views"}), sh_step(gated_script("UPGRADE-WAITS", go))});
  const fs::path profile_path = fresh_dir(name + "-profile") / "profile.json";
  std::ofstream(profile_path) << profile.dump(2);
  auto args = run_args(clone, work, config, profile_path);
  args.insert(args.end(), {"--snapshot-max-age", "0"});
  LiveChild run(args);
  ASSERT_TRUE(run.wait_for_stdout("[upgraded] UPGRADE-WAITS")) << run.err();
  EXPECT_TRUE(database_exists(kUpgraded));
  run.signal(SIGTERM);
  EXPECT_EQ(run.wait(), 128 + SIGTERM) << run.err();
  // The released collection had finished: it stays for --resume (docs/usage.md), the upgraded
  // copy goes.
  EXPECT_EQ(scratch_databases(), "example_released");
  drop_database("example_released");
  EXPECT_FALSE(fs::exists(work / "config" / "upgraded.json"));
  const auto report = read_report_json(work);
  EXPECT_EQ(report.at("complete"), false);
  EXPECT_NE(report.at("incomplete").get<std::string>().find("upgrade"), std::string::npos)
      << report.at("incomplete");
}

// The files of database name under the cluster's data directory, hashed: byte for byte.
std::string files_digest(const std::string& name) {
  exec_sql("postgres", "checkpoint");
  const std::string oid =
      query_one("postgres", "select oid from pg_database where datname = '" + name + "'");
  const std::string data = query_one("postgres", "show data_directory");
  const fs::path dir = fs::path(data) / "base" / oid;
  const auto hashed = process::capture(
      {"sh", "-c",
       "cd '" + dir.string() + "' && find . -type f | sort | xargs sha256sum | sha256sum"},
      "/");
  EXPECT_EQ(hashed.status, 0) << hashed.err;
  return hashed.out;
}

// Every table's rows of a database in one md5 (order-independent), read as the superuser.
std::string content_digest(const std::string& db) {
  return query_one(
      db,
      "select md5(string_agg(t, '|' order by t)) from (select format('%s.%s:%s', table_schema, "
      "table_name, (xpath('/row/c/text()', query_to_xml(format('select "
      "md5(coalesce(string_agg(x::text, '','' order by x::text), '''')) as c from %I.%I x', "
      "table_schema, table_name), false, true, '')))[1]::text) as t from information_schema.tables "
      "where table_schema in ('example_data', 'example_ops') and table_type = 'BASE TABLE') s");
}

TEST(Upgrade, NeverWritesTheReleasedDatabaseNorTheSnapshot) {
  const std::string name = "upgrade-untouched";
  const auto clone = make_app_clone(name, "upgrade_cleanup");
  const auto config = make_operator_config(clone.parent_path());
  const fs::path cache = fresh_dir(name + "-cache") / "data-test";
  const auto run_once = [&](int n) {
    const fs::path work = fresh_dir(name + "-work-" + std::to_string(n));
    auto args = standard_args(clone, work, config, false);
    args.insert(args.end(), {"--cache-dir", cache.string(), "--keep-dbs"});
    return run_data_test(args);
  };
  const Result first = run_once(1);
  ASSERT_EQ(first.status, 1) << first.err;  // the clean-up's loss
  const std::string snapshot =
      query_one("postgres",
                "select coalesce(string_agg(datname, ','), '') from pg_database where datname "
                "like 'data\\_test\\_snap\\_%'");
  ASSERT_EQ(snapshot.rfind("data_test_snap_", 0), 0u) << first.err;
  ASSERT_EQ(snapshot.find(','), std::string::npos) << snapshot;
  const std::string before = files_digest(snapshot);

  const Result second = run_once(2);  // the released side is a copy of the snapshot
  ASSERT_EQ(second.status, 1) << second.err;
  EXPECT_NE(second.err.find("from snapshot '" + snapshot + "'"), std::string::npos) << second.err;
  EXPECT_EQ(files_digest(snapshot), before) << "the upgrade wrote to the snapshot";
  // This run's released copy holds the snapshot's rows, dana+git's among them; only the
  // upgraded copy lost it.
  exec_sql("postgres", "alter database \"" + snapshot + "\" allow_connections true");
  const std::string snapshot_content = content_digest(snapshot);
  exec_sql("postgres", "alter database \"" + snapshot + "\" allow_connections false");
  EXPECT_EQ(content_digest("example_released"), snapshot_content);
  EXPECT_NE(content_digest(kUpgraded), snapshot_content);
  EXPECT_EQ(query_one("example_released",
                      "select count(*) from example_data.contributors where email like '%+%'"),
            "1");
  drop_database(snapshot);
}

TEST(Upgrade, UpgradeOnlyFromAKeptSnapshotCollectsNothing) {
  const std::string name = "upgrade-only";
  const auto clone = make_app_clone(name, "upgrade_cleanup");
  const auto config = make_operator_config(clone.parent_path());
  const fs::path cache = fresh_dir(name + "-cache") / "data-test";
  const auto run_once = [&](int n, const std::vector<std::string>& extra) {
    const fs::path work = fresh_dir(name + "-work-" + std::to_string(n));
    auto args = standard_args(clone, work, config, false);
    args.insert(args.end(), {"--cache-dir", cache.string()});
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back("--gtest_output=xml:" + (work / "gtest.xml").string());
    return std::make_pair(run_data_test(args), work);
  };
  const auto first = run_once(1, {});
  ASSERT_EQ(first.first.status, 1) << first.first.err;  // keeps the snapshot
  const auto [only, work] = run_once(2, {"--upgrade-only"});
  ASSERT_EQ(only.status, 1) << only.err;  // the clean-up's loss, found again
  EXPECT_NE(only.err.find("released collection: from snapshot"), std::string::npos) << only.err;
  // No collection on either side: the released side is the snapshot's copy, the new side ran
  // its schema step only.
  const std::string released_log = read_text(work / "logs" / "released.log");
  const std::string new_log = read_text(work / "logs" / "new.log");
  EXPECT_EQ(new_log.find(" collect "), std::string::npos) << new_log;
  EXPECT_EQ(new_log.find("add-repo"), std::string::npos) << new_log;
  EXPECT_NE(new_log.find("migrate"), std::string::npos) << new_log;
  EXPECT_EQ(only.err.find("phase 4/6 (collect, new side)"), std::string::npos) << only.err;
  EXPECT_EQ(only.err.find("phase 5/6"), std::string::npos) << only.err;
  const auto report = read_report_json(work);
  EXPECT_EQ(report.at("fresh_comparison"), false);
  EXPECT_TRUE(report.at("summary").is_null());
  const auto* contributors = table_of(report, "example_data.contributors");
  ASSERT_NE(contributors, nullptr);
  EXPECT_TRUE(contributors->at("verdict").is_null());  // no fresh verdict to state
  EXPECT_EQ(contributors->at("upgrade").at("verdict"), "FAIL");
  EXPECT_EQ(report.at("upgrade").at("source").get<std::string>().rfind("snapshot '", 0), 0u);
  // Only the upgrade's tests ran.
  const std::string xml = read_text(work / "gtest.xml");
  EXPECT_EQ(xml.find("<testsuite name=\"example_data\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<testsuite name=\"UPGRADE_example_data\""), std::string::npos) << xml;
  EXPECT_NE(read_text(work / "report.md").find("The fresh comparison was not run"),
            std::string::npos);
  EXPECT_EQ(scratch_databases(), "");
  const std::string snapshot =
      query_one("postgres",
                "select coalesce(string_agg(datname, ','), '') from pg_database where datname like "
                "'data\\_test\\_snap\\_%'");
  if (!snapshot.empty()) drop_database(snapshot);
}

}  // namespace
}  // namespace dt::e2e
