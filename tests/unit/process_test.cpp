#include "util/process.hpp"
#include "util/proc.hpp"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/error.hpp"
#include "util/redact.hpp"
#include "util/signals.hpp"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A fresh directory per test, removed afterwards.
class ProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "data-test-process-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    dt::signals::clear_for_tests();
    fs::remove_all(dir_);
  }

  static std::string read(const fs::path& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  // Waits (bounded, for liveness only) until file holds a complete line; returns it.
  static std::string wait_for_line(const fs::path& file) {
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (std::chrono::steady_clock::now() < deadline) {
      const std::string text = read(file);
      if (!text.empty() && text.back() == '\n') return text.substr(0, text.size() - 1);
      std::this_thread::sleep_for(20ms);
    }
    return {};
  }

  dt::process::Spec sh(const std::string& script) const {
    dt::process::Spec spec;
    spec.argv = {"sh", "-c", script};
    spec.cwd = dir_;
    spec.prefix = "[t] ";
    spec.log_file = dir_ / "out.log";
    spec.echo = false;
    return spec;
  }

  fs::path dir_;
};

TEST_F(ProcessTest, MergedOutputIsPrefixedLineByLineIncludingAPartialLastLine) {
  EXPECT_EQ(dt::process::run(sh("echo one; echo two >&2; printf three")), 0);
  EXPECT_EQ(read(dir_ / "out.log"), "[t] one\n[t] two\n[t] three\n");
}

TEST_F(ProcessTest, LinesReachTheLogWhileTheChildStillRuns) {
  // The child only ends once the test has seen its first line in the log.
  // Held back until the child exits, the line would never be seen: the helper gives up after a
  // bounded wait (liveness only) and says so.
  auto spec = sh("echo first; while [ ! -f go ]; do sleep 0.05; done; echo last");
  bool seen_while_running = false;
  std::thread helper([&] {
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (!seen_while_running && std::chrono::steady_clock::now() < deadline) {
      seen_while_running = read(dir_ / "out.log").find("[t] first\n") != std::string::npos;
      if (!seen_while_running) std::this_thread::sleep_for(20ms);
    }
    std::ofstream(dir_ / "go") << "\n";
  });
  const int status = dt::process::run(spec);
  helper.join();
  EXPECT_TRUE(seen_while_running) << "the first line reached the log only after the child ended";
  EXPECT_EQ(status, 0);
  EXPECT_EQ(read(dir_ / "out.log"), "[t] first\n[t] last\n");
}

TEST_F(ProcessTest, ExitStatuses) {
  EXPECT_EQ(dt::process::run(sh("exit 0")), 0);
  EXPECT_EQ(dt::process::run(sh("exit 3")), 3);
  EXPECT_EQ(dt::process::run(sh("kill -KILL $$")), 128 + SIGKILL);
}

TEST_F(ProcessTest, EnvironmentAndWorkingDirectory) {
  auto spec = sh("pwd; echo \"$DT_TEST_VALUE\"");
  spec.env["DT_TEST_VALUE"] = "from-spec";
  EXPECT_EQ(dt::process::run(spec), 0);
  EXPECT_EQ(read(dir_ / "out.log"), "[t] " + fs::canonical(dir_).string() + "\n[t] from-spec\n");
}

TEST_F(ProcessTest, SecretsAreScrubbedFromOutput) {
  dt::redact::add_secret("pa55-word-xyz");
  EXPECT_EQ(dt::process::run(sh("echo user=a password=pa55-word-xyz")), 0);
  EXPECT_EQ(read(dir_ / "out.log"), "[t] user=a password=********\n");
}

