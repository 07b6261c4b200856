#include "util/child.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <system_error>

#include <fmt/format.h>
#include <boost/process/args.hpp>
#include <boost/process/child.hpp>
#include <boost/process/exe.hpp>
#include <boost/process/extend.hpp>
#include <boost/process/start_dir.hpp>

#include "util/error.hpp"
#include "util/file.hpp"
#include "util/log.hpp"
#include "util/proc.hpp"
#include "util/redact.hpp"

extern char** environ;

namespace dt::process {
namespace {

namespace bp = boost::process;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr auto kGrace = std::chrono::seconds(5);  // SIGTERM -> SIGKILL

// Marks every descriptor >= 3 close-on-exec, so the child inherits only 0, 1 and 2 (and
// Boost's own error pipe still reports a failed exec). Async-signal-safe.
void cloexec_from_3() noexcept {
#ifdef CLOSE_RANGE_CLOEXEC
  if (::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return;
#endif
  rlimit limit{};
  rlim_t max_fd = 4096;
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    max_fd = limit.rlim_cur < 65536 ? limit.rlim_cur : 65536;
  }
  for (int fd = 3; static_cast<rlim_t>(fd) < max_fd; ++fd) {
    const int flags = ::fcntl(fd, F_GETFD);
    if (flags >= 0) ::fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
  }
}

// Runs in the child between fork and exec: async-signal-safe calls only.
struct ChildSetup : bp::extend::handler {
  pid_t parent;
  int in, out, err;
  bool die_with_parent, new_session;

  template <class Executor>
  void on_exec_setup(Executor&) const {
    if (die_with_parent) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent) ::_exit(127);  // the parent died before prctl took effect
    }
    if (new_session) {
      ::setsid();
    } else {
      ::setpgid(0, 0);
    }
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    // Ignored dispositions survive exec: the child gets the defaults back.
    for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT}) ::sigaction(sig, &dfl, nullptr);
    cloexec_from_3();
  }
};

// Hands execve our own environment block. Boost 1.74's environment lookup over-reads the heap
// (boostorg/process #180, #246), so the block is built here without it.
struct EnvSetup : bp::extend::handler {
  char** envp;
  template <class Executor>
  void on_setup(Executor& e) const {
    e.env = envp;
  }
};

bool matches(const std::string& key, const std::vector<std::string>& unset) {
  return std::any_of(unset.begin(), unset.end(), [&](const std::string& pattern) {
    if (!pattern.empty() && pattern.back() == '*') {
      return key.compare(0, pattern.size() - 1, pattern, 0, pattern.size() - 1) == 0;
    }
    return key == pattern;
  });
}

std::vector<std::string> environment(const std::map<std::string, std::string>& overrides,
                                     const std::vector<std::string>& unset) {
  std::vector<std::string> out;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string_view entry(*e);
    const std::string key(entry.substr(0, entry.find('=')));
    if (overrides.count(key) == 0 && !matches(key, unset)) out.emplace_back(entry);
  }
  for (const auto& [key, value] : overrides) {
    out.push_back(key);
    out.back() += '=';
    out.back() += value;
  }
  return out;
}

std::string effective_path(const std::map<std::string, std::string>& env) {
  if (auto it = env.find("PATH"); it != env.end()) return it->second;
  const char* path = std::getenv("PATH");
  return path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
}

// argv[0] as a program path; throws dt::Error when there is none.
std::string resolve(const Launch& launch, const fs::path& dir) {
  if (launch.argv.empty() || launch.argv[0].empty()) {
    throw Error("cannot run an empty command; fix the profile's build/run command");
  }
  const std::string& name = launch.argv[0];
  if (name.find('/') != std::string::npos) {
    const fs::path program = fs::path(name).is_relative() ? dir / name : fs::path(name);
    if (!file::is_executable_file(program)) {
      throw Error(fmt::format(
          "cannot run '{}': no executable file there; build it first or fix the profile's "
          "build/run command",
          redact::scrub(name)));
    }
    return program.string();
  }
  const std::string path = effective_path(launch.env);
  for (std::size_t start = 0; start <= path.size();) {
    std::size_t end = path.find(':', start);
    if (end == std::string::npos) end = path.size();
    const fs::path candidate =
        (end == start ? fs::path(".") : fs::path(path.substr(start, end - start))) / name;
    if (file::is_executable_file(candidate)) return candidate.string();
    start = end + 1;
  }
  throw Error(
      fmt::format("cannot run '{}': not found on PATH; install it or fix the profile's "
                  "build/run command",
                  redact::scrub(name)));
}

