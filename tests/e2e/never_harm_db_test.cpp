// The prime rule on the server: the primary database in every mode (cleanup-only with
// --force-drop, listing's own databases), names with a NUL, two runs sharing a scratch name, and
// a run whose lock session is killed under it.
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "support/e2e.hpp"
#include "support/live_child.hpp"
#include "support/safety.hpp"
#include "util/proc.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

// A profile with the example's schemas and the given scratch names, written as raw JSON text.
fs::path profile_text(const fs::path& dir, const std::string& databases_json) {
  nlohmann::json p =
      nlohmann::json::parse(read_text(write_profile(dir, fast_build(), quick_steps())));
  fs::path path = dir / "raw-profile.json";
  std::string text = p.dump(2);
  const auto at = text.find("\"databases\"");
  const auto end = text.find('}', at);
  text.replace(at, end - at + 1, "\"databases\": " + databases_json);
  std::ofstream(path) << text;
  return path;
}

int primary_keys(const std::string& db) {
  return std::stoi(query_one(db, "select count(*) from example_ops.api_keys"));
}

TEST(NeverHarm, CleanupOnlyWithForceDropNeverDropsThePrimary) {
  const auto clone = make_app_clone("harm-primary", "");
  const auto dir = fresh_dir("harm-primary");
  const auto config = make_operator_config(dir, "ops_primary");
  // A profile that names the primary as a scratch database (a copy-paste slip).
  const auto profile = profile_text(dir, R"({"released": "ops_primary", "new": "example_new"})");
  const Result r = run_data_test({"--drop-dbs-only", "--force-drop", "--work-dir",
                                  (dir / "w").string(), "--source-dir", clone.string(), "--config",
                                  config.string(), "--profile", profile.string()});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("refusing to drop database 'ops_primary': it is the primary database"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(primary_keys("ops_primary"), 1);
}

TEST(NeverHarm, ListingNeverDropsThePrimary) {
  // Listing works in "<scratch>_discovery": a primary with that name must survive it.
  const auto clone = make_app_clone("harm-listing", "");
  const auto dir = fresh_dir("harm-listing");
  const auto config = make_operator_config(dir, "app_discovery");
  const auto profile = profile_text(dir, R"({"released": "app", "new": "app_new"})");
  auto args = run_args(clone, dir / "w", config, profile);
  args.emplace_back("--gtest_list_tests");
  const Result r = run_data_test(args);
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("it is the primary database"), std::string::npos) << r.err;
  EXPECT_EQ(primary_keys("app_discovery"), 1);
}

TEST(NeverHarm, ADatabaseNameWithANulIsRefusedWhenRead) {
  const auto clone = make_app_clone("harm-nul", "");
  const auto dir = fresh_dir("harm-nul");
  const auto config = make_operator_config(dir, "nul_primary");
  // "nul_primary\u0000x": libpq would stop at the NUL and drop "nul_primary".
  const auto profile =
      profile_text(dir, R"({"released": "nul_primary\u0000x", "new": "example_new"})");
  const Result r = run_data_test(run_args(clone, dir / "w", config, profile));
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("holds a control character"), std::string::npos) << r.err;
  EXPECT_EQ(primary_keys("nul_primary"), 1);
  const Result drop = run_data_test({"--drop-dbs-only", "--force-drop", "--work-dir",
                                     (dir / "w").string(), "--source-dir", clone.string(),
                                     "--config", config.string(), "--profile", profile.string()});
  EXPECT_EQ(drop.status, 2) << drop.err;
  EXPECT_EQ(primary_keys("nul_primary"), 1);
}