TEST_F(ProcessTest, MissingProgramIsAnError) {
  dt::process::Spec spec;
  spec.argv = {"data-test-no-such-program-xyz", "--version"};
  spec.cwd = dir_;
  try {
    dt::process::run(spec);
    FAIL() << "expected dt::Error";
  } catch (const dt::Error& e) {
    EXPECT_NE(std::string(e.what()).find("'data-test-no-such-program-xyz': not found on PATH"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(dt::process::capture({"data-test-no-such-program-xyz"}, dir_), dt::Error);
  EXPECT_THROW(dt::process::capture({"./not-here"}, dir_), dt::Error);
}

TEST_F(ProcessTest, BackgroundLeftoversEndWithTheStep) {
  // The background sleep keeps the output pipe open; run() must still return, and end it.
  EXPECT_EQ(dt::process::run(sh("sleep 300 & echo $! > bg.pid")), 0);
  const pid_t bg = std::stoi(read(dir_ / "bg.pid"));
  EXPECT_FALSE(dt::proc::alive(bg));
}

TEST_F(ProcessTest, InterruptEndsTheWholeTree) {
  dt::signals::install();
  dt::signals::clear_for_tests();
  std::thread sender([&] {
    // Wait until the grandchild exists, then signal ourselves as a user would.
    if (!wait_for_line(dir_ / "grandchild.pid").empty()) ::kill(::getpid(), SIGTERM);
  });
  try {
    dt::process::run(
        sh("echo $$ > child.pid; sleep 300 & echo $! > grandchild.pid; "
           "sleep 300; wait"));
    sender.join();
    FAIL() << "expected dt::Interrupted";
  } catch (const dt::Interrupted& e) {
    sender.join();
    EXPECT_EQ(e.signal(), SIGTERM);
    EXPECT_STREQ(e.what(), "interrupted by SIGTERM");
  }
  const pid_t child = std::stoi(read(dir_ / "child.pid"));
  const pid_t grandchild = std::stoi(read(dir_ / "grandchild.pid"));
  EXPECT_FALSE(dt::proc::alive(child));
  EXPECT_FALSE(dt::proc::alive(grandchild));
}

TEST_F(ProcessTest, CaptureSeparatesStreams) {
  const auto result = dt::process::capture({"sh", "-c", "echo out; echo err >&2; exit 4"}, dir_);
  EXPECT_EQ(result.status, 4);
  EXPECT_EQ(result.out, "out\n");
  EXPECT_EQ(result.err, "err\n");
}

TEST_F(ProcessTest, CaptureIgnoresAPendingSignal) {
  // Guards call capture while an interrupted run unwinds; it must still do its job.
  dt::signals::install();
  ::kill(::getpid(), SIGINT);
  ASSERT_EQ(dt::signals::pending(), SIGINT);
  const auto result = dt::process::capture({"echo", "still", "runs"}, dir_);
  EXPECT_EQ(result.status, 0);
  EXPECT_EQ(result.out, "still runs\n");
}

TEST_F(ProcessTest, DisplayQuotesAndScrubs) {
  dt::redact::add_secret("display-secret");
  EXPECT_EQ(dt::process::display({"git", "-C", "/a b", "it's", "", "--x=display-secret"}),
            R"(git -C '/a b' 'it'\''s' '' --x=********)");
}

TEST_F(ProcessTest, AliveSeesZombiesAsGone) {
  EXPECT_TRUE(dt::proc::alive(::getpid()));
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  // Unreaped: a zombie until waitpid below. The loop is bounded for liveness only.
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (dt::proc::alive(child) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_FALSE(dt::proc::alive(child));
  EXPECT_EQ(::kill(child, 0), 0);  // still there as a zombie, yet not alive
  int status = 0;
  ::waitpid(child, &status, 0);
}

TEST(ProcessFormat, ElapsedTimeIsHumanReadable) {
  EXPECT_EQ(dt::process::format_elapsed(0s), "0s");
  EXPECT_EQ(dt::process::format_elapsed(45s), "45s");
  EXPECT_EQ(dt::process::format_elapsed(300s), "5m 0s");
  EXPECT_EQ(dt::process::format_elapsed(3723s), "1h 2m 3s");
  EXPECT_EQ(dt::process::format_elapsed(-5s), "0s");
}

TEST(ProcessFormat, HeartbeatSecondsFallBackToSixty) {
  EXPECT_EQ(dt::process::parse_heartbeat_seconds(nullptr), 60s);
  EXPECT_EQ(dt::process::parse_heartbeat_seconds(""), 60s);
  EXPECT_EQ(dt::process::parse_heartbeat_seconds("1"), 1s);
  EXPECT_EQ(dt::process::parse_heartbeat_seconds("600"), 600s);
  EXPECT_EQ(dt::process::parse_heartbeat_seconds("86400"), 86400s);
  for (const char* bad : {"0", "-3", "5s", "abc", "99999999999999999999999", "86401", " 5", "+5",
                          "5 ", "-0", "9223372036854775808"}) {
    EXPECT_THROW(dt::process::parse_heartbeat_seconds(bad), dt::Error) << bad;
  }
}

TEST(ProcessFormat, StatusNamesTheSignal) {
  EXPECT_EQ(dt::process::describe_status(3), "exit 3");
  EXPECT_EQ(dt::process::describe_status(128), "exit 128");
  EXPECT_EQ(dt::process::describe_status(139), "killed by signal 11 (SIGSEGV), exit 139");
  EXPECT_EQ(dt::process::describe_status(137), "killed by signal 9 (SIGKILL), exit 137");
  EXPECT_EQ(dt::process::describe_status(255), "exit 255");
}

TEST_F(ProcessTest, LabelledChildGetsAHeartbeatOnStderr) {
  ::setenv("DATA_TEST_HEARTBEAT_SECONDS", "1", 1);
  // The child ends only once the heartbeat is on stderr, captured in a file: no timing
  // assumption, only a bounded wait for liveness.
  const fs::path err = dir_ / "stderr";
  const int saved = ::dup(2);
  const int fd = ::open(err.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0600);
  ::dup2(fd, 2);
  ::close(fd);
  auto spec = sh("i=0; while ! grep -q 'still running' '" + err.string() +
                 "' && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done");
  spec.label = "[t] step 1/1";
  spec.echo = false;
  const int status = dt::process::run(spec);
  std::fflush(stderr);
  ::dup2(saved, 2);
  ::close(saved);
  ::unsetenv("DATA_TEST_HEARTBEAT_SECONDS");
  EXPECT_EQ(status, 0);
  EXPECT_NE(read(err).find("data-test: [t] step 1/1 still running ("), std::string::npos)
      << read(err);
}

}  // namespace
