#include "support/live_child.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace dt::e2e {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> merged_env(const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    const auto eq = entry.find('=');
    if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& [key, value] : extra) env[key] = value;
  std::vector<std::string> out;
  for (const auto& [key, value] : env) out.push_back(key + "=" + value);
  return out;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

int exit_code(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 255;
}

}  // namespace

bool has_line_with(const std::string& text, const std::string& part) {
  std::size_t start = 0;
  for (auto nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', start)) {
    if (text.substr(start, nl - start).find(part) != std::string::npos) return true;
    start = nl + 1;
  }
  return false;
}

LiveChild::LiveChild(const std::vector<std::string>& args,
                     const std::map<std::string, std::string>& env) {
  std::vector<std::string> argv{DATA_TEST_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<std::string> envs = merged_env(env);
  // Everything the child needs is prepared before fork: only async-signal-safe calls after.
  std::vector<char*> argp = pointers(argv);
  std::vector<char*> envp = pointers(envs);
  int out[2], err[2];
  if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe2 failed");
  }
  const pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    // A crashed test must not leave data-test running.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    const int devnull = ::open("/dev/null", O_RDONLY);
    ::dup2(devnull, 0);
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    ::execve(argp[0], argp.data(), envp.data());
    ::_exit(127);
  }
  ::close(out[1]);
  ::close(err[1]);
  out_fd_ = out[0];
  err_fd_ = err[0];
}

LiveChild::~LiveChild() noexcept {
  if (!reaped_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
  if (out_fd_ >= 0) ::close(out_fd_);
  if (err_fd_ >= 0) ::close(err_fd_);
}

bool LiveChild::pump(int timeout_ms) {
  pollfd fds[2];
  nfds_t n = 0;
  if (out_fd_ >= 0) fds[n++] = pollfd{out_fd_, POLLIN, 0};
  if (err_fd_ >= 0) fds[n++] = pollfd{err_fd_, POLLIN, 0};
  if (n == 0) return false;
  if (::poll(fds, n, timeout_ms) <= 0) return true;
  char buffer[8192];
  for (nfds_t i = 0; i < n; ++i) {
    if (fds[i].revents == 0) continue;
    const ssize_t got = ::read(fds[i].fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    const bool is_out = fds[i].fd == out_fd_;
    if (got <= 0) {
      ::close(fds[i].fd);
      (is_out ? out_fd_ : err_fd_) = -1;
      continue;
    }
    (is_out ? out_ : err_).append(buffer, static_cast<std::size_t>(got));
  }
  return true;
}

bool LiveChild::wait_for(const std::string& text, const std::string& stream,
                         std::chrono::seconds limit) {
  const auto deadline = Clock::now() + limit;
  const std::string& buffer = stream == "out" ? out_ : err_;
  while (!has_line_with(buffer, text)) {
    if (Clock::now() >= deadline || !pump(100)) return has_line_with(buffer, text);
  }
  return true;
}

bool LiveChild::wait_for_stdout(const std::string& text, std::chrono::seconds limit) {
  return wait_for(text, "out", limit);
}

bool LiveChild::wait_for_stderr(const std::string& text, std::chrono::seconds limit) {
  return wait_for(text, "err", limit);
}

void LiveChild::signal(int sig) {
  if (!reaped_) ::kill(pid_, sig);
}

int LiveChild::wait(std::chrono::seconds limit) {
  if (reaped_) return status_;
  const auto deadline = Clock::now() + limit;
  for (;;) {
    int status = 0;
    const pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      reaped_ = true;
      status_ = exit_code(status);
      break;
    }
    if (Clock::now() >= deadline) return -1;
    if (!pump(100)) ::usleep(20000);
  }
  // The pipes may still hold the last lines (or be held open by an escaped grandchild:
  // bounded, so that such a leak shows up in the test's checks instead of hanging it).
  const auto drain = Clock::now() + std::chrono::seconds(10);
  while ((out_fd_ >= 0 || err_fd_ >= 0) && Clock::now() < drain) pump(100);
  return status_;
}

}  // namespace dt::e2e
