#include "util/process.hpp"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <mutex>
#include <system_error>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/core.h>
#include <boost/process/args.hpp>
#include <boost/process/child.hpp>
#include <boost/process/env.hpp>
#include <boost/process/environment.hpp>
#include <boost/process/exe.hpp>
#include <boost/process/extend.hpp>
#include <boost/process/group.hpp>
#include <boost/process/io.hpp>
#include <boost/process/pipe.hpp>
#include <boost/process/search_path.hpp>
#include <boost/process/start_dir.hpp>

#include "util/error.hpp"
#include "util/log.hpp"
#include "util/redact.hpp"
#include "util/signals.hpp"

namespace dt::process {
namespace {

namespace bp = boost::process;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr auto kPollInterval = std::chrono::milliseconds(50);
constexpr auto kGrace = std::chrono::seconds(5);        // SIGTERM -> SIGKILL
constexpr auto kReaderDrain = std::chrono::seconds(2);  // output left by escaped processes
constexpr std::size_t kMaxLine = 64 * 1024;             // a longer run without '\n' is cut

// Lines of concurrent children must not interleave on the terminal.
std::mutex& stdout_mutex() {
  static std::mutex m;
  return m;
}

// Marks every descriptor >= 3 close-on-exec, so the child inherits only 0, 1 and 2 (and
// Boost's own error pipe still reports a failed exec). Async-signal-safe.
void cloexec_from_3() {
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
  explicit ChildSetup(pid_t p) : parent(p) {}

  template <class Executor>
  void on_exec_setup(Executor&) const {
    // Dies with the thread that started it, even when data-test is SIGKILLed.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the parent died before prctl took effect
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    ::sigaction(SIGPIPE, &dfl, nullptr);  // ignored dispositions survive exec
    ::sigaction(SIGINT, &dfl, nullptr);
    ::sigaction(SIGTERM, &dfl, nullptr);
    cloexec_from_3();
  }
};

// The PATH the child will see: the overriding one from env, else ours.
std::string effective_path(const std::map<std::string, std::string>& env) {
  if (auto it = env.find("PATH"); it != env.end()) return it->second;
  const char* path = std::getenv("PATH");
  return path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
}

// argv[0] as an absolute (or cwd-relative) program path; throws dt::Error when there is none.
std::string resolve(const std::vector<std::string>& argv, const fs::path& cwd,
                    const std::map<std::string, std::string>& env) {
  if (argv.empty() || argv[0].empty()) {
    throw Error("cannot run an empty command; fix the profile's build/run command");
  }
  const std::string& name = argv[0];
  if (name.find('/') != std::string::npos) {
    fs::path program(name);
    if (program.is_relative() && !cwd.empty()) program = cwd / program;
    std::error_code ec;
    if (!fs::is_regular_file(program, ec) || ::access(program.c_str(), X_OK) != 0) {
      throw Error(fmt::format(
          "cannot run '{}': no executable file there; build it first or fix the profile's "
          "build/run command",
          redact::scrub(name)));
    }
    return program.string();
  }
  std::vector<boost::filesystem::path> dirs;
  const std::string path = effective_path(env);
  std::string::size_type start = 0;
  while (start <= path.size()) {
    const auto end = path.find(':', start);
    const std::string dir =
        path.substr(start, end == std::string::npos ? std::string::npos : end - start);
    dirs.emplace_back(dir.empty() ? "." : dir);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  const boost::filesystem::path found = bp::search_path(name, dirs);
  if (found.empty()) {
    throw Error(fmt::format(
        "cannot run '{}': not found on PATH; install it or fix the profile's build/run command",
        redact::scrub(name)));
  }
  return found.string();
}

// A pipe whose both ends are close-on-exec in this process; the child gets dup2'd copies.
bp::pipe make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    throw Error(fmt::format("cannot create a pipe: {}; raise the open-file limit (ulimit -n)",
                            std::strerror(errno)));
  }
  return bp::pipe(fds[0], fds[1]);
}

void close_sink(bp::pipe& pipe) {
  ::close(pipe.native_sink());
  pipe.assign_sink(-1);
}

// Starts argv[0] in its own process group; returns its pid (also the group id).
template <class... Io>
pid_t spawn(const std::vector<std::string>& argv, const fs::path& cwd,
            const std::map<std::string, std::string>& env_overrides, Io&&... io) {
  const std::string exe = resolve(argv, cwd, env_overrides);
  const fs::path dir = cwd.empty() ? fs::current_path() : cwd;
  std::error_code dir_ec;
  if (!fs::is_directory(dir, dir_ec)) {
    throw Error(fmt::format("cannot run '{}': working directory '{}' does not exist; create it",
                            redact::scrub(argv[0]), dir.string()));
  }
  bp::environment env = boost::this_process::environment();
  for (const auto& [key, value] : env_overrides) env[key] = value;
  const std::vector<std::string> args(argv.begin() + 1, argv.end());

  bp::group group;
  std::error_code ec;
  bp::child child(bp::exe = exe, bp::args = args, bp::start_dir = dir.string(), env,
                  bp::std_in < bp::null, std::forward<Io>(io)..., group, ChildSetup(::getpid()),
                  ec);
  if (ec || !child.valid()) {
    throw Error(
        fmt::format("cannot run '{}': {}; install it or fix the profile's build/run command",
                    redact::scrub(argv[0]), ec.message()));
  }
  const pid_t pid = child.id();
  // The child does setpgid(0, 0) too; doing it here as well means killpg works right away.
  ::setpgid(pid, pid);
  // From here on this file owns the pid: Boost must neither wait for it nor kill it.
  child.detach();
  group.detach();
  return pid;
}

// A process with pgrp == pgid that is not a zombie. Zombies count as gone: they run nothing,
// and an init that does not reap would otherwise keep a group "alive" forever.
bool group_alive(pid_t pgid) {
  if (::kill(-pgid, 0) != 0) return false;
  std::error_code ec;
  for (fs::directory_iterator it("/proc", ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(it->path() / "stat");
    std::string text;
    std::getline(stat, text);
    const auto close = text.rfind(')');
    if (close == std::string::npos || close + 4 >= text.size()) continue;
    // After "comm)": state ppid pgrp ...
    const char state = text[close + 2];
    long ppid = 0, pgrp = 0;
    if (std::sscanf(text.c_str() + close + 3, "%ld %ld", &ppid, &pgrp) != 2) continue;
    if (pgrp == pgid && state != 'Z' && state != 'X') return true;
  }
  return false;
}

// True once the child has exited; leaves it unreaped so its pid (= the group id) stays taken.
bool leader_exited(pid_t pid) {
  siginfo_t info{};
  if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
    return errno == ECHILD;
  }
  return info.si_pid == pid;
}

// Waits for the child and whatever remains of its group; returns the wait status.
// interrupted: SIGTERM the group first and SIGKILL it after the grace period.
int finish(pid_t pid, bool interrupted) {
  auto deadline = Clock::now() + kGrace;
  if (interrupted) ::kill(-pid, SIGTERM);
  while (!leader_exited(pid)) {
    if (Clock::now() >= deadline) {
      ::kill(-pid, SIGKILL);
      break;
    }
    std::this_thread::sleep_for(kPollInterval);
  }
  // The leader is a zombie (or dying of SIGKILL): the group id cannot be reused yet, so
  // signalling the group reaches only its remaining members.
  if (!interrupted) ::kill(-pid, SIGTERM);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!interrupted) deadline = Clock::now() + kGrace;
  while (group_alive(pid)) {
    if (Clock::now() >= deadline) {
      ::kill(-pid, SIGKILL);
      break;
    }
    std::this_thread::sleep_for(kPollInterval);
  }
  return status;
}

