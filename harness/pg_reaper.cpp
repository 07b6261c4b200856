#include "pg_reaper.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <fmt/core.h>

#include "util/error.hpp"

namespace fs = std::filesystem;

namespace dt {
namespace {

// Everything in this namespace runs in the forked reaper: async-signal-safe calls only.

bool alive_raw(pid_t pid) {
  if (::kill(pid, 0) != 0) return false;
  char path[32] = "/proc/";
  char digits[16];
  int n = 0;
  for (long v = pid; v > 0 && n < 15; v /= 10) digits[n++] = static_cast<char>('0' + v % 10);
  int at = 6;
  while (n > 0) path[at++] = digits[--n];
  std::memcpy(path + at, "/stat", 6);
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return true;
  char buf[512];
  const ssize_t len = ::read(fd, buf, sizeof buf - 1);
  ::close(fd);
  if (len <= 0) return true;
  buf[len] = '\0';
  const char* close = std::strrchr(buf, ')');
  return close == nullptr || close[1] == '\0' || (close[2] != 'Z' && close[2] != 'X');
}

void nap_ms(long ms) {
  timespec ts{ms / 1000, (ms % 1000) * 1000000L};
  ::nanosleep(&ts, nullptr);
}

bool wait_gone(pid_t pid, long ms) {
  for (long waited = 0; waited < ms; waited += 20) {
    if (!alive_raw(pid)) return true;
    nap_ms(20);
  }
  return !alive_raw(pid);
}

pid_t read_pid_raw(const char* pidfile) {
  const int fd = ::open(pidfile, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  char buf[32];
  const ssize_t len = ::read(fd, buf, sizeof buf);
  ::close(fd);
  long pid = 0;
  for (ssize_t i = 0; i < len && buf[i] >= '0' && buf[i] <= '9'; ++i)
    pid = pid * 10 + (buf[i] - '0');
  return pid > 0 ? static_cast<pid_t>(pid) : -1;
}

[[noreturn]] void reaper_main(int read_fd, const char* pidfile, const char* rm,
                              char* const* rm_argv) {
  ::setsid();  // no terminal: a Ctrl-C for data-test does not reach the reaper
  if (read_fd < 3) read_fd = ::fcntl(read_fd, F_DUPFD_CLOEXEC, 3);
  ::close_range(0, static_cast<unsigned>(read_fd) - 1, 0);
  ::close_range(static_cast<unsigned>(read_fd) + 1, ~0U, 0);
  const int null = ::open("/dev/null", O_RDWR);  // becomes 0
  ::dup2(null, 1);
  ::dup2(null, 2);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  ::sigaction(SIGINT, &ignore, nullptr);
  ::sigaction(SIGHUP, &ignore, nullptr);
  ::sigaction(SIGPIPE, &ignore, nullptr);
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  ::sigaction(SIGTERM, &dfl, nullptr);

  char byte = 0;
  ssize_t n;
  do {
    n = ::read(read_fd, &byte, 1);
  } while (n < 0 && errno == EINTR);
  if (n == 1) ::_exit(0);  // the owner cleaned up and said so

  // EOF: the owner is gone without cleaning up. Stop the server, then delete the directory.
  const pid_t server = read_pid_raw(pidfile);
  if (server > 0 && alive_raw(server)) {
    ::kill(server, SIGQUIT);  // immediate shutdown: the postmaster ends its backends too
    if (!wait_gone(server, 10000)) {
      ::kill(server, SIGKILL);
      wait_gone(server, 10000);
    }
  }
  ::execv(rm, rm_argv);
  ::_exit(1);
}

}  // namespace

std::pair<pid_t, int> start_reaper(const fs::path& dir) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    throw Error(fmt::format("cannot create a pipe: {}", std::strerror(errno)));
  }
  // Everything the child needs is prepared before fork: it may not allocate.
  const std::string pidfile = (dir / "data" / "postmaster.pid").string();
  const std::string rm = ::access("/usr/bin/rm", X_OK) == 0 ? "/usr/bin/rm" : "/bin/rm";
  std::string dir_arg = dir.string();
  std::string a0 = "rm", a1 = "-rf", a2 = "--";
  char* const rm_argv[] = {a0.data(), a1.data(), a2.data(), dir_arg.data(), nullptr};
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    throw Error(fmt::format("cannot fork the cleanup process: {}", std::strerror(errno)));
  }
  if (pid == 0) reaper_main(fds[0], pidfile.c_str(), rm.c_str(), rm_argv);
  ::close(fds[0]);
  return {pid, fds[1]};
}

}  // namespace dt