TEST(NeverHarm, TwoRunsSharingOneScratchNameNeverDropEachOthersDatabase) {
  const auto clone = make_app_clone("harm-shared", "");
  const auto dir = fresh_dir("harm-shared");
  const auto config = make_operator_config(dir);
  const fs::path go = dir / "go";
  // Run A uses X+Y and waits in its collection.
  const auto steps_a = nlohmann::json::array({collector_step({"migrate"}),
                                              {{"copy_rows", "example_ops.api_keys"}},
                                              sh_step(gated_script("RUN-A-WAITS", go)),
                                              collector_step({"add-repo", "{repo}"}),
                                              collector_step({"collect", "{repo}", "--full"})});
  const auto profile_a =
      write_profile(fresh_dir("harm-shared-a"), fast_build(), steps_a, "shared_x", "only_y");
  LiveChild a(run_args(clone, dir / "wa", config, profile_a));
  ASSERT_TRUE(a.wait_for_stdout("[released] RUN-A-WAITS")) << a.err();
  // Run B uses X+Z: refused, X untouched, A's collector not killed.
  const auto profile_b =
      write_profile(fresh_dir("harm-shared-b"), fast_build(), quick_steps(), "shared_x", "only_z");
  const Result b = run_data_test(run_args(clone, dir / "wb", config, profile_b));
  EXPECT_EQ(b.status, 2) << b.err;
  EXPECT_NE(b.err.find("is using the scratch database 'shared_x'"), std::string::npos) << b.err;
  EXPECT_TRUE(database_exists("shared_x"));
  EXPECT_FALSE(database_exists("only_z"));
  EXPECT_TRUE(proc::alive(a.pid()));
  // A goes on and finishes as if B had never run.
  std::ofstream(go) << "";
  EXPECT_EQ(a.wait(), 0) << a.err();
  EXPECT_EQ(read_report_json(dir / "wa").at("complete"), true);
  EXPECT_FALSE(database_exists("shared_x"));
}

// Issue 23, item 10: a second run in the same work dir (the same command typed twice, other
// scratch names) used to remove the first run's live worktree. Now it refuses, one line, exit 2;
// --drop-dbs-only in that work dir refuses too, before it drops or removes anything.
TEST(NeverHarm, ASecondRunInALiveRunsWorkDirIsRefusedAndTouchesNothing) {
  const auto clone = make_app_clone("harm-workdir", "");
  const auto dir = fresh_dir("harm-workdir");
  const auto config = make_operator_config(dir);
  const fs::path go = dir / "go";
  const auto steps = nlohmann::json::array({collector_step({"migrate"}),
                                            {{"copy_rows", "example_ops.api_keys"}},
                                            sh_step(gated_script("FIRST-WAITS", go))});
  const auto first_profile =
      write_profile(fresh_dir("harm-workdir-a"), fast_build(), steps, "wd_released", "wd_new");
  LiveChild first(run_args(clone, dir / "w", config, first_profile));
  ASSERT_TRUE(first.wait_for_stdout("[released] FIRST-WAITS")) << first.err();
  const auto live = worktrees(clone);  // the first run's released worktree, unless cached

  const auto second_profile = write_profile(fresh_dir("harm-workdir-b"), fast_build(),
                                            quick_steps(), "wd2_released", "wd2_new");
  const Result second = run_data_test(run_args(clone, dir / "w", config, second_profile));
  EXPECT_EQ(second.status, 2) << second.err;
  EXPECT_EQ(count_lines_starting(second.err, "data-test: error: work dir '"), 1) << second.err;
  EXPECT_NE(second.err.find("is in use by another data-test run"), std::string::npos) << second.err;
  const Result drop = run_data_test({"--drop-dbs-only", "--work-dir", (dir / "w").string(),
                                     "--source-dir", clone.string(), "--config", config.string(),
                                     "--profile", first_profile.string()});
  EXPECT_EQ(drop.status, 2) << drop.err;
  EXPECT_NE(drop.err.find("is in use by another data-test run"), std::string::npos) << drop.err;
  EXPECT_EQ(worktrees(clone), live);
  EXPECT_TRUE(database_exists("wd_released"));
  EXPECT_FALSE(database_exists("wd2_released"));

  std::ofstream(go) << "";
  EXPECT_EQ(first.wait(), 0) << first.err();
  EXPECT_EQ(read_report_json(dir / "w").at("complete"), true);
  EXPECT_EQ(worktrees(clone).size(), 1u);
  EXPECT_FALSE(database_exists("wd_released"));
}

