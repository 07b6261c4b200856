// Issue 7, items 1, 2, 6 and 7: no foreign database dropped (mark, --force-drop, primary named
// like a scratch database), one run at a time per server and scratch names, leftovers of a
// crashed run reused, and phase messages with their elapsed time.
#include <csignal>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "scratch_db.hpp"
#include "support/e2e.hpp"
#include "support/live_child.hpp"
#include "support/safety.hpp"
#include "util/proc.hpp"
#include "util/process.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

// An operator's own database that happens to carry a scratch name: one table, one row.
void create_foreign_database(const std::string& name) {
  drop_database(name);
  exec_sql("postgres", "create database " + name);
  exec_sql(name, "create table precious (id int); insert into precious values (42)");
}

TEST(Safety, UnmarkedDatabaseWithAScratchNameIsRefusedUntilForceDrop) {
  const auto clone = make_app_clone("unmarked", "");
  const auto work = fresh_dir("unmarked-work");
  const auto config = make_operator_config(work.parent_path());
  const auto profile = write_profile(work.parent_path(), fast_build(), quick_steps());
  create_foreign_database("example_new");

  const Result refused = run_data_test(run_args(clone, work, config, profile));
  EXPECT_EQ(refused.status, 2) << refused.err;
  EXPECT_NE(refused.err.find("data-test: error: refusing to drop database 'example_new': it exists "
                             "but was not created by data-test (no scratch mark)"),
            std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("--force-drop"), std::string::npos);
  EXPECT_EQ(query_one("example_new", "select id from precious"), "42");
  // Refused before the (possibly hour-long) build, and before the other side was created.
  EXPECT_FALSE(fs::exists(work / "bin" / "released"));
  EXPECT_FALSE(database_exists("example_released"));

  auto forced_args = run_args(clone, work, config, profile);
  forced_args.emplace_back("--force-drop");
  const Result forced = run_data_test(forced_args);
  EXPECT_EQ(forced.status, 0) << forced.out << forced.err;
  EXPECT_FALSE(database_exists("example_new"));  // replaced by a marked one, then dropped
  EXPECT_EQ(read_report_json(work).at("complete"), true);
}

TEST(Safety, PrimaryNamedLikeAScratchDatabaseIsRefusedBeforeAnythingIsDropped) {
  const auto clone = make_app_clone("primary-name", "");
  const auto work = fresh_dir("primary-name-work");
  // The operator's primary database is called example_released: the profile would drop it.
  const auto config = make_operator_config(work.parent_path(), "example_released");
  const auto profile = write_profile(work.parent_path(), fast_build(), quick_steps());
  const Result result = run_data_test(run_args(clone, work, config, profile));
  EXPECT_EQ(result.status, 2) << result.err;
  EXPECT_NE(result.err.find("the primary database 'example_released' has the name of a scratch "
                            "database"),
            std::string::npos)
      << result.err;
  EXPECT_EQ(query_one("example_released", "select count(*) from example_ops.api_keys"), "1");
  // Even --force-drop does not override it.
  auto forced = run_args(clone, work, config, profile);
  forced.emplace_back("--force-drop");
  EXPECT_EQ(run_data_test(forced).status, 2);
  EXPECT_EQ(query_one("example_released", "select count(*) from example_ops.api_keys"), "1");
  drop_database("example_released");
}

TEST(Safety, SecondConcurrentRunIsRefusedAndTheFirstRunsDatabasesAreUntouched) {
  const auto clone = make_app_clone("lock", "");
  const auto first_work = fresh_dir("lock-first");
  const auto config = make_operator_config(first_work.parent_path());
  const auto steps = nlohmann::json::array({collector_step({"migrate", "--skip-views"}),
                                            {{"copy_rows", "example_ops.api_keys"}},
                                            sh_step(slow_script("FIRST-RUN-BUSY"))});
  const auto profile = write_profile(first_work.parent_path(), fast_build(), steps);
  LiveChild first(run_args(clone, first_work, config, profile));
  ASSERT_TRUE(first.wait_for_stdout("[released] FIRST-RUN-BUSY")) << first.out() << first.err();
  const std::string keys_before =
      query_one("example_released", "select count(*) from example_ops.api_keys");
  ASSERT_EQ(keys_before, "1");

  // A second data-test with the same server and scratch names, in its own work dir.
  const auto second_work = fresh_dir("lock-second");
  const Result second = run_data_test(run_args(clone, second_work, config, profile));
  EXPECT_EQ(second.status, 2) << second.err;
  EXPECT_NE(second.err.find("data-test: error: another data-test run"), std::string::npos)
      << second.err;
  EXPECT_NE(second.err.find("is using the scratch database 'example_released'"), std::string::npos)
      << second.err;
  EXPECT_FALSE(fs::exists(second_work / "released-src"));  // refused before building

  // The first run's databases are as it left them, and it is still running.
  EXPECT_EQ(query_one("example_released", "select count(*) from example_ops.api_keys"), "1");
  EXPECT_TRUE(database_exists("example_new"));
  EXPECT_TRUE(proc::alive(first.pid()));

  first.signal(SIGTERM);
  EXPECT_EQ(first.wait(), 143) << first.err();
  EXPECT_FALSE(database_exists("example_released"));

  // The lock went with the first run's session; a holder in this process blocks a run too.
  {
    ServerSession holder(cluster().params("postgres"));
    holder.lock("example_new");
    const Result blocked = run_data_test(run_args(clone, fresh_dir("lock-third"), config, profile));
    EXPECT_EQ(blocked.status, 2) << blocked.err;
    EXPECT_NE(blocked.err.find("is using the scratch database 'example_new'"), std::string::npos)
        << blocked.err;
  }
}