int exit_code(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 255;
}

// One pipe being drained: chunks go to on_data, then on_eof once.
struct Source {
  int fd;
  std::function<void(std::string_view)> on_data;
  std::function<void()> on_eof;
  bool open = true;
};

// Reads every source until EOF, or until abandon_at (steady-clock ticks, 0 = never) has passed:
// a process that left the group may keep a pipe open forever.
void pump(std::vector<Source>& sources, const std::atomic<Clock::rep>& abandon_at) noexcept {
  try {
    char buffer[65536];
    for (;;) {
      std::vector<pollfd> fds;
      std::vector<Source*> owners;
      for (Source& s : sources) {
        if (!s.open) continue;
        fds.push_back(pollfd{s.fd, POLLIN, 0});
        owners.push_back(&s);
      }
      if (fds.empty()) return;
      const int ready = ::poll(fds.data(), fds.size(), 100);
      if (ready < 0 && errno != EINTR) break;
      for (std::size_t i = 0; ready > 0 && i < fds.size(); ++i) {
        if (fds[i].revents == 0) continue;
        const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
        if (n > 0) {
          owners[i]->on_data(std::string_view(buffer, static_cast<std::size_t>(n)));
        } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
          owners[i]->open = false;
          owners[i]->on_eof();
        }
      }
      const Clock::rep abandon = abandon_at.load();
      if (abandon != 0 && Clock::now().time_since_epoch().count() >= abandon) break;
    }
    for (Source& s : sources) {
      if (s.open) {
        s.open = false;
        s.on_eof();
      }
    }
  } catch (const std::exception& e) {
    log::warn(fmt::format("reading a child's output failed: {}", e.what()));
  }
}

// Splits a byte stream into lines and writes each one, scrubbed and prefixed.
class LineWriter {
 public:
  LineWriter(std::string prefix, std::FILE* log, std::FILE* echo)
      : prefix_(std::move(prefix)), log_(log), echo_(echo) {}

