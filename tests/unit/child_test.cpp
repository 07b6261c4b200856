// ChildGroup, the one spawn path: the exit status, the drained output (merged or apart), the
// environment it passes on or holds back, the errors that name the program, and the group it
// owns (killed and reaped by the destructor, untouched once released).
#include "util/child.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/files.hpp"
#include "util/error.hpp"

namespace dt::process {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

// What a child wrote, gathered on the reader thread and read after finish().
struct Captured {
  std::mutex mutex;
  std::string out, err;
  int out_eofs = 0, err_eofs = 0;

  Sinks sinks() {
    Sinks s;
    s.out = [this](std::string_view text) {
      std::lock_guard<std::mutex> lock(mutex);
      out.append(text);
    };
    s.err = [this](std::string_view text) {
      std::lock_guard<std::mutex> lock(mutex);
      err.append(text);
    };
    s.out_eof = [this] {
      std::lock_guard<std::mutex> lock(mutex);
      ++out_eofs;
    };
    s.err_eof = [this] {
      std::lock_guard<std::mutex> lock(mutex);
      ++err_eofs;
    };
    return s;
  }
};

Launch sh(const std::string& script) {
  Launch launch;
  launch.argv = {"sh", "-c", script};
  return launch;
}

// The message of the dt::Error that starting launch throws ("" when none is thrown).
std::string start_error(const Launch& launch) {
  try {
    ChildGroup child(launch, {});
    child.finish(false);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

// True while pid exists (as a process or an unreaped zombie of ours).
bool exists(pid_t pid) {
  return ::kill(pid, 0) == 0 || errno != ESRCH;
}

TEST(Child, ExitStatusAndMergedOutputWithOneEof) {
  Captured got;
  ChildGroup child(sh("echo one; echo two >&2; exit 3"), got.sinks());
  EXPECT_EQ(child.finish(false), 3);
  EXPECT_TRUE(child.exited());
  EXPECT_EQ(got.out, "one\ntwo\n");
  EXPECT_EQ(got.err, "");
  EXPECT_EQ(got.out_eofs, 1);
  EXPECT_EQ(got.err_eofs, 0);
}

TEST(Child, SeparateStreamsWhenNotMerged) {
  Captured got;
  Launch launch = sh("echo out; echo err >&2");
  launch.merge_output = false;
  ChildGroup child(launch, got.sinks());
  EXPECT_EQ(child.finish(false), 0);
  EXPECT_EQ(got.out, "out\n");
  EXPECT_EQ(got.err, "err\n");
  EXPECT_EQ(got.out_eofs, 1);
  EXPECT_EQ(got.err_eofs, 1);
}

TEST(Child, NoCaptureSendsNothingToTheSinks) {
  Captured got;
  Launch launch = sh("echo lost; echo lost >&2");
  launch.capture_output = false;
  ChildGroup child(launch, got.sinks());
  EXPECT_EQ(child.finish(false), 0);
  EXPECT_EQ(got.out, "");
  EXPECT_EQ(got.out_eofs, 0);
}

TEST(Child, EnvironmentAddedOverriddenAndUnset) {
  ::setenv("DT_CHILD_TEST_KEEP", "kept", 1);
  ::setenv("DT_CHILD_TEST_DROP_A", "a", 1);
  ::setenv("PGCHILDTEST", "pg", 1);
  Captured got;
  Launch launch =
      sh("echo \"${DT_CHILD_TEST_KEEP-unset} ${DT_CHILD_TEST_DROP_A-unset} ${PGCHILDTEST-unset} "
         "${DT_CHILD_TEST_NEW-unset}\"");
  launch.env = {{"DT_CHILD_TEST_NEW", "new"}, {"DT_CHILD_TEST_KEEP", "overridden"}};
  launch.unset = {"DT_CHILD_TEST_DROP_A", "PG*", "DT_CHILD_TEST_KEEP"};
  ChildGroup child(launch, got.sinks());
  EXPECT_EQ(child.finish(false), 0);
  // env wins over unset; a name and a prefix with '*' are both held back.
  EXPECT_EQ(got.out, "overridden unset unset new\n");
  ::unsetenv("DT_CHILD_TEST_KEEP");
  ::unsetenv("DT_CHILD_TEST_DROP_A");
  ::unsetenv("PGCHILDTEST");
}

TEST(Child, RunsInItsWorkingDirectory) {
  testing_support::TempDir dir("dt-child");
  Captured got;
  Launch launch = sh("pwd -P");
  launch.cwd = dir.path();
  ChildGroup child(launch, got.sinks());
  EXPECT_EQ(child.finish(false), 0);
  EXPECT_EQ(got.out, std::filesystem::canonical(dir.path()).string() + "\n");
}

TEST(Child, StartErrorsNameTheProgram) {
  Launch missing;
  missing.argv = {"dt-child-test-no-such-program"};
  EXPECT_THAT(start_error(missing), HasSubstr("cannot run 'dt-child-test-no-such-program': not "
                                              "found on PATH"));
  Launch no_file;
  no_file.argv = {"/nonexistent/dt-child-test"};
  EXPECT_THAT(start_error(no_file), HasSubstr("cannot run '/nonexistent/dt-child-test': no "
                                              "executable file there"));
  EXPECT_THAT(start_error(Launch{}), HasSubstr("cannot run an empty command"));
  Launch no_dir = sh("true");
  no_dir.cwd = "/nonexistent/dt-child-dir";
  EXPECT_THAT(start_error(no_dir), HasSubstr("working directory '/nonexistent/dt-child-dir' does "
                                             "not exist"));
}

TEST(Child, ChildIsTheLeaderOfItsOwnGroup) {
  Captured got;
  // Field 5 of /proc/<pid>/stat is the process group ("sh" has no space in its name).
  ChildGroup child(sh("cut -d' ' -f5 /proc/$$/stat"), got.sinks());
  const pid_t pid = child.pid();
  EXPECT_EQ(child.finish(false), 0);
  EXPECT_EQ(std::stoi(got.out), pid);
  EXPECT_NE(pid, ::getpgrp());
}

TEST(Child, InterruptedFinishEndsTheGroup) {
  ChildGroup child(sh("sleep 60 & sleep 60; wait"), {});
  const auto start = std::chrono::steady_clock::now();
  const int status = child.finish(true);
  EXPECT_EQ(status, 128 + SIGTERM);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 30s);
  EXPECT_FALSE(exists(child.pid()));
}

TEST(Child, DestructorKillsAndReapsAnUnfinishedChild) {
  pid_t pid = -1;
  {
    ChildGroup child(sh("sleep 60"), {});
    pid = child.pid();
    ASSERT_TRUE(exists(pid));
    EXPECT_FALSE(child.exited());
  }
  EXPECT_FALSE(exists(pid));  // killed and reaped: not even a zombie is left
}

TEST(Child, ReleasedChildOutlivesTheObject) {
  pid_t pid = -1;
  {
    ChildGroup child(sh("sleep 60"), {});
    pid = child.release();
  }
  EXPECT_TRUE(exists(pid));
  ::kill(pid, SIGKILL);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_EQ(exit_code(status), 128 + SIGKILL);
}

TEST(Child, ExitCodeFromAWaitStatus) {
  EXPECT_EQ(exit_code(0), 0);
  EXPECT_EQ(exit_code(7 << 8), 7);  // exited with 7
  EXPECT_EQ(exit_code(SIGKILL), 128 + SIGKILL);
  EXPECT_EQ(exit_code(0x7f | (SIGSTOP << 8)), 255);  // stopped: neither exited nor killed
}

}  // namespace
}  // namespace dt::process