// Issue 23, item 13: the same, without --fresh. The rerun takes the released build from the
// cache and makes no worktree, so before the fix nothing met the killed run's worktree, which
// stayed registered in the operator's clone.
TEST(Safety, ACrashedRunsWorktreeGoesEvenWhenTheRerunUsesTheCachedBuild) {
  const auto clone = make_app_clone("leftover-cached", "");
  const auto work = fresh_dir("leftover-cached-work");
  const auto config = make_operator_config(work.parent_path());
  const auto profile = write_profile(work.parent_path(), fast_build(), quick_steps());
  {
    const auto slow = write_profile(
        fresh_dir("leftover-cached-slow"), fast_build(),
        nlohmann::json::array(
            {collector_step({"migrate"}),
             sh_step("if [ {side} = new ]; then " + slow_script("CRASH-HERE") + "; fi")}));
    LiveChild crashed(run_args(clone, work, config, slow));
    ASSERT_TRUE(crashed.wait_for_stdout("[new] CRASH-HERE")) << crashed.err();
    crashed.signal(SIGKILL);
    EXPECT_EQ(crashed.wait(), 128 + SIGKILL);
  }
  ASSERT_EQ(worktrees(clone).size(), 2u);
  const Result result = run_data_test(run_args(clone, work, config, profile));
  ASSERT_EQ(result.status, 0) << result.out << result.err;
  EXPECT_NE(result.err.find("released build: cached (commit "), std::string::npos)
      << "not the cached path this test is about:\n"
      << result.err;
  EXPECT_NE(result.err.find("removing the stale worktree"), std::string::npos) << result.err;
  EXPECT_EQ(worktrees(clone).size(), 1u);
  EXPECT_FALSE(fs::exists(work / "released-src"));
}

TEST(Safety, LeftoversOfACrashedRunDoNotBlockTheNextRun) {
  const auto clone = make_app_clone("leftover", "");
  const auto work = fresh_dir("leftover-work");
  const auto config = make_operator_config(work.parent_path());
  const auto profile = write_profile(work.parent_path(), fast_build(), quick_steps());

  // What a SIGKILLed run leaves: its worktree, both marked databases, and a session (the
  // killed collector's, say) still connected to one of them.
  {
    const auto slow = write_profile(
        fresh_dir("leftover-slow"), fast_build(),
        nlohmann::json::array({collector_step({"migrate"}), sh_step(slow_script("CRASH-HERE"))}));
    LiveChild crashed(run_args(clone, work, config, slow));
    ASSERT_TRUE(crashed.wait_for_stdout("[released] CRASH-HERE")) << crashed.err();
    crashed.signal(SIGKILL);
    EXPECT_EQ(crashed.wait(), 128 + SIGKILL);
  }
  ASSERT_EQ(worktrees(clone).size(), 2u);
  ASSERT_TRUE(database_exists("example_released"));
  ASSERT_TRUE(database_exists("example_new"));
  exec_sql("example_new", "create table stale (id int)");
  pqxx::connection lingering(to_conninfo(cluster().params("example_new")));

  // --fresh: the crashed run's worktree must be met (a cached build would make none).
  auto args = run_args(clone, work, config, profile);
  args.emplace_back("--fresh");
  const Result result = run_data_test(args);
  ASSERT_EQ(result.status, 0) << result.out << result.err;
  EXPECT_NE(result.err.find("removing the stale worktree"), std::string::npos) << result.err;
  EXPECT_EQ(worktrees(clone).size(), 1u);
  EXPECT_FALSE(fs::exists(work / "released-src"));
  EXPECT_FALSE(database_exists("example_released"));
  EXPECT_FALSE(database_exists("example_new"));
  EXPECT_EQ(read_report_json(work).at("complete"), true);

  // Item 7: every phase says when it starts and how long it took.
  for (const char* phase :
       {"phase 1/6 (resolve binaries)", "phase 2/6 (provision scratch databases)",
        "phase 4/6 (collect, new side)", "phase 5/6 (row-count diff)"}) {
    EXPECT_NE(result.err.find(std::string("data-test: ") + phase + ": started"), std::string::npos)
        << phase;
    EXPECT_NE(result.err.find(std::string("data-test: ") + phase + ": done in "), std::string::npos)
        << phase << "\n"
        << result.err;
  }
}

}  // namespace
}  // namespace dt::e2e