Fd open_null(int flags) {
  Fd fd(::open("/dev/null", flags | O_CLOEXEC));
  if (!fd) throw Error(fmt::format("cannot open /dev/null: {}", std::strerror(errno)));
  return fd;
}

// A pipe, both ends close-on-exec: {read, write}.
std::pair<Fd, Fd> make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    throw Error(fmt::format("cannot create a pipe for a child process: {}", std::strerror(errno)));
  }
  return {Fd(fds[0]), Fd(fds[1])};
}

bool leader_exited(pid_t pid) noexcept {
  siginfo_t info{};
  if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
    return errno == ECHILD;
  }
  return info.si_pid == pid;
}

// Reads every pipe until EOF or until abandon_at has passed (a process that left the group may
// hold a pipe open forever).
void pump(std::vector<Fd>& pipes, const Sinks& sinks, const std::atomic<long long>& abandon_at,
          bool merged) noexcept {
  try {
    std::vector<bool> open(pipes.size(), true);
    char buffer[65536];
    for (;;) {
      std::vector<pollfd> fds;
      std::vector<std::size_t> index;
      for (std::size_t i = 0; i < pipes.size(); ++i) {
        if (!open[i]) continue;
        fds.push_back(pollfd{pipes[i].get(), POLLIN, 0});
        index.push_back(i);
      }
      if (fds.empty()) return;
      const int ready = ::poll(fds.data(), fds.size(), 100);
      if (ready < 0 && errno != EINTR) break;
      for (std::size_t k = 0; ready > 0 && k < fds.size(); ++k) {
        if (fds[k].revents == 0) continue;
        const std::size_t i = index[k];
        const bool is_out = i == 0 || merged;
        const ssize_t n = ::read(fds[k].fd, buffer, sizeof buffer);
        if (n > 0) {
          const auto& sink = is_out ? sinks.out : sinks.err;
          if (sink) sink(std::string_view(buffer, static_cast<std::size_t>(n)));
        } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
          open[i] = false;
          const auto& eof = is_out ? sinks.out_eof : sinks.err_eof;
          if (eof) eof();
        }
      }
      const long long abandon = abandon_at.load();
      if (abandon != 0 && Clock::now().time_since_epoch().count() >= abandon) break;
    }
    for (std::size_t i = 0; i < pipes.size(); ++i) {
      const auto& eof = (i == 0 || merged) ? sinks.out_eof : sinks.err_eof;
      if (open[i] && eof) eof();
    }
  } catch (const std::exception& e) {
    log::warn(fmt::format("reading a child's output failed: {}", e.what()));
  }
}

}  // namespace

int exit_code(int wait_status) noexcept {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return 255;
}

