#pragma once
// data-test's session on the operator's server: one connection to the server's `postgres`
// database that holds a session-level advisory lock per scratch database name for the whole
// run, and the primary's identity as the server reports it. Closing it releases the locks.
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/owner.hpp"
#include "db/connection.hpp"

namespace dt {

// The session that held the run's locks is gone (server restart, terminated backend): nothing
// more may be dropped or compared under locks the run no longer has. Exit status 2.
class LockLost : public Error {
 public:
  explicit LockLost(const std::string& message) : Error(message, Cause::lock_lost) {}
};

// The database every run's lock session connects to (advisory locks are per database).
inline constexpr const char* kAdminDatabase = "postgres";

class ServerSession {
 public:
  // Reads the primary's oid from inside it (operator_db.dbname), then connects to
  // kAdminDatabase with the same credentials for the locks. Throws dt::Error when the server
  // cannot be reached or refuses either connection.
  explicit ServerSession(ConnParams operator_db);
  ~ServerSession() noexcept;
  ServerSession(const ServerSession&) = delete;
  ServerSession& operator=(const ServerSession&) = delete;

  // Takes the advisory lock of scratch database `name` (pg_try_advisory_lock: never waits).
  // Throws dt::Error naming the run that holds it.
  void lock(const std::string& name);
  // True when this session took name's lock.
  bool holds(const std::string& name) const { return locked_.count(name) != 0; }
  // Throws LockLost, naming `before` (what was about to happen), when the session is gone or
  // no longer holds every lock it took.
  void require_locks(std::string_view before);
  // After LockLost, for cleanup: reconnects (waiting up to 30 s in all for a restarting
  // server) and takes every lock again. False (with a warning) when that is impossible; another run
  // may hold them now.
  bool relock() noexcept;
  // True once the session was lost and relock() was needed.
  bool was_lost() const noexcept { return lost_; }

  // Throws dt::Error when the role may not create databases.
  void require_createdb();
  // The oid of database `name` as the server reports it, or nullopt when there is none.
  std::optional<std::string> oid_of(const std::string& name);
  // The primary's oid, read when the session opened.
  const std::string& primary_oid() const { return primary_oid_; }
  // The primary's name as the server reports it.
  const std::string& primary_name() const { return primary_name_; }
  // Who database `name` belongs to and whether it accepts connections; nullopt when none.
  struct DatabaseFacts {
    std::string oid;
    bool ours = false;  // owned by this session's role (current_user)
    bool allows_connections = true;
  };
  std::optional<DatabaseFacts> facts_of(const std::string& name);
  // The data-test mark of database `name`, or nullopt when it has none (or does not exist).
  std::optional<Mark> mark_of(const std::string& name);
  // Creates `name` (whose lock this session holds) and marks it. When the mark fails the
  // database stays, unmarked but recorded as made by this session (see created_oid).
  void create_scratch(const std::string& name, const Mark& mark);
  // Takes over `name` (whose lock this session holds) for --resume: it must still have `oid`
  // and carry the mark of run `previous_run`, which must not be running; then it is marked with
  // `mark` and counts as created by this session. Never the primary. Throws dt::Error, changing
  // nothing, otherwise.
  void adopt_scratch(const std::string& name, const std::string& oid,
                     const std::string& previous_run, const Mark& mark);
  // Creates `name` (whose lock this session holds) as a copy of the database `from` (whose lock
  // it holds too: no other run uses it meanwhile) with CREATE DATABASE ... TEMPLATE, and marks
  // it. Recorded as made by this session, as create_scratch does.
  void create_from(const std::string& name, const std::string& from, const Mark& mark);
  // Keeps the database `name`, which this session created, as `to` (whose lock it holds and
  // which must not exist): renamed when `copy` is false, else copied. `to` is marked with
  // `mark` and closed to connections, so that nothing changes it between runs. Throws
  // dt::Error, changing nothing of anyone else's, when `name` is not provably this session's.
  void keep_as(const std::string& name, const std::string& to, const Mark& mark, bool copy);
  // A database carrying data-test's mark, with its size on disk.
  struct Marked {
    std::string name;
    Mark mark;
    long long bytes = 0;
  };
  // Every database on the server whose comment is data-test's mark, by name.
  std::vector<Marked> marked_databases();

  // The oid `name` had when this session created it, or "" when it did not.
  std::string created_oid(const std::string& name) const {
    const auto it = created_.find(name);
    return it == created_.end() ? std::string() : it->second;
  }

  db::Connection& connection() { return *conn_; }
  const ConnParams& params() const { return params_; }

 private:
  void open();
  // " strategy file_copy" where the server knows it (15+), for CREATE DATABASE ... TEMPLATE.
  std::string copy_strategy();
  // Writes `mark` as database name's comment.
  void mark(const std::string& name, const Mark& mark);
  ConnParams params_;
  std::unique_ptr<db::Connection> conn_;
  std::string primary_oid_;
  std::string primary_name_;
  std::set<std::string> locked_;
  std::map<std::string, std::string> created_;  // name -> oid, databases made by this session
  bool lost_ = false;
  std::chrono::steady_clock::time_point reconnect_deadline_;  // relock() waits until then
};

// The advisory-lock key of a scratch database name: stable across runs and hosts.
long long lock_key(std::string_view dbname);

}  // namespace dt
