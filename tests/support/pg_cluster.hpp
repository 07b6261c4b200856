#pragma once
// A throwaway PostgreSQL cluster for the project's tests and the demo: initdb + pg_ctl from the
// machine's server binaries, a Unix socket in a private directory, no TCP unless asked for.
// As root, the server runs as the unprivileged `postgres` user (PostgreSQL refuses root).
#include <sys/types.h>
#include <filesystem>
#include <string>

#include "db/conninfo.hpp"
#include "util/file.hpp"

namespace dt {

struct ClusterOptions {
  bool tcp = false;  // also listen on 127.0.0.1:<port>
  std::string superuser = "postgres";
  std::string password;           // empty: a random one is generated
  std::string encoding = "UTF8";  // the cluster's default database encoding (initdb -E)
};

// Starts on construction; stops the server and deletes the directory on destruction. A reaper
// process does the same if this process dies without running the destructor (even SIGKILL).
// The directory is $TMPDIR/data-test-pg-XXXXXX. To start fast, the data directory is copied
// from a cached initdb result, $TMPDIR/data-test-pg-template-<major>-<euid>-<superuser>, made
// on first use; its fixed password is replaced right after the server starts.
class PgCluster {
 public:
  explicit PgCluster(ClusterOptions options = {});
  ~PgCluster() noexcept;
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

  // Connection parameters for dbname (host is the socket directory).
  ConnParams params(const std::string& dbname = "postgres") const;
  const std::filesystem::path& dir() const { return dir_; }
  int port() const { return port_; }
  // The postmaster's pid, read from postmaster.pid.
  pid_t server_pid() const;

  // Runs SQL as the superuser in dbname (a helper for tests and the demo).
  void exec(const std::string& sql, const std::string& dbname = "postgres") const;
  // `pg_ctl restart -m fast`: every session ends; returns once the server accepts connections
  // again. Throws dt::Error when it does not come back.
  void restart() const;

 private:
  std::filesystem::path dir_;     // holds data/, socket/, and the reaper's files
  file::Identity dir_id_;         // the proof that dir_ is the directory this object made
  std::filesystem::path bindir_;  // initdb, pg_ctl
  int port_ = 0;
  ClusterOptions options_;
  pid_t reaper_ = -1;
  int reaper_pipe_ = -1;
};

// The directory holding initdb and pg_ctl: $DATA_TEST_PG_BINDIR, else pg_config --bindir,
// else the newest /usr/lib/postgresql/*/bin. Throws dt::Error when none has them.
std::filesystem::path pg_bindir();

}  // namespace dt