// Issue 23, item 6: the operator's shell points libpq's variables and DATABASE_URL at the
// primary. A build or step that connects through them (Rails gives DATABASE_URL precedence over
// database.yml) would write to the primary: they see only their side's own connection.
TEST(NeverHarm, BuildsAndStepsNeverInheritAConnectionToThePrimary) {
  const auto clone = make_app_clone("harm-env", "");
  const auto dir = fresh_dir("harm-env");
  const auto config = make_operator_config(dir, "env_primary");
  const ConnParams p = cluster().params("env_primary");
  const std::map<std::string, std::string> shell = {
      {"DATABASE_URL", fmt::format("postgresql://{}:{}@/env_primary?host={}&port={}", p.user,
                                   p.password, p.host, p.port)},
      {"PGHOST", p.host},
      {"PGPORT", p.port},
      {"PGUSER", p.user},
      {"PGPASSWORD", p.password},
      {"PGDATABASE", "env_primary"}};
  // Each child writes what it inherited, then tries the primary through it.
  const std::string reach = "env > \"" + dir.string() +
                            "/env-{side}-$0.txt\"; psql -X -At -c \"create table "
                            "public.reached_by_{side}_$0 (x int)\" >/dev/null 2>&1; true";
  const nlohmann::json build = {
      "sh", "-c", reach + "; cp '" + prebuilt_collector().string() + "' {bin}", "build"};
  const auto steps =
      nlohmann::json::array({collector_step({"migrate"}),
                             {{"copy_rows", "example_ops.api_keys"}},
                             {{"run", nlohmann::json::array({"sh", "-c", reach, "step"})}}});
  const auto profile = write_profile(dir, build, steps, "env_released", "env_new");
  const Result r = run_data_test(run_args(clone, dir / "w", config, profile), clone, shell);
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  for (const char* side : {"released", "new"}) {
    for (const char* child : {"build", "step"}) {
      SCOPED_TRACE(std::string(side) + " " + child);
      const std::string seen = read_text(dir / fmt::format("env-{}-{}.txt", side, child));
      for (const char* name :
           {"DATABASE_URL=", "PGHOST=", "PGPORT=", "PGUSER=", "PGPASSWORD=", "PGDATABASE="}) {
        EXPECT_EQ(count_lines_starting(seen, name), 0) << name;
      }
    }
  }
  EXPECT_EQ(query_one("env_primary",
                      "select count(*) from pg_tables where tablename like 'reached\\_by\\_%'"),
            "0");
  EXPECT_EQ(primary_keys("env_primary"), 1);
}

TEST(NeverHarm, ALostLockSessionStopsTheRunWithExitTwo) {
  const auto clone = make_app_clone("harm-lost", "");
  const auto dir = fresh_dir("harm-lost");
  const auto config = make_operator_config(dir);
  const fs::path go = dir / "go";
  const auto steps = nlohmann::json::array({collector_step({"migrate"}),
                                            {{"copy_rows", "example_ops.api_keys"}},
                                            sh_step(gated_script("WAITING", go))});
  const auto profile = write_profile(dir, fast_build(), steps);
  LiveChild run(run_args(clone, dir / "w", config, profile));
  ASSERT_TRUE(run.wait_for_stdout("[released] WAITING")) << run.err();
  // An administrator ends the session holding the run's locks (a restart does the same).
  exec_sql("postgres",
           "select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and "
           "pid <> pg_backend_pid()");
  std::ofstream(go) << "";
  EXPECT_EQ(run.wait(), 2) << run.err();
  // The first lock check after the released collection is the upgrade's.
  EXPECT_NE(run.err().find("data-test: error: phase 4/6 (upgrade): lost the lock on the "
                           "scratch databases"),
            std::string::npos)
      << run.err();
  EXPECT_NE(run.err().find("before the upgrade"), std::string::npos) << run.err();
  EXPECT_EQ(read_report_json(dir / "w").at("complete"), false);
  EXPECT_FALSE(fs::exists(dir / "w" / "state.json"));
  EXPECT_EQ(primary_keys("example_primary"), 1);
  // Nobody else took the names: cleanup took the locks again and dropped its own databases.
  EXPECT_FALSE(database_exists("example_released"));
  EXPECT_FALSE(database_exists("example_new"));
  EXPECT_FALSE(database_exists("example_released_upgraded"));
}

}  // namespace
}  // namespace dt::e2e
