// The harness end to end (the six phases): exit codes, report contents, databases,
// worktree, logs, config preservation and quoted identifiers, on the real binary.
#include <fstream>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "support/e2e.hpp"
#include "support/safety.hpp"
#include "util/process.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

// Appends a table with an awkward name, filled by the migration itself: 2 rows on the released
// side; the working tree's migration fills 3, so the table is a FLAG with exact counts.
void add_odd_table(const fs::path& clone, int rows, bool commit) {
  const fs::path path = clone / "schema.sql";
  std::string schema = read_text(path);
  const std::string table = "example_data.\"Odd \"\"Näme\"\" Ü\"";
  // Before the views marker: `migrate --skip-views` runs only what precedes it.
  schema.insert(schema.find("-- @views"),
                fmt::format("CREATE TABLE IF NOT EXISTS {0} (id int);\nDELETE FROM {0};\n"
                            "INSERT INTO {0} SELECT generate_series(1, {1});\n\n",
                            table, rows));
  std::ofstream(path, std::ios::trunc) << schema;
  if (commit) {
    process::capture({"git", "-c", "user.name=e", "-c", "user.email=e@e", "commit", "-qam", "odd"},
                     clone);
    process::capture({"git", "tag", "-f", "v1.0"}, clone);
  }
}

TEST(Harness, FullRunReportsCleansUpAndPreservesConfig) {
  const auto clone = make_app_clone("full", "");
  add_odd_table(clone, 2, /*commit=*/true);
  add_odd_table(clone, 3, /*commit=*/false);
  const auto work = fresh_dir("full-work");
  const auto config = make_operator_config(work.parent_path());
  const Result result = run_data_test(standard_args(clone, work, config));
  ASSERT_EQ(result.status, 0) << result.out << result.err;  // FLAG only

  // report.md: the documented layout (docs/report-format.md).
  const std::string md = read_text(work / "report.md");
  EXPECT_EQ(md.rfind("# example data-test report\n", 0), 0u) << md;
  EXPECT_NE(md.find("- Released tag: v1.0"), std::string::npos);
  EXPECT_NE(md.find("in example_released)"), std::string::npos);
  EXPECT_NE(md.find("- Local version: working tree"), std::string::npos);
  EXPECT_NE(md.find("- Test repo: " + history_repo().string()), std::string::npos);
  EXPECT_NE(md.find("- Schemas: example_data, example_ops"), std::string::npos);
  EXPECT_NE(md.find("- Generated: "), std::string::npos);
  EXPECT_NE(md.find("## Summary\n\n- FAIL (released has more rows = data loss): 0\n"
                    "- FLAG (new has more rows = likely new coverage): 1\n- PASS (equal counts): "),
            std::string::npos)
      << md;

  // report.json: the quoted table is a FLAG with exact counts; every other table PASS.
  const auto report = read_report_json(work);
  EXPECT_EQ(report.at("summary").at("fail"), 0);
  EXPECT_EQ(report.at("summary").at("flag"), 1);
  bool seen = false;
  for (const auto& row : report.at("tables")) {
    if (row.at("table") == "Odd \"Näme\" Ü") {
      seen = true;
      EXPECT_EQ(row.at("released_rows"), 2);
      EXPECT_EQ(row.at("new_rows"), 3);
      EXPECT_EQ(row.at("delta"), 1);
      EXPECT_EQ(row.at("verdict"), "FLAG");
    } else {
      EXPECT_EQ(row.at("verdict"), "PASS") << row.dump();
    }
  }
  EXPECT_TRUE(seen) << report.dump(2);
  EXPECT_NE(verdict_of(report, "example_data.Tag Labels"), "");

  // Cleanup: scratch databases gone, worktree removed, logs written.
  EXPECT_FALSE(database_exists("example_released"));
  EXPECT_FALSE(database_exists("example_new"));
  EXPECT_FALSE(fs::exists(work / "released-src"));
  EXPECT_EQ(worktrees(clone).size(), 1u);
  for (const char* side : {"released", "new"}) {
    const std::string log = read_text(work / "logs" / (std::string(side) + ".log"));
    EXPECT_NE(log.find("collect"), std::string::npos) << side;
  }

  // The scratch configs hold the password: gone with the databases.
  EXPECT_FALSE(fs::exists(work / "config" / "released.json"));
  EXPECT_FALSE(fs::exists(work / "config" / "new.json"));

  // Secrets: neither the password nor the copied key is printed or written by data-test.
  const std::string password = cluster().params().password;
  for (const std::string& text :
       {result.out, result.err, md, report.dump(), read_text(work / "logs" / "new.log"),
        read_text(work / "logs" / "released.log")}) {
    EXPECT_EQ(text.find(password), std::string::npos);
    EXPECT_EQ(text.find(secret_key()), std::string::npos);
  }
}