ChildGroup::ChildGroup(const Launch& launch, Sinks sinks) {
  const fs::path dir = launch.cwd.empty() ? file::current_dir() : launch.cwd;
  if (!file::is_directory(dir)) {
    throw Error(fmt::format("cannot run '{}': working directory '{}' does not exist; create it",
                            redact::scrub(launch.argv.empty() ? "" : launch.argv[0]),
                            dir.string()));
  }
  const std::string exe = resolve(launch, dir);
  std::vector<std::string> env_strings = environment(launch.env, launch.unset);
  std::vector<char*> envp;
  for (auto& entry : env_strings) envp.push_back(entry.data());
  envp.push_back(nullptr);

  Fd null_in = open_null(O_RDONLY);
  Fd null_out = open_null(O_WRONLY);
  std::vector<Fd> readers;
  Fd out_write, err_write;
  if (launch.capture_output) {
    auto out = make_pipe();
    readers.push_back(std::move(out.first));
    out_write = std::move(out.second);
    if (!launch.merge_output) {
      auto err = make_pipe();
      readers.push_back(std::move(err.first));
      err_write = std::move(err.second);
    }
  }
  const int out_fd = out_write ? out_write.get() : null_out.get();
  const int err_fd = err_write ? err_write.get() : out_fd;
  const ChildSetup setup{{},
                         ::getpid(),
                         launch.stdin_fd >= 0 ? launch.stdin_fd : null_in.get(),
                         out_fd,
                         err_fd,
                         launch.die_with_parent,
                         launch.new_session};
  const std::vector<std::string> args(launch.argv.begin() + 1, launch.argv.end());
  std::error_code ec;
  bp::child child(bp::exe = exe, bp::args = args, bp::start_dir = dir.string(),
                  EnvSetup{{}, envp.data()}, setup, ec);
  if (ec || !child.valid()) {
    throw Error(
        fmt::format("cannot run '{}': {}; install it or fix the profile's build/run command",
                    redact::scrub(launch.argv[0]), ec.message()));
  }
  pid_ = child.id();
  // The child does it too; doing it here as well means the group can be signalled at once.
  if (!launch.new_session) ::setpgid(pid_, pid_);
  // From here on this object owns the pid: Boost must neither wait for it nor kill it.
  child.detach();
  // Our copies of the write ends must close, or the reader never sees EOF.
  out_write.reset();
  err_write.reset();
  start_reader(std::move(readers), std::move(sinks));
}

void ChildGroup::start_reader(std::vector<Fd> pipes, Sinks sinks) {
  if (pipes.empty()) return;
  const bool merged = pipes.size() == 1;
  try {
    reader_ = std::thread(
        [this, merged, pipes = std::move(pipes), sinks = std::move(sinks)]() mutable noexcept {
          pump(pipes, sinks, abandon_at_, merged);
        });
  } catch (const std::system_error& e) {
    ::kill(-pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    done_ = true;
    throw Error(fmt::format("cannot start a thread to read a child's output: {}", e.what()));
  }
}

bool ChildGroup::exited() const noexcept {
  return done_ || leader_exited(pid_);
}

void ChildGroup::signal_leader(int sig) noexcept {
  if (!done_) ::kill(pid_, sig);
}

int ChildGroup::finish(bool interrupted) {
  if (done_) return 255;
  auto deadline = Clock::now() + kGrace;
  if (interrupted) ::kill(-pid_, SIGTERM);
  while (!leader_exited(pid_)) {
    if (interrupted && Clock::now() >= deadline) {
      ::kill(-pid_, SIGKILL);
      break;
    }
    std::this_thread::sleep_for(kChildPollInterval);
  }
  // The leader is a zombie (or dying of SIGKILL): the group id cannot be reused yet, so
  // signalling the group reaches only its remaining members.
  if (!interrupted) ::kill(-pid_, SIGTERM);
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  done_ = true;
  if (!interrupted) deadline = Clock::now() + kGrace;
  while (proc::group_alive(pid_)) {
    if (Clock::now() >= deadline) {
      ::kill(-pid_, SIGKILL);
      break;
    }
    std::this_thread::sleep_for(kChildPollInterval);
  }
  join_reader(std::chrono::seconds(2));
  return exit_code(status);
}

pid_t ChildGroup::release() noexcept {
  done_ = true;
  join_reader(std::chrono::seconds(0));
  return pid_;
}

void ChildGroup::join_reader(std::chrono::seconds drain) noexcept {
  if (!reader_.joinable()) return;
  abandon_at_ = (Clock::now() + drain).time_since_epoch().count();
  reader_.join();
}

ChildGroup::~ChildGroup() noexcept {
  if (!done_ && pid_ > 0) {
    ::kill(-pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    done_ = true;
  }
  join_reader(std::chrono::seconds(0));
}

}  // namespace dt::process
