#include "scratch_db.hpp"

#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "profile.hpp"
#include "util/error.hpp"
#include "util/log.hpp"
#include "util/redact.hpp"
#include "util/text.hpp"

namespace dt {
namespace {

// Quoted errors of libpq and the server may contain a secret.
const auto first_line = text::message_line;

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// A stable signed 64-bit advisory-lock key (FNV-1a), the same in every run and on every host.
std::int64_t lock_key(std::string_view name) {
  const std::uint64_t hash = text::fnv1a64("data-test:" + std::string(name));
  std::int64_t key;
  std::memcpy(&key, &hash, sizeof key);
  return key;
}

// PostgreSQL's own databases: never dropped, whatever --force-drop says.
bool is_system_database(const std::string& name) {
  return name == "postgres" || name == "template0" || name == "template1";
}

}  // namespace

std::string libpq_reason(std::string_view message) {
  // libpq prefixes "connection to server on socket ... failed: FATAL:  "; keep what follows.
  std::string line = first_line(message);
  for (std::string_view tag : {"FATAL:  ", "ERROR:  "}) {
    std::size_t at = line.find(tag);
    if (at != std::string::npos) return line.substr(at + tag.size());
  }
  return line;
}

std::unique_ptr<pqxx::connection> connect_db(const ConnParams& params) {
  redact::add_secret(params.password);
  try {
    auto conn = std::make_unique<pqxx::connection>(to_conninfo(params));
    // COPY lines pass through as bytes: both ends must speak the same encoding.
    conn->set_client_encoding("UTF8");
    return conn;
  } catch (const std::exception& e) {
    const std::string reason = libpq_reason(e.what());
    const std::string where = describe(params);
    if (contains(reason, "password authentication failed") ||
        contains(reason, "no password supplied")) {
      throw Error(fmt::format(
          "cannot connect to PostgreSQL at {}: password authentication failed for user '{}'; "
          "check database.user/password in the config",
          where, params.user));
    }
    if (contains(reason, "does not exist")) {
      throw Error(
          fmt::format("cannot connect to PostgreSQL at {}: {}; check the database "
                      "section of the config",
                      where, reason));
    }
    throw Error(fmt::format("cannot connect to PostgreSQL at {}: {}; is the server running?", where,
                            reason));
  }
}

ServerSession::ServerSession(const ConnParams& operator_db, const std::string& lock_name)
    : admin_(operator_db) {
  admin_.dbname = "postgres";
  conn_ = connect_db(admin_);
  pqxx::nontransaction tx(*conn_);
  // Session-level and try-only: a second run is refused at once, and a crashed run's lock goes
  // with its connection.
  pqxx::result r = tx.exec(fmt::format("select pg_try_advisory_lock({})", lock_key(lock_name)));
  if (!r[0][0].as<bool>()) {
    throw Error(fmt::format(
        "another data-test run holds the lock for '{}' on this server; wait for it to finish "
        "(or stop it) and run again",
        lock_name));
  }
}

// Closing the connection releases the session-level lock.
ServerSession::~ServerSession() noexcept = default;

pqxx::connection& ServerSession::connection() {
  return *conn_;
}

void ServerSession::require_createdb() {
  pqxx::nontransaction tx(*conn_);
  pqxx::result r = tx.exec(
      "select current_user, coalesce((select rolcreatedb or rolsuper from pg_roles "
      "where rolname = current_user), false)");
  if (!r[0][1].as<bool>()) {
    const std::string user = r[0][0].as<std::string>();
    throw Error(fmt::format(
        "role '{}' lacks the CREATEDB privilege: data-test creates and drops scratch databases; "
        "run 'ALTER ROLE {} CREATEDB' as a superuser",
        user, tx.quote_name(user)));
  }
}

bool ServerSession::exists(const std::string& dbname) {
  pqxx::nontransaction tx(*conn_);
  return !tx.exec("select 1 from pg_database where datname = " + tx.quote(dbname)).empty();
}

bool ServerSession::is_marked(const std::string& dbname) {
  pqxx::nontransaction tx(*conn_);
  pqxx::result r =
      tx.exec("select shobj_description(oid, 'pg_database') from pg_database where datname = " +
              tx.quote(dbname));
  if (r.empty() || r[0][0].is_null()) return false;
  const std::string comment = r[0][0].as<std::string>();
  return comment.compare(0, std::strlen(kScratchMark), kScratchMark) == 0;
}

void ServerSession::require_droppable(const std::string& dbname, bool force) {
  if (is_system_database(dbname) || dbname == admin_.dbname) {
    throw Error(
        fmt::format("database '{}' is a PostgreSQL system database; refusing to drop it "
                    "— choose another scratch database name in the profile",
                    dbname));
  }
  if (!force && exists(dbname) && !is_marked(dbname)) {
    throw Error(fmt::format(
        "database '{}' exists but was not created by data-test (no scratch mark); refusing to "
        "drop it — rename the profile's scratch database, drop it yourself, or pass --force-drop",
        dbname));
  }
}

void ServerSession::drop_scratch(const std::string& dbname, bool force) {
  require_droppable(dbname, force);
  if (!exists(dbname)) return;
  pqxx::nontransaction tx(*conn_);
  // WITH (FORCE) ends sessions a killed collector may have left behind (PostgreSQL 13+).
  const bool with_force = conn_->server_version() >= 130000;
  try {
    tx.exec(fmt::format("drop database if exists {}{}", tx.quote_name(dbname),
                        with_force ? " with (force)" : ""));
  } catch (const pqxx::sql_error& e) {
    throw Error(fmt::format("cannot drop the scratch database '{}': {}; drop it by hand", dbname,
                            libpq_reason(e.what())));
  }
}

void ServerSession::create_scratch(const std::string& dbname, const std::string& detail) {
  pqxx::nontransaction tx(*conn_);
  try {
    tx.exec("create database " + tx.quote_name(dbname));
  } catch (const pqxx::sql_error& e) {
    throw Error(
        fmt::format("cannot create the scratch database '{}': {}", dbname, libpq_reason(e.what())));
  }
  try {
    tx.exec(fmt::format("comment on database {} is {}", tx.quote_name(dbname),
                        tx.quote(fmt::format("{} ({})", kScratchMark, detail))));
  } catch (const pqxx::sql_error& e) {
    // An unmarked database would be refused by every later run: take it away again.
    try {
      tx.exec("drop database if exists " + tx.quote_name(dbname));
    } catch (const std::exception& drop) {
      log::warn(fmt::format("cannot drop '{}' after failing to mark it: {}", dbname,
                            libpq_reason(drop.what())));
    }
    throw Error(
        fmt::format("cannot mark the scratch database '{}': {}", dbname, libpq_reason(e.what())));
  }
}

ScratchDatabase::ScratchDatabase(ServerSession& server, std::string name, const std::string& detail,
                                 bool force)
    : server_(server), name_(std::move(name)) {
  server_.drop_scratch(name_, force);
  server_.create_scratch(name_, detail);
}

ScratchDatabase::~ScratchDatabase() noexcept {
  if (keep_) {
    log::info(fmt::format("keeping the scratch database '{}'", name_));
    return;
  }
  try {
    server_.drop_scratch(name_, false);
  } catch (const std::exception& e) {
    log::warn(fmt::format("cannot drop the scratch database '{}': {}", name_, e.what()));
  } catch (...) {
    log::warn(fmt::format("cannot drop the scratch database '{}'", name_));
  }
}

}  // namespace dt
