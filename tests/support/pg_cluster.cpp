#include "pg_cluster.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <ctime>

#include <fmt/core.h>

#include "core/reclaim.hpp"
#include "db/connection.hpp"
#include "pg_reaper.hpp"
#include "util/error.hpp"
#include "util/log.hpp"
#include "util/proc.hpp"
#include "util/process.hpp"
#include "util/redact.hpp"
#include "util/text.hpp"

namespace dt {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr std::string_view kTemplateMark = "data-test pg template v1";

// Who runs initdb and the server: ourselves, or `postgres` when we are root.
struct ServerUser {
  bool switch_user = false;
  uid_t uid = 0;
  gid_t gid = 0;
};

ServerUser server_user() {
  if (::geteuid() != 0) return {false, ::geteuid(), ::getegid()};
  const passwd* pw = ::getpwnam("postgres");
  if (pw == nullptr) {
    throw Error(
        "running as root, but there is no 'postgres' system user to run PostgreSQL as; install "
        "the Debian package 'postgresql' or run data-test as an ordinary user");
  }
  return {true, pw->pw_uid, pw->pw_gid};
}

// argv run as the server user (PostgreSQL refuses to run as root).
std::vector<std::string> as_server(const ServerUser& user, std::vector<std::string> argv) {
  if (!user.switch_user) return argv;
  std::vector<std::string> out;
  if (const char* setpriv = "/usr/bin/setpriv"; ::access(setpriv, X_OK) == 0) {
    // setpriv execs directly: no PAM session, no extra process.
    out = {setpriv, fmt::format("--reuid={}", user.uid), fmt::format("--regid={}", user.gid),
           "--clear-groups"};
  } else {
    out = {"runuser", "-u", "postgres", "--"};
  }
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

void give_to(const ServerUser& user, const fs::path& path) {
  if (user.switch_user && ::chown(path.c_str(), user.uid, user.gid) != 0) {
    throw Error(fmt::format("cannot chown '{}' to the postgres user: {}", path.string(),
                            std::strerror(errno)));
  }
}

fs::path temp_root() {
  const char* tmp = std::getenv("TMPDIR");
  return (tmp != nullptr && *tmp != '\0') ? fs::path(tmp) : fs::path("/tmp");
}

std::string random_password() {
  static constexpr char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device device;
  std::uniform_int_distribution<std::size_t> pick(0, sizeof kChars - 2);
  std::string out;
  for (int i = 0; i < 24; ++i) out += kChars[pick(device)];
  return out;
}

// The file's text, or "" when it cannot be read (a template half-built by another process).
std::string read_or_empty(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

using text::first_line;

// Writes a file readable only by its owner (then the server user).
void write_private(const fs::path& path, const std::string& text, const ServerUser& user) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw Error(fmt::format("cannot create '{}': {}", path.string(), std::strerror(errno)));
  }
  const ssize_t n = ::write(fd, text.data(), text.size());
  ::close(fd);
  if (n != static_cast<ssize_t>(text.size())) {
    throw Error(fmt::format("cannot write '{}'; check free space in $TMPDIR", path.string()));
  }
  give_to(user, path);
}

// Runs a PostgreSQL tool; throws dt::Error with its last output line when it fails.
void run_tool(const std::vector<std::string>& argv, const fs::path& cwd, const std::string& what) {
  const auto result = process::capture(argv, cwd);
  if (result.status != 0) {
    std::string detail = result.err.empty() ? result.out : result.err;
    while (!detail.empty() && detail.back() == '\n') detail.pop_back();
    const auto last = detail.rfind('\n');
    if (last != std::string::npos) detail = detail.substr(last + 1);
    throw Error(redact::scrub(fmt::format("{} failed (exit {}): {}", what, result.status, detail)));
  }
}

// "15" from "pg_ctl (PostgreSQL) 15.18 (Debian ...)".
std::string major_version(const fs::path& bindir) {
  const auto result = process::capture({(bindir / "pg_ctl").string(), "--version"}, "/");
  const auto close = result.out.find(") ");
  if (result.status != 0 || close == std::string::npos) {
    throw Error(fmt::format("cannot read the version of '{}'; check the PostgreSQL installation",
                            (bindir / "pg_ctl").string()));
  }
  const std::string version = result.out.substr(close + 2);
  return version.substr(0, version.find_first_not_of("0123456789"));
}

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw Error(fmt::format("cannot create a socket: {}", std::strerror(errno)));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  ::close(fd);
  if (!ok) throw Error("cannot find a free TCP port on 127.0.0.1; check the loopback interface");
  return ntohs(addr.sin_port);
}