TEST(Harness, KeepDbsKeepsBothDatabasesUntilDropDbsOnly) {
  const auto clone = make_app_clone("keep", "neutral");
  const auto work = fresh_dir("keep-work");
  const auto config = make_operator_config(work.parent_path());
  auto args = standard_args(clone, work, config);
  args.emplace_back("--keep-dbs");
  const Result result = run_data_test(args);
  ASSERT_EQ(result.status, 0) << result.out << result.err;
  EXPECT_TRUE(database_exists("example_released"));
  EXPECT_TRUE(database_exists("example_new"));
  EXPECT_TRUE(database_exists("example_released_upgraded"));  // the upgrade's copy, kept too
  EXPECT_FALSE(fs::exists(work / "released-src"));

  // Kept databases keep their scratch configs: only database.dbname differs; mode 0600.
  const auto original = nlohmann::json::parse(read_text(config));
  for (const char* side : {"released", "new"}) {
    const fs::path path = work / "config" / (std::string(side) + ".json");
    auto scratch = nlohmann::json::parse(read_text(path));
    EXPECT_EQ(scratch["database"]["dbname"], std::string("example_") + side);
    scratch["database"]["dbname"] = original["database"]["dbname"];
    EXPECT_EQ(scratch, original) << side;
    EXPECT_EQ(fs::status(path).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write);
  }

  // A file of the operator's beside them: never data-test's to remove.
  std::ofstream(work / "config" / "notes.txt") << "mine\n";

  const Result dropped =
      run_data_test({"--drop-dbs-only", "--work-dir", work.string(), "--source-dir", clone.string(),
                     "--config", config.string(), "--profile", example_profile().string()});
  ASSERT_EQ(dropped.status, 0) << dropped.out << dropped.err;
  EXPECT_FALSE(database_exists("example_released"));
  EXPECT_FALSE(database_exists("example_new"));
  EXPECT_FALSE(database_exists("example_released_upgraded"));
  // Issue 23, item 14: the scratch configs and passfiles held the passwords; they go with the
  // databases, and only they do.
  std::vector<std::string> left;
  for (const auto& entry : fs::directory_iterator(work / "config")) {
    left.push_back(entry.path().filename().string());
  }
  EXPECT_EQ(left, std::vector<std::string>{"notes.txt"});
  EXPECT_NE(dropped.err.find("removed the scratch config"), std::string::npos) << dropped.err;
}

TEST(Harness, FailingScenarioExitsOne) {
  const auto clone = make_app_clone("fail", "fk_regression");
  const auto work = fresh_dir("fail-work");
  const Result result =
      run_data_test(standard_args(clone, work, make_operator_config(work.parent_path())));
  ASSERT_EQ(result.status, 1) << result.out << result.err;
  const auto report = read_report_json(work);
  EXPECT_EQ(verdict_of(report, "example_data.commit_parents"), "FAIL");
  EXPECT_NE(read_text(work / "report.md").find("- FAIL (released has more rows = data loss): 1"),
            std::string::npos);
}

TEST(Harness, MissingTagExitsTwoWithFetchHint) {
  const auto clone = make_app_clone("notag", "");
  const auto work = fresh_dir("notag-work");
  auto args = standard_args(clone, work, make_operator_config(work.parent_path()));
  args[1] = "v9.9";
  const Result result = run_data_test(args);
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.err.find("'v9.9'"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("git fetch --tags"), std::string::npos) << result.err;
  EXPECT_FALSE(database_exists("example_released"));
}

TEST(Harness, BrokenBuildExitsTwoNamingTheLog) {
  const auto clone = make_app_clone("broken", "");
  std::ofstream(clone / "collector.cpp", std::ios::app) << "\nthis is not C++;\n";
  const auto work = fresh_dir("broken-work");
  const Result result =
      run_data_test(standard_args(clone, work, make_operator_config(work.parent_path())));
  EXPECT_EQ(result.status, 2) << result.out << result.err;
  EXPECT_NE(result.err.find("new build failed"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find((work / "logs" / "new.log").string()), std::string::npos);
  EXPECT_NE(read_text(work / "report.md").find("Incomplete run"), std::string::npos);
  EXPECT_FALSE(fs::exists(work / "released-src"));
}

}  // namespace
}  // namespace dt::e2e
