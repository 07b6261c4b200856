// Issue 7, items 3 and 7: SIGINT/SIGTERM during a build and during a collection end the child
// tree, remove the worktree, drop the scratch databases (unless --keep-dbs), write a partial
// report naming the phase and exit 128 + signal; output streams live, with a heartbeat.
#include <csignal>
#include <string>

#include <gtest/gtest.h>

#include "support/e2e.hpp"
#include "support/live_child.hpp"
#include "support/safety.hpp"
#include "util/proc.hpp"
#include "util/process.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

struct Interrupted {
  fs::path clone;
  fs::path work;
  int status = -1;
  int grandchild = -1;
  std::string out, err;
};

// Starts data-test with profile, reads its stdout until marker (so the line was streamed live,
// long before the child ends), optionally until the heartbeat on stderr, then sends sig.
Interrupted interrupt_at(const std::string& name, const nlohmann::json& build,
                         const nlohmann::json& steps, const std::string& marker, int sig,
                         const std::string& heartbeat = "", bool keep_dbs = false) {
  Interrupted run;
  run.clone = make_app_clone(name, "");
  run.work = fresh_dir(name + "-work");
  const auto config = make_operator_config(run.work.parent_path());
  const auto profile = write_profile(run.work.parent_path(), build, steps);
  auto args = run_args(run.clone, run.work, config, profile);
  if (keep_dbs) args.emplace_back("--keep-dbs");
  LiveChild child(args, {{"DATA_TEST_HEARTBEAT_SECONDS", "1"}});
  const bool saw_marker = child.wait_for_stdout(marker);
  EXPECT_TRUE(saw_marker) << child.out() << child.err();
  if (!heartbeat.empty()) {
    EXPECT_TRUE(child.wait_for_stderr(heartbeat)) << child.err();
  }
  run.grandchild = read_pid(run.work / "grandchild.pid");
  child.signal(sig);
  run.status = child.wait();
  run.out = child.out();
  run.err = child.err();
  return run;
}

// What every interrupted run must leave: no process of its tree, only the main worktree, the
// released source gone, and a partial report naming where it stopped.
void expect_cleaned_up(const Interrupted& run, const std::string& phase) {
  ASSERT_GT(run.grandchild, 0) << "the slow child never wrote its pid";
  EXPECT_FALSE(proc::alive(run.grandchild)) << "grandchild " << run.grandchild << " orphaned";
  EXPECT_EQ(worktrees(run.clone).size(), 1u);
  EXPECT_FALSE(fs::exists(run.work / "released-src"));
  const std::string md = read_text(run.work / "report.md");
  EXPECT_NE(md.find("**Incomplete run:**"), std::string::npos) << md;
  EXPECT_NE(md.find(phase), std::string::npos) << md;
  EXPECT_EQ(read_report_json(run.work).at("complete"), false);
}

TEST(SafetyInterrupt, SigtermDuringBuildEndsTreeAndCleansUp) {
  const auto run =
      interrupt_at("int-build", sh_step(slow_script("BUILD-MARKER"))["run"],
                   nlohmann::json::array({collector_step({"migrate"})}), "[released] BUILD-MARKER",
                   SIGTERM, "[released] build still running");
  EXPECT_EQ(run.status, 143) << run.err;
  expect_cleaned_up(run, "interrupted by SIGTERM during phase 1/6 (resolve binaries)");
  // The build came first: nothing was created on the server.
  EXPECT_FALSE(database_exists("example_released"));
  EXPECT_FALSE(database_exists("example_new"));
  EXPECT_NE(run.err.find("data-test: error: interrupted by SIGTERM; cleaned up"), std::string::npos)
      << run.err;
}

TEST(SafetyInterrupt, SigintDuringCollectionEndsTreeAndDropsDatabases) {
  const auto steps = nlohmann::json::array(
      {collector_step({"migrate", "--skip-views"}), sh_step(slow_script("STEP-MARKER"))});
  const auto run = interrupt_at("int-collect", fast_build(), steps, "[released] STEP-MARKER",
                                SIGINT, "[released] step 2/2 still running (");
  EXPECT_EQ(run.status, 130) << run.err;
  expect_cleaned_up(run, "interrupted by SIGINT during phase 4/6 (collect, released side)");
  EXPECT_FALSE(database_exists("example_released"));
  EXPECT_FALSE(database_exists("example_new"));
  // Live output: the migration's own line, prefixed, reached stdout before the interruption.
  EXPECT_NE(run.out.find("[released] migrate: tables ready"), std::string::npos) << run.out;
}

TEST(SafetyInterrupt, SigtermWithKeepDbsKeepsTheMarkedDatabases) {
  const auto steps = nlohmann::json::array(
      {collector_step({"migrate", "--skip-views"}), sh_step(slow_script("KEEP-MARKER"))});
  const auto run = interrupt_at("int-keep", fast_build(), steps, "[released] KEEP-MARKER", SIGTERM,
                                "", /*keep_dbs=*/true);
  EXPECT_EQ(run.status, 143) << run.err;
  expect_cleaned_up(run, "interrupted by SIGTERM during phase 4/6 (collect, released side)");
  for (const char* db : {"example_released", "example_new"}) {
    ASSERT_TRUE(database_exists(db)) << db;
    EXPECT_EQ(query_one("postgres", std::string("select shobj_description(oid, 'pg_database') "
                                                "like 'data-test scratch database%' from "
                                                "pg_database where datname = '") +
                                        db + "'"),
              "t");
    drop_database(db);
  }
}

}  // namespace
}  // namespace dt::e2e
