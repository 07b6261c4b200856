// build_side and run_step with real child processes (sh): placeholders, logs, failures.
#include "collect.hpp"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <fmt/format.h>

#include "support/files.hpp"
#include "util/error.hpp"
#include "util/signals.hpp"

namespace fs = std::filesystem;

namespace {

using dt::testing_support::TempDir;

using dt::testing_support::read_file;

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

dt::Step run_step(std::vector<std::string> argv) {
  dt::Step s;
  s.kind = dt::Step::Kind::run;
  s.argv = std::move(argv);
  return s;
}

// The `run` steps [0, count) of profile on side, as Run drives them.
void run_steps(const dt::Profile& profile, std::size_t count, const dt::Side& side,
               const dt::Placeholders& values) {
  for (std::size_t i = 0; i < count; ++i) {
    dt::run_step(side, dt::expand(profile.steps[i].argv, values),
                 fmt::format("step {}/{}", i + 1, count));
  }
}

// A tiny application: its build writes a shell script to {bin}; the script appends its
// arguments to <work_dir>/calls.txt and echoes them.
class Collect : public ::testing::Test {
 protected:
  void SetUp() override {
    work_ = tmp_.path() / "work";
    src_ = tmp_.path() / "src";
    fs::create_directories(src_);
    fs::create_directories(work_);
    side_.name = "released";
    side_.src = src_;
    side_.bin = work_ / "bin" / "released" / "app";
    side_.config = work_ / "released.json";
    side_.log = work_ / "logs" / "released.log";
    profile_.name = "tiny";
    // One script split over two lines, not a missing comma.
    // NOLINTBEGIN(bugprone-suspicious-missing-comma)
    profile_.build = {"sh",
                      "-c",
                      "printf '#!/bin/sh\\necho \"app: $*\" >> %s/calls.txt\\necho \"app ran: "
                      "$*\"\\n' \"$2\" > \"$1\" && chmod +x \"$1\" && echo built in $(pwd)",
                      "sh",
                      "{bin}",
                      "{work_dir}"};
    // NOLINTEND(bugprone-suspicious-missing-comma)
    values_ = dt::placeholders_for(side_, "https://example.com/repo", work_);
  }

  TempDir tmp_;
  fs::path work_, src_;
  dt::Side side_;
  dt::Profile profile_;
  dt::Placeholders values_;
};

TEST_F(Collect, PlaceholdersAreAbsolute) {
  const fs::path old = fs::current_path();
  fs::current_path(tmp_.path());
  dt::Side rel = side_;
  rel.bin = "work/bin/app";
  rel.src = "src";
  const dt::Placeholders v = dt::placeholders_for(rel, "repo-url", "work");
  fs::current_path(old);
  EXPECT_EQ(v.bin, (tmp_.path() / "work/bin/app").string());
  EXPECT_EQ(v.src, (tmp_.path() / "src").string());
  EXPECT_EQ(v.work_dir, (tmp_.path() / "work").string());
  EXPECT_EQ(v.config, side_.config.string());
  EXPECT_EQ(v.repo, "repo-url");
  EXPECT_EQ(v.side, "released");
}

TEST_F(Collect, BuildsIntoBinAndLogs) {
  dt::build_side(profile_, side_, values_);
  ASSERT_TRUE(fs::exists(side_.bin));
  EXPECT_NE(fs::status(side_.bin).permissions() & fs::perms::owner_exec, fs::perms::none);
  const std::string log = read_file(side_.log);
  EXPECT_TRUE(has(log, "==== [released] build: sh -c")) << log;
  // The build ran in the side's source tree.
  EXPECT_TRUE(has(log, "built in " + fs::canonical(src_).string())) << log;
}

TEST_F(Collect, RunsStepsInOrderUpToCount) {
  dt::build_side(profile_, side_, values_);
  profile_.steps = {run_step({"{bin}", "migrate", "{config}"}),
                    run_step({"{bin}", "collect", "{repo}", "--side={side}"}),
                    run_step({"{bin}", "never"})};
  run_steps(profile_, 2, side_, values_);
  EXPECT_EQ(read_file(work_ / "calls.txt"),
            "app: migrate " + side_.config.string() +
                "\napp: collect https://example.com/repo --side=released\n");
  const std::string log = read_file(side_.log);
  EXPECT_TRUE(has(log, "==== [released] step 1/2: " + side_.bin.string() + " migrate")) << log;
  EXPECT_TRUE(has(log, "app ran: collect https://example.com/repo --side=released")) << log;
  EXPECT_FALSE(has(log, "never")) << log;
}

TEST_F(Collect, FailingStepNamesSideStepStatusAndLog) {
  dt::build_side(profile_, side_, values_);
  profile_.steps = {run_step({"{bin}", "one"}), run_step({"sh", "-c", "echo broken; exit 3"}),
                    run_step({"{bin}", "three"})};
  try {
    run_steps(profile_, profile_.steps.size(), side_, values_);
    FAIL() << "expected dt::Error";
  } catch (const dt::Error& e) {
    const std::string msg = e.what();
    EXPECT_TRUE(has(msg, "released step 2/3 failed (exit 3): sh -c")) << msg;
    EXPECT_TRUE(has(msg, "see " + side_.log.string())) << msg;
  }
  EXPECT_EQ(read_file(work_ / "calls.txt"), "app: one\n");
  EXPECT_TRUE(has(read_file(side_.log), "broken"));
}

TEST_F(Collect, FailingBuildNamesSideStatusAndLog) {
  side_.name = "new";
  profile_.build = {"sh", "-c", "echo compiler says no; exit 5"};
  try {
    dt::build_side(profile_, side_, values_);
    FAIL() << "expected dt::Error";
  } catch (const dt::Error& e) {
    const std::string msg = e.what();
    EXPECT_TRUE(has(msg, "new build failed (exit 5): sh -c")) << msg;
    EXPECT_TRUE(has(msg, "see " + side_.log.string())) << msg;
  }
  EXPECT_TRUE(has(read_file(side_.log), "compiler says no"));
}

TEST_F(Collect, BuildThatWritesNoBinaryIsAnError) {
  profile_.build = {"true"};
  EXPECT_THROW(dt::build_side(profile_, side_, values_), dt::Error);
}

TEST_F(Collect, InterruptStopsBeforeTheNextStep) {
  profile_.steps = {run_step({"sh", "-c", "touch marker"})};
  // In a child process: the pending signal would otherwise stay set for the other tests.
  EXPECT_EXIT(
      {
        dt::signals::install();
        std::raise(SIGINT);
        try {
          run_steps(profile_, 1, side_, values_);
        } catch (const dt::Interrupted& e) {
          std::_Exit(fs::exists(src_ / "marker") ? 1 : 40 + e.signal() - SIGINT);
        }
        std::_Exit(2);
      },
      ::testing::ExitedWithCode(40), "");
  EXPECT_FALSE(fs::exists(src_ / "marker"));
}

}  // namespace