  void data(std::string_view chunk) {
    pending_.append(chunk);
    std::string::size_type start = 0;
    for (auto nl = pending_.find('\n'); nl != std::string::npos; nl = pending_.find('\n', start)) {
      line(std::string_view(pending_).substr(start, nl - start));
      start = nl + 1;
    }
    pending_.erase(0, start);
    if (pending_.size() >= kMaxLine) {
      line(pending_);
      pending_.clear();
    }
  }

  void eof() {
    if (!pending_.empty()) line(pending_);
    pending_.clear();
  }

 private:
  void line(std::string_view text) {
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    const std::string out = fmt::format("{}{}\n", prefix_, redact::scrub(text));
    if (echo_ != nullptr) {
      std::lock_guard<std::mutex> lock(stdout_mutex());
      std::fwrite(out.data(), 1, out.size(), echo_);
      std::fflush(echo_);
    }
    if (log_ != nullptr) {
      std::fwrite(out.data(), 1, out.size(), log_);
      std::fflush(log_);
    }
  }

  std::string prefix_;
  std::FILE* log_;
  std::FILE* echo_;  // stdout, stderr or none
  std::string pending_;
};

struct FileCloser {
  void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};

}  // namespace

int run(const Spec& spec) {
  std::unique_ptr<std::FILE, FileCloser> log;
  if (!spec.log_file.empty()) {
    // 0600: the lines are scrubbed, but a collector's output is the operator's business.
    const int fd = ::open(spec.log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd >= 0) {
      log.reset(::fdopen(fd, "a"));
      if (!log) ::close(fd);
    }
    if (!log) {
      throw Error(
          fmt::format("cannot write log file '{}': {}; check that its directory exists "
                      "and is writable",
                      spec.log_file.string(), std::strerror(errno)));
    }
  }
  bp::pipe pipe = make_pipe();
  const pid_t pid = spawn(spec.argv, spec.cwd, spec.env, (bp::std_out & bp::std_err) > pipe);
  close_sink(pipe);

  LineWriter writer(spec.prefix, log.get(),
                    !spec.echo            ? nullptr
                    : spec.echo_to_stderr ? stderr
                                          : stdout);
  std::vector<Source> sources{{pipe.native_source(),
                               [&](std::string_view chunk) { writer.data(chunk); },
                               [&] { writer.eof(); }}};
  std::atomic<Clock::rep> abandon_at{0};
  std::thread reader([&] { pump(sources, abandon_at); });

  int signal = 0;
  const auto started = Clock::now();
  const auto interval = heartbeat_interval();
  auto next_beat = started + interval;
  while (!leader_exited(pid)) {
    if ((signal = signals::pending()) != 0) break;
    if (!spec.label.empty() && Clock::now() >= next_beat) {
      next_beat += interval;
      const auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - started);
      try {  // nothing may throw while the reader thread is joinable (std::terminate)
        log::info(
            fmt::format("{} still running ({} elapsed)", spec.label, format_elapsed(elapsed)));
      } catch (...) {
      }
    }
    std::this_thread::sleep_for(kPollInterval);
  }
  const int status = finish(pid, signal != 0);
  abandon_at = (Clock::now() + kReaderDrain).time_since_epoch().count();
  reader.join();
  if (signal != 0) throw Interrupted(signal);
  return exit_code(status);
}

Captured capture(const std::vector<std::string>& argv, const fs::path& cwd,
                 const std::map<std::string, std::string>& env) {
  bp::pipe out_pipe = make_pipe();
  bp::pipe err_pipe = make_pipe();
  const pid_t pid = spawn(argv, cwd, env, bp::std_out > out_pipe, bp::std_err > err_pipe);
  close_sink(out_pipe);
  close_sink(err_pipe);

  Captured result;
  std::vector<Source> sources{
      {out_pipe.native_source(), [&](std::string_view c) { result.out.append(c); }, [] {}},
      {err_pipe.native_source(), [&](std::string_view c) { result.err.append(c); }, [] {}}};
  std::atomic<Clock::rep> abandon_at{0};
  std::thread reader([&] { pump(sources, abandon_at); });
  while (!leader_exited(pid)) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const int status = finish(pid, false);
  abandon_at = (Clock::now() + kReaderDrain).time_since_epoch().count();
  reader.join();
  result.status = exit_code(status);
  return result;
}

bool alive(pid_t pid) noexcept {
  if (pid <= 0 || ::kill(pid, 0) != 0) return false;
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%ld/stat", static_cast<long>(pid));
  std::FILE* f = std::fopen(path, "re");
  if (f == nullptr) return errno != ENOENT;
  char buffer[512];
  const std::size_t n = std::fread(buffer, 1, sizeof buffer - 1, f);
  std::fclose(f);
  buffer[n] = '\0';
  const char* close = std::strrchr(buffer, ')');
  if (close == nullptr || close[1] == '\0' || close[2] == '\0') return true;
  return close[2] != 'Z' && close[2] != 'X';
}

}  // namespace dt::process