// A role name that can be part of a file name.
bool plain_name(const std::string& name) {
  return !name.empty() && name.size() <= 63 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

void initdb(const fs::path& bindir, const ServerUser& user, const fs::path& data,
            const std::string& superuser, const fs::path& pwfile, const fs::path& cwd,
            const std::string& encoding) {
  run_tool(as_server(user, {(bindir / "initdb").string(), "--no-sync", "-A", "scram-sha-256", "-U",
                            superuser, "--pwfile", pwfile.string(), "-E", encoding, "--locale=C",
                            "-D", data.string()}),
           cwd, "initdb");
}

// A template we made ourselves: ours, private, complete and for this major version.
bool valid_template(const fs::path& tmpl, const ServerUser& user, const std::string& major) {
  struct stat st {};
  if (::lstat(tmpl.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != user.uid ||
      (st.st_mode & 077) != 0) {
    return false;
  }
  return read_or_empty(tmpl / "ok") == fmt::format("{} {}\n", kTemplateMark, major) &&
         first_line(read_or_empty(tmpl / "data" / "PG_VERSION")) == major &&
         !read_or_empty(tmpl / "password").empty();
}

// Returns a valid template directory, building it inside dir (so that the reaper removes a
// half-built one) and publishing it with an atomic rename.
fs::path ensure_template(const fs::path& bindir, const ServerUser& user,
                         const std::string& superuser, const std::string& encoding,
                         const fs::path& dir) {
  const std::string major = major_version(bindir);
  fs::path tmpl = temp_root() / fmt::format("data-test-pg-template-{}-{}-{}-{}", major, ::geteuid(),
                                            superuser, encoding);
  if (valid_template(tmpl, user, major)) return tmpl;
  if (::access(tmpl.c_str(), F_OK) == 0) {
    // Stale or foreign: move it into our directory, whose removal deletes it.
    if (::rename(tmpl.c_str(), (dir / "stale-template").c_str()) != 0) {
      log::warn(fmt::format("ignoring unusable PostgreSQL template '{}'", tmpl.string()));
    }
  }
  const fs::path build = dir / "template";
  fs::create_directory(build);
  fs::permissions(build, fs::perms::owner_all);
  give_to(user, build);
  const std::string password = random_password();
  redact::add_secret(password);
  write_private(build / "password", password, user);
  initdb(bindir, user, build / "data", superuser, build / "password", dir, encoding);
  std::ofstream(build / "ok") << kTemplateMark << ' ' << major << '\n';
  give_to(user, build / "ok");
  if (::rename(build.c_str(), tmpl.c_str()) == 0) return tmpl;
  // Another process published one first; use it if it is good, else our own copy.
  return valid_template(tmpl, user, major) ? tmpl : build;
}

pid_t read_server_pid(const fs::path& dir) {
  const std::string line = first_line(read_or_empty(dir / "data" / "postmaster.pid"));
  if (line.empty() || line.find_first_not_of("0123456789") != std::string::npos) return -1;
  return static_cast<pid_t>(std::stol(line));
}

// Stops the server (fast, then immediate, then SIGKILL) and deletes dir, the directory with
// identity id; never throws.
void stop_and_remove(const fs::path& dir, const file::Identity& id,
                     const fs::path& bindir) noexcept {
  try {
    const pid_t pid = read_server_pid(dir);
    if (pid > 0 && proc::alive(pid)) {
      const ServerUser user = server_user();
      for (const char* mode : {"fast", "immediate"}) {
        const auto result = process::capture(
            as_server(user, {(bindir / "pg_ctl").string(), "-D", (dir / "data").string(), "-m",
                             mode, "-w", "-t", "30", "stop"}),
            dir);
        if (result.status == 0 || !proc::alive(pid)) break;
        log::warn(fmt::format("pg_ctl stop -m {} failed for '{}': {}", mode, dir.string(),
                              first_line(result.err)));
      }
      if (proc::alive(pid)) {
        ::kill(pid, SIGKILL);
        for (int i = 0; i < 500 && proc::alive(pid); ++i) std::this_thread::sleep_for(20ms);
      }
    }
  } catch (const std::exception& e) {
    log::warn(fmt::format("cannot stop the PostgreSQL server in '{}': {}", dir.string(), e.what()));
  }
  try {
    reclaim::reclaim(reclaim::Made{dir.parent_path(), dir, id});
  } catch (const std::exception& e) {
    log::warn(fmt::format("cannot remove '{}': {}", dir.string(), e.what()));
  }
}

// The last FATAL/ERROR line of the server log, for a one-line error.
std::string log_reason(const fs::path& log_file) {
  std::istringstream lines(read_or_empty(log_file));
  std::string line, reason;
  while (std::getline(lines, line)) {
    if (line.find("FATAL") != std::string::npos || line.find("ERROR") != std::string::npos) {
      reason = line;
    }
  }
  return reason;
}

}  // namespace

PgCluster::PgCluster(ClusterOptions options) : options_(std::move(options)) {
  bindir_ = pg_bindir();
  const ServerUser user = server_user();
  if (options_.password.empty()) options_.password = random_password();
  redact::add_secret(options_.password);

  std::string pattern = (temp_root() / "data-test-pg-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw Error(
        fmt::format("cannot create a directory in '{}': {}; set TMPDIR to a writable "
                    "directory",
                    temp_root().string(), std::strerror(errno)));
  }
  dir_ = pattern;
  dir_id_ = *file::identity(dir_);
  try {
    give_to(user, dir_);
    std::tie(reaper_, reaper_pipe_) = start_reaper(dir_, dir_id_);

    const fs::path data = dir_ / "data";
    std::string initial_password = options_.password;
    if (plain_name(options_.superuser)) {
      const fs::path tmpl =
          ensure_template(bindir_, user, options_.superuser, options_.encoding, dir_);
      run_tool({"cp", "-a", "--reflink=auto", (tmpl / "data").string(), data.string()}, dir_,
               "copying the PostgreSQL template");
      initial_password = first_line(read_or_empty(tmpl / "password"));
      redact::add_secret(initial_password);
    } else {
      write_private(dir_ / "pwfile", options_.password, user);
      initdb(bindir_, user, data, options_.superuser, dir_ / "pwfile", dir_, options_.encoding);
      fs::remove(dir_ / "pwfile");
    }
    fs::create_directory(dir_ / "socket");
    fs::permissions(dir_ / "socket", fs::perms::owner_all);
    give_to(user, dir_ / "socket");

    for (int attempt = 1;; ++attempt) {
      port_ = free_port();
      const std::string server_options = fmt::format(
          "-k {} -c {} -c port={} -c fsync=off", process::quote((dir_ / "socket").string()),
          process::quote(options_.tcp ? "listen_addresses=127.0.0.1" : "listen_addresses="), port_);
      const auto result =
          process::capture(as_server(user, {(bindir_ / "pg_ctl").string(), "-D", data.string(),
                                            "-l", (dir_ / "server.log").string(), "-w", "-t", "60",
                                            "-o", server_options, "start"}),
                           dir_);
      if (result.status == 0) break;
      const std::string reason = log_reason(dir_ / "server.log");
      // Only TCP can collide with another server's port; the socket directory is private.
      if (options_.tcp && attempt < 5 && reason.find("could not") != std::string::npos) continue;
      throw Error(redact::scrub(fmt::format(
          "PostgreSQL did not start in '{}': {}; check the server binaries in '{}'", dir_.string(),
          reason.empty() ? first_line(result.err) : reason, bindir_.string())));
    }

    if (initial_password != options_.password) {
      ConnParams p = params();
      p.password = initial_password;
      auto conn = db::connect(p);
      conn->exec("ALTER ROLE " + conn->quote_name(options_.superuser) + " PASSWORD " +
                     conn->quote(options_.password),
                 "setting the superuser's password");
    }
  } catch (const std::exception& e) {
    stop_and_remove(dir_, dir_id_, bindir_);
    if (reaper_pipe_ >= 0) {
      (void)::write(reaper_pipe_, "q", 1);
      ::close(reaper_pipe_);
      ::waitpid(reaper_, nullptr, 0);
    }
    if (dynamic_cast<const Error*>(&e) != nullptr) throw;
    throw Error(redact::scrub(
        fmt::format("cannot set up a PostgreSQL cluster in '{}': {}", dir_.string(), e.what())));
  }
}

