// Issue 12, hardening: the server goes away. PostgreSQL is restarted (pg_ctl restart -m fast)
// during a collection step, between the steps and the counts (the lock session is lost), during
// the counts and during cleanup. Each run exits 2 with one error line naming the phase, keeps
// its report, drops nothing foreign and leaves nothing that stops the next run.
#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "support/e2e.hpp"
#include "support/live_child.hpp"
#include "support/safety.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

// The new side's last step prints WAITING, then waits for {work_dir}/go.
nlohmann::json wait_on_new_side() {
  return sh_step(
      "if [ {side} = new ]; then echo WAITING; "
      "while [ ! -e {work_dir}/go ]; do sleep 0.05; done; fi");
}

struct Scene {
  fs::path clone, work, config, profile;
};

Scene make_scene(const std::string& name, const nlohmann::json& last_step) {
  Scene s;
  s.clone = make_app_clone(name, "");
  s.work = fresh_dir(name + "-work");
  s.config = make_operator_config(s.work.parent_path());
  s.profile = write_profile(
      s.work.parent_path(), fast_build(),
      nlohmann::json::array({collector_step({"migrate", "--skip-views"}), last_step}));
  // An operator database data-test must never touch, whatever happens to the server.
  drop_database("foreign_precious");
  exec_sql("postgres", "create database foreign_precious");
  exec_sql("foreign_precious", "create table kept (id int); insert into kept values (7)");
  return s;
}

