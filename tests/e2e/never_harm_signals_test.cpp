// Signals a real terminal sends: an SSH session that drops (SIGHUP), a reader that goes away
// (`data-test ... | head`), a second Ctrl-C; and no core file of a process holding secrets.
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
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

struct Slow {
  fs::path clone, work;
  std::vector<std::string> args;
};

// A run whose released collection prints marker and then waits on a slow grandchild.
Slow slow_run(const std::string& name, const std::string& script) {
  Slow s;
  s.clone = make_app_clone(name, "");
  s.work = fresh_dir(name + "-work");
  const auto config = make_operator_config(s.work.parent_path());
  const auto steps = nlohmann::json::array(
      {collector_step({"migrate"}), {{"copy_rows", "example_ops.api_keys"}}, sh_step(script)});
  const auto profile = write_profile(s.work.parent_path(), fast_build(), steps);
  s.args = run_args(s.clone, s.work, config, profile);
  return s;
}

void expect_cleaned_up(const Slow& s) {
  EXPECT_FALSE(database_exists("example_released"));
  EXPECT_FALSE(database_exists("example_new"));
  EXPECT_EQ(worktrees(s.clone).size(), 1u);
  EXPECT_FALSE(fs::exists(s.work / "released-src"));
  EXPECT_FALSE(fs::exists(s.work / "config" / "released.json"));  // it holds the password
  // Every slow step writes its grandchild's pid first: the check always runs.
  const int grandchild = read_pid(s.work / "grandchild.pid");
  EXPECT_GT(grandchild, 0);
  if (grandchild > 0) {
    EXPECT_FALSE(proc::alive(grandchild));
  }
}

TEST(NeverHarm, SighupMidCollectionCleansUpLikeSigterm) {
  const Slow s = slow_run("harm-hup", slow_script("HANGS-UP-HERE"));
  LiveChild run(s.args);
  ASSERT_TRUE(run.wait_for_stdout("[released] HANGS-UP-HERE")) << run.err();
  run.signal(SIGHUP);
  EXPECT_EQ(run.wait(), 128 + SIGHUP) << run.err();
  expect_cleaned_up(s);
  const auto report = read_report_json(s.work);
  EXPECT_EQ(report.at("complete"), false);
  EXPECT_NE(report.at("incomplete").get<std::string>().find("interrupted by SIGHUP"),
            std::string::npos);
}

TEST(NeverHarm, AReaderThatGoesAwayDoesNotStopTheRun) {
  const auto clone = make_app_clone("harm-pipe", "");
  const auto work = fresh_dir("harm-pipe-work");
  const auto config = make_operator_config(work.parent_path());
  const auto profile = write_profile(work.parent_path(), fast_build(), quick_steps());
  // `data-test ... | head -n 1`: stdout closes after the first line; SIGPIPE must not kill it.
  std::vector<std::string> argv{
      "bash", "-c", R"("$0" "$@" | head -n 1; echo "${PIPESTATUS[0]}" > status)", DATA_TEST_BINARY};
  for (const auto& a : run_args(clone, work, config, profile)) argv.push_back(a);
  const auto r = process::capture(argv, work.parent_path());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(read_text(work.parent_path() / "status"), "0\n") << r.err;
  EXPECT_EQ(read_report_json(work).at("complete"), true);
  EXPECT_FALSE(database_exists("example_released"));
  EXPECT_FALSE(database_exists("example_new"));
  EXPECT_EQ(worktrees(clone).size(), 1u);
}

TEST(NeverHarm, ASecondCtrlCSaysWhatTheRunWaitsFor) {
  // A step that shrugs off SIGTERM: data-test waits out its grace period, then SIGKILLs it and
  // its grandchild (which would otherwise outlive the run by minutes).
  const Slow s =
      slow_run("harm-twice",
               "trap 'echo GOT-TERM' TERM; sleep 300 & echo $! > {work_dir}/grandchild.pid; "
               "echo STUBBORN; wait; sleep 300");
  LiveChild run(s.args);
  ASSERT_TRUE(run.wait_for_stdout("[released] STUBBORN")) << run.err();
  run.signal(SIGINT);
  // The first one reached the step (data-test passed it on as SIGTERM); the second comes now.
  ASSERT_TRUE(run.wait_for_stdout("[released] GOT-TERM")) << run.out();
  run.signal(SIGINT);
  ASSERT_TRUE(run.wait_for_stderr("data-test: stopping; waiting for [released] step 3/3"))
      << run.err();
  EXPECT_EQ(run.wait(), 130) << run.err();
  expect_cleaned_up(s);
}

TEST(NeverHarm, NoCoreFileOfAProcessHoldingSecrets) {
  const Slow s = slow_run("harm-core", slow_script("CORE-CHECK"));
  LiveChild run(s.args);
  ASSERT_TRUE(run.wait_for_stdout("[released] CORE-CHECK")) << run.err();
  std::ifstream limits("/proc/" + std::to_string(run.pid()) + "/limits");
  std::string line;
  bool seen = false;
  while (std::getline(limits, line)) {
    if (line.rfind("Max core file size", 0) != 0) continue;
    std::istringstream fields(line.substr(18));
    std::string soft, hard;
    fields >> soft >> hard;
    EXPECT_EQ(soft, "0") << line;
    EXPECT_EQ(hard, "0") << line;
    seen = true;
  }
  EXPECT_TRUE(seen);
  run.signal(SIGTERM);
  EXPECT_EQ(run.wait(), 143);
  expect_cleaned_up(s);
}

}  // namespace
}  // namespace dt::e2e
