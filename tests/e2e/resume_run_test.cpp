// Issue 16, --resume: after an interruption during the new side's collection, a run with
// --resume in the same work dir collects only the new side. Collections are counted by the
// profile's last step itself (a line per side in collects.txt), builds by the build command.
#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/e2e.hpp"
#include "support/live_child.hpp"
#include "support/safety.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

int lines_equal(const fs::path& file, const std::string& text) {
  std::ifstream in(file);
  int n = 0;
  for (std::string line; std::getline(in, line);) n += line == text ? 1 : 0;
  return n;
}

// A run interrupted during the new side's collection, its released database kept for --resume.
struct Interrupted {
  fs::path work, counts, go;
  std::vector<std::string> args;
};

Interrupted interrupt_new_side(const std::string& name) {
  Interrupted r;
  const auto clone = make_app_clone(name, "");
  r.work = fresh_dir(name + "-work");
  r.counts = fresh_dir(name + "-counts");
  const auto& counts = r.counts;
  const auto config = make_operator_config(counts);
  r.go = counts / "go";
  const fs::path& go = r.go;
  const nlohmann::json build =
      nlohmann::json::array({"sh", "-c",
                             "echo {side} >> '" + (counts / "builds.txt").string() + "' && cp '" +
                                 prebuilt_collector().string() + "' {bin}"});
  nlohmann::json steps = quick_steps();
  // The new side's last step waits for `go`: the test interrupts it there.
  steps.push_back(sh_step("echo {side} >> '" + (counts / "collects.txt").string() +
                          "'; if [ {side} = new ]; then " + gated_script("NEW-COLLECTING", go) +
                          "; fi"));
  const auto profile = write_profile(counts, build, steps);
  r.args = run_args(clone, r.work, config, profile);
  LiveChild child(r.args);
  EXPECT_TRUE(child.wait_for_stdout("[new] NEW-COLLECTING")) << child.out() << child.err();
  child.signal(SIGINT);
  EXPECT_EQ(child.wait(), 130) << child.err();
  EXPECT_TRUE(has_line_with(child.err(), "kept the released database 'example_released'"))
      << child.err();
  return r;
}

TEST(Resume, AfterAnInterruptedNewSideOnlyTheNewSideIsCollected) {
  const Interrupted r = interrupt_new_side("resume");
  const auto& counts = r.counts;
  const auto& work = r.work;
  const auto& args = r.args;
  EXPECT_EQ(lines_equal(counts / "collects.txt", "released"), 1);
  EXPECT_EQ(lines_equal(counts / "collects.txt", "new"), 1);
  EXPECT_TRUE(database_exists("example_released"));
  EXPECT_FALSE(database_exists("example_new"));

  std::ofstream(r.go) << "go";
  auto resumed_args = args;
  resumed_args.emplace_back("--resume");
  const Result resumed = run_data_test(resumed_args);
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("resume: the released side comes from the interrupted run's"),
            std::string::npos)
      << resumed.err;
  EXPECT_EQ(lines_equal(counts / "collects.txt", "released"), 1) << "released collected again";
  EXPECT_EQ(lines_equal(counts / "collects.txt", "new"), 2);
  EXPECT_EQ(lines_equal(counts / "builds.txt", "released"), 1) << "released built again";
  const auto report = read_report_json(work);
  EXPECT_EQ(report.at("complete"), true);
  EXPECT_EQ(verdict_of(report, "example_data.commits"), "PASS");
  // The adopted database is dropped at the end like one this run made.
  EXPECT_FALSE(database_exists("example_released"));
  EXPECT_FALSE(database_exists("example_new"));

  // Nothing left to resume: a second --resume collects both sides.
  const Result again = run_data_test(resumed_args);
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(lines_equal(counts / "collects.txt", "released"), 2);
}

// The audit: --resume after the API key was rotated in the primary adopted the collection made
// with the revoked key, and printed it in the clear. The key rows are part of the resume key.
TEST(Resume, AfterAKeyRotationBothSidesAreCollectedAndTheOldKeyIsNeverPrinted) {
  const Interrupted r = interrupt_new_side("resume-rotated");
  ASSERT_TRUE(database_exists("example_released"));
  exec_sql("example_primary",
           "update example_ops.api_keys set token = 'ghp_ROTATEDkey0123456789abcdef'");
  std::ofstream(r.go) << "go";
  auto resumed_args = r.args;
  resumed_args.emplace_back("--resume");
  const Result resumed = run_data_test(resumed_args);
  exec_sql("example_primary", "update example_ops.api_keys set token = '" + secret_key() + "'");
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("holds no finished released collection of these inputs"),
            std::string::npos)
      << resumed.err;
  EXPECT_EQ(lines_equal(r.counts / "collects.txt", "released"), 2) << "the old collection was used";
  for (const std::string& text : {resumed.out, resumed.err, read_text(r.work / "report.md"),
                                  read_text(r.work / "report.json")}) {
    EXPECT_EQ(text.find(secret_key()), std::string::npos) << text;
  }
  EXPECT_FALSE(database_exists("example_released"));
}

// Without --work-dir the work dir is a fresh temporary one no later run can name: an
// interrupted run keeps nothing for --resume and drops both databases (keys inside) as before.
TEST(Resume, ARunInADefaultWorkDirKeepsNothing) {
  const auto clone = make_app_clone("resume-default", "");
  const auto counts = fresh_dir("resume-default-counts");
  const auto config = make_operator_config(counts);
  const nlohmann::json build =
      nlohmann::json::array({"sh", "-c", "cp '" + prebuilt_collector().string() + "' {bin}"});
  nlohmann::json steps = quick_steps();
  steps.push_back(sh_step("if [ {side} = new ]; then " +
                          gated_script("NEW-COLLECTING", counts / "go") + "; fi"));
  const auto profile = write_profile(counts, build, steps);
  std::vector<std::string> args =
      run_args(clone, fresh_dir("resume-default-unused"), config, profile);
  args.resize(args.size() - 2);  // drop "--work-dir PATH": the default work dir
  ASSERT_EQ(std::find(args.begin(), args.end(), "--work-dir"), args.end());
  // The default work dir goes under $TMPDIR: a directory of this test's, so the interrupted
  // run's report is removed with it rather than left in the machine's /tmp.
  const auto tmp = fresh_dir("resume-default-tmp");
  LiveChild child(args, {{"TMPDIR", tmp.string()}});
  ASSERT_TRUE(child.wait_for_stdout("[new] NEW-COLLECTING")) << child.out() << child.err();
  child.signal(SIGINT);
  EXPECT_EQ(child.wait(), 130) << child.err();
  EXPECT_FALSE(has_line_with(child.err(), "kept the released database")) << child.err();
  EXPECT_EQ(std::distance(fs::directory_iterator(tmp), fs::directory_iterator()), 1)
      << "one default work dir, holding the interrupted run's report";
  EXPECT_FALSE(database_exists("example_released"));
  EXPECT_FALSE(database_exists("example_new"));
}

TEST(Resume, ResumeNeedsTheWorkDir) {
  const Result r = run_data_test({"--released-tag", "v1.0", "--repo", "x", "--resume"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(count_lines_starting(r.err, "data-test: error: flag '--resume' needs '--work-dir"), 1)
      << r.err;
}

}  // namespace
}  // namespace dt::e2e