// Waits (bounded: liveness only) until pg_stat_activity shows a backend matching condition.
bool wait_for_backend(const std::string& condition) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < deadline) {
    if (query_one("postgres", "select count(*) from pg_stat_activity where " + condition) != "0") {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

// pg_stat_activity, one line per backend, for failure messages.
std::string activity() {
  return query_one("postgres",
                   "select string_agg(concat_ws(' | ', datname, application_name, state, "
                   "wait_event_type, left(query, 80)), E'\\n') from pg_stat_activity");
}

void go(const Scene& s) {
  std::ofstream(s.work / "go") << "go\n";
}

// The one error line, which must name `phase`; the report kept; nothing foreign dropped; no
// scratch database or worktree left; and a rerun of the same command succeeds.
void expect_exit_two_and_clean(const Scene& s, LiveChild& child, const std::string& phase,
                               const std::string& reason, bool report_complete) {
  const int status = child.wait();
  const std::string err = child.err();
  EXPECT_EQ(status, 2) << child.out() << err;
  EXPECT_EQ(count_lines_starting(err, "data-test: error: "), 1) << err;
  const auto at = err.find("data-test: error: ");
  const std::string line = at == std::string::npos ? "" : err.substr(at, err.find('\n', at) - at);
  EXPECT_NE(line.find(phase), std::string::npos) << line;
  EXPECT_NE(line.find(reason), std::string::npos) << line;
  for (const char* noise : {"terminate called", "what():", "internal error"}) {
    EXPECT_EQ(err.find(noise), std::string::npos) << noise << "\n" << err;
  }

  const nlohmann::json report = read_report_json(s.work);
  EXPECT_EQ(report.at("complete"), report_complete);
  if (!report_complete) {
    EXPECT_NE(read_text(s.work / "report.md").find(phase), std::string::npos);
  }
  EXPECT_EQ(query_one("foreign_precious", "select id from kept"), "7");
  EXPECT_EQ(query_one("example_primary", "select count(*) from example_ops.api_keys"), "1");
  EXPECT_FALSE(database_exists("example_released")) << err;
  EXPECT_FALSE(database_exists("example_new")) << err;
  EXPECT_FALSE(database_exists("example_released_upgraded")) << err;
  EXPECT_EQ(worktrees(s.clone).size(), 1u);

  // The next run is not blocked by anything this one left.
  go(s);
  const Result rerun = run_data_test(run_args(s.clone, s.work, s.config, s.profile));
  EXPECT_EQ(rerun.status, 0) << rerun.out << rerun.err;
  EXPECT_EQ(read_report_json(s.work).at("complete"), true);
}

TEST(ServerRestart, DuringACollectionStepExitsTwoNamingThePhase) {
  const Scene s = make_scene(
      "restart-step",
      sh_step("echo SLEEPING; " + psql_script("example_{side}", "select pg_sleep(600)")));
  LiveChild child(run_args(s.clone, s.work, s.config, s.profile));
  ASSERT_TRUE(child.wait_for_stdout("[released] SLEEPING")) << child.out() << child.err();
  ASSERT_TRUE(wait_for_backend("datname = 'example_released' and query like 'select pg_sleep%'"));
  cluster().restart();
  // Rerun with a step that ends: the sleep above would wait for ten minutes.
  std::ofstream(s.profile) << nlohmann::json{
      {"name", "example"},
      {"build", fast_build()},
      {"steps", nlohmann::json::array({collector_step({"migrate", "--skip-views"})})},
      {"schemas", {"example_data", "example_ops"}},
      {"databases",
       {{"released", "example_released"},
        {"new", "example_new"}}}}.dump();
  expect_exit_two_and_clean(s, child, "phase 4/6 (collect, released side)",
                            "released step 2/2 failed", false);
}

TEST(ServerRestart, BetweenStepsAndCountsTheLostLockSessionIsTheOneLine) {
  const Scene s = make_scene("restart-lock", wait_on_new_side());
  LiveChild child(run_args(s.clone, s.work, s.config, s.profile));
  ASSERT_TRUE(child.wait_for_stdout("[new] WAITING")) << child.out() << child.err();
  cluster().restart();
  go(s);
  expect_exit_two_and_clean(s, child, "phase 5/6 (row-count diff)",
                            // (after the released snapshot's name, whose lock went too)
                            "', 'example_new', 'example_released', 'example_released_upgraded' "
                            "before counting the rows",
                            false);
}

TEST(ServerRestart, DuringTheCountsExitsTwoNamingThePhase) {
  const Scene s = make_scene("restart-count", wait_on_new_side());
  LiveChild child(run_args(s.clone, s.work, s.config, s.profile));
  ASSERT_TRUE(child.wait_for_stdout("[new] WAITING")) << child.out() << child.err();
  // The count of example_data.repos waits behind this lock until the server goes away (the new
  // side's: the released side's counts were taken by the upgrade, before the new collection).
  pqxx::connection blocker(to_conninfo(cluster().params("example_new")));
  pqxx::work tx(blocker);
  tx.exec("lock table example_data.repos in access exclusive mode");
  go(s);
  ASSERT_TRUE(wait_for_backend(
      "datname = 'example_new' and application_name = 'data-test' and "
      "wait_event_type = 'Lock' and query like 'select pg_catalog.count(*) from%'"))
      << activity() << child.err();
  cluster().restart();
  expect_exit_two_and_clean(s, child, "phase 5/6 (row-count diff)", "cannot count the rows of",
                            false);
}

TEST(ServerRestart, DuringCleanupDropsEverythingAfterReconnectingAndExitsTwo) {
  const Scene s = make_scene("restart-cleanup", wait_on_new_side());
  LiveChild child(run_args(s.clone, s.work, s.config, s.profile));
  ASSERT_TRUE(child.wait_for_stdout("[new] WAITING")) << child.out() << child.err();
  // DROP DATABASE example_new waits behind this lock on the database, taken by rewriting its
  // mark with the same text in a transaction the restart rolls back.
  const std::string mark =
      query_one("postgres",
                "select shobj_description(oid, 'pg_database') from pg_database where datname = "
                "'example_new'");
  ASSERT_NE(mark, "");
  pqxx::connection blocker(to_conninfo(cluster().params("postgres")));
  pqxx::work tx(blocker);
  tx.exec("comment on database example_new is " + tx.quote(mark));
  go(s);
  ASSERT_TRUE(
      wait_for_backend("application_name = 'data-test' and wait_event_type = 'Lock' and "
                       "query like 'drop database%'"))
      << activity() << child.err();
  cluster().restart();
  // The verdicts were printed before cleanup; the report is complete.
  expect_exit_two_and_clean(s, child, "cleanup:",
                            "the server session holding the run's locks "
                            "was lost",
                            true);
  EXPECT_NE(child.out().find("[  PASSED  ]"), std::string::npos) << child.out();
}

}  // namespace
}  // namespace dt::e2e