PgCluster::~PgCluster() noexcept {
  stop_and_remove(dir_, dir_id_, bindir_);
  if (reaper_pipe_ >= 0) {
    // One byte means "cleaned up": the reaper exits without touching anything.
    if (::write(reaper_pipe_, "q", 1) != 1) {
      log::warn(fmt::format("cannot tell the cleanup process {} to exit", reaper_));
    }
    ::close(reaper_pipe_);
  }
  if (reaper_ > 0) {
    while (::waitpid(reaper_, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
}

ConnParams PgCluster::params(const std::string& dbname) const {
  ConnParams p;
  p.host = (dir_ / "socket").string();
  p.port = std::to_string(port_);
  p.user = options_.superuser;
  p.password = options_.password;
  p.dbname = dbname;
  return p;
}

pid_t PgCluster::server_pid() const {
  const pid_t pid = read_server_pid(dir_);
  if (pid <= 0) {
    throw Error(fmt::format("cannot read the server pid from '{}'; is the cluster running?",
                            (dir_ / "data" / "postmaster.pid").string()));
  }
  return pid;
}

void PgCluster::restart() const {
  const auto result = process::capture(
      as_server(server_user(),
                {(bindir_ / "pg_ctl").string(), "-D", (dir_ / "data").string(), "-l",
                 (dir_ / "server.log").string(), "-m", "fast", "-w", "-t", "60", "restart"}),
      dir_);
  if (result.status != 0) {
    const std::string reason = log_reason(dir_ / "server.log");
    throw Error(redact::scrub(fmt::format("PostgreSQL did not restart in '{}': {}", dir_.string(),
                                          reason.empty() ? first_line(result.err) : reason)));
  }
}

void PgCluster::exec(const std::string& sql, const std::string& dbname) const {
  auto conn = db::connect(params(dbname));
  // The test's own SQL runs as an operator's psql would: data-test's sessions search only
  // pg_catalog (db/safe_session.hpp), the tests' setup creates tables unqualified in public.
  conn->exec("set search_path to default", "resetting search_path");
  conn->exec(sql, fmt::format("SQL failed in database '{}' of the cluster in '{}'", dbname,
                              dir_.string()));
}

fs::path pg_bindir() {
  const auto has_tools = [](const fs::path& dir) {
    return ::access((dir / "initdb").c_str(), X_OK) == 0 &&
           ::access((dir / "pg_ctl").c_str(), X_OK) == 0;
  };
  if (const char* env = std::getenv("DATA_TEST_PG_BINDIR"); env != nullptr && *env != '\0') {
    if (!has_tools(env)) {
      throw Error(
          fmt::format("DATA_TEST_PG_BINDIR='{}' holds no initdb and pg_ctl; point it at "
                      "PostgreSQL's server bin directory",
                      env));
    }
    return env;
  }
  try {
    const auto result = process::capture({"pg_config", "--bindir"}, "/");
    fs::path dir = first_line(result.out);
    if (result.status == 0 && !dir.empty() && has_tools(dir)) return dir;
  } catch (const Error&) {
    // No pg_config on PATH: look in the Debian location below.
  }
  fs::path best;
  long best_version = -1;
  std::error_code ec;
  for (fs::directory_iterator it("/usr/lib/postgresql", ec), end; !ec && it != end;
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    char* rest = nullptr;
    const long version = std::strtol(name.c_str(), &rest, 10);
    if (rest == name.c_str() || version <= best_version || !has_tools(it->path() / "bin")) continue;
    best_version = version;
    best = it->path() / "bin";
  }
  if (!best.empty()) return best;
  throw Error(
      "PostgreSQL server binaries (initdb, pg_ctl) not found: install the Debian package "
      "'postgresql' or set DATA_TEST_PG_BINDIR");
}

}  // namespace dt
