#pragma once
// Phase 2: the scratch databases, on the operator's server. Nothing is dropped that data-test did
// not create: each scratch database carries a mark (COMMENT ON DATABASE), and a run holds a
// session-level advisory lock on the server for as long as it lives.
#include <memory>
#include <string>
#include <string_view>

#include "util/conninfo.hpp"

// libpqxx 6.4 spells pqxx::connection as an alias; forward-declare it the same way.
namespace pqxx {
class connect_direct;
template <typename CONNECTPOLICY>
class basic_connection_base;
using connection = basic_connection_base<connect_direct>;
}  // namespace pqxx

namespace dt {

// The mark written as the database comment; a database is ours when its comment starts with it.
inline constexpr const char* kScratchMark = "data-test scratch database";

// A connection to the server's `postgres` database holding the run's advisory lock.
class ServerSession {
 public:
  // Connects with the operator's credentials (dbname replaced by "postgres") and takes the
  // advisory lock derived from lock_name. Throws dt::Error when the server is down, refuses the
  // credentials, or another run holds the lock (the message says which run-wide name is busy).
  ServerSession(const ConnParams& operator_db, const std::string& lock_name);
  ~ServerSession() noexcept;
  ServerSession(const ServerSession&) = delete;
  ServerSession& operator=(const ServerSession&) = delete;

  pqxx::connection& connection();
  const ConnParams& admin_params() const { return admin_; }

  // Throws dt::Error when the role may not create databases.
  void require_createdb();
  // True when dbname exists.
  bool exists(const std::string& dbname);
  // True when dbname exists and carries kScratchMark.
  bool is_marked(const std::string& dbname);
  // Throws dt::Error when dbname is a system database, or exists without the mark and force is
  // false: the check drop_scratch makes, usable before anything is built or dropped.
  void require_droppable(const std::string& dbname, bool force);
  // Drops dbname if it exists. Throws dt::Error, dropping nothing, when it is not marked and
  // force is false.
  void drop_scratch(const std::string& dbname, bool force);
  // Creates dbname and marks it.
  void create_scratch(const std::string& dbname, const std::string& detail);

 private:
  ConnParams admin_;
  std::unique_ptr<pqxx::connection> conn_;
};

// One scratch database: dropped and created on construction, dropped by the destructor unless
// keep() was called. Never outlives its ServerSession.
class ScratchDatabase {
 public:
  ScratchDatabase(ServerSession& server, std::string name, const std::string& detail, bool force);
  ~ScratchDatabase() noexcept;
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  const std::string& name() const { return name_; }
  // Leave the database in place at destruction (--keep-dbs).
  void keep() { keep_ = true; }

 private:
  ServerSession& server_;
  std::string name_;
  bool keep_ = false;
};

// Opens a connection (client encoding UTF8). Throws dt::Error saying whether the server is down
// or refused the credentials; the message never holds the password.
std::unique_ptr<pqxx::connection> connect_db(const ConnParams& params);

// The server's reason in a libpq/libpqxx error: its first line without libpq's prefix, scrubbed.
std::string libpq_reason(std::string_view message);

}  // namespace dt
