#include "core/server.hpp"

#include <chrono>
#include <cstring>
#include <thread>

#include <fmt/format.h>

#include "util/log.hpp"
#include "util/text.hpp"

namespace dt {
namespace {

// How long relock() waits for a server that restarts (a fast restart takes a second or two).
constexpr std::chrono::seconds kReconnectWait{30};

}  // namespace

long long lock_key(std::string_view dbname) {
  const std::uint64_t hash = text::fnv1a64("data-test:db:" + std::string(dbname));
  long long key;
  std::memcpy(&key, &hash, sizeof key);
  return key;
}

ServerSession::ServerSession(ConnParams operator_db) : params_(std::move(operator_db)) {
  open();
}

ServerSession::~ServerSession() noexcept = default;  // closing the session releases the locks

void ServerSession::open() {
  {
    // The primary as the server knows it: its oid, read from inside it.
    const auto primary = db::connect(params_);
    const auto rows = primary->query(
        "select oid::text, datname from pg_database where datname = pg_catalog.current_database()",
        "reading the primary database's identity");
    if (rows.empty() || !rows[0][0] || !rows[0][1]) {
      throw Error("cannot read the primary database's identity from pg_database");
    }
    primary_oid_ = *rows[0][0];
    primary_name_ = *rows[0][1];
  }
  // Advisory locks are scoped to the database a session is in: every run takes them in the same
  // one, the server's `postgres` database, so that runs with different primaries exclude each
  // other too. CREATE and DROP DATABASE run from there as well.
  ConnParams admin = params_;
  admin.dbname = kAdminDatabase;
  conn_ = db::connect(admin);
}

void ServerSession::lock(const std::string& name) {
  if (holds(name)) return;
  const std::string got =
      conn_->scalar(fmt::format("select pg_catalog.pg_try_advisory_lock({})", lock_key(name)),
                    "taking the run's lock");
  if (got != "t") {
    const auto mark = mark_of(name);
    throw Error(fmt::format(
        "another data-test run ({}) is using the scratch database '{}' on this server; wait for "
        "it to finish, or give this run other scratch names in the profile's \"databases\"",
        mark ? describe(mark->owner) : "holding its lock", name));
  }
  locked_.insert(name);
}

void ServerSession::require_locks(std::string_view before) {
  if (locked_.empty()) return;
  std::string names;
  for (const auto& n : locked_) names += (names.empty() ? "'" : ", '") + n + "'";
  const auto lost = [&](std::string_view why) {
    return LockLost(fmt::format(
        "lost the lock on the scratch databases {} before {} ({}); stopping: another run may "
        "use them now. Check the server (a restart, or a terminated backend), then run again",
        names, before, why));
  };
  std::string held;
  try {
    std::string keys;
    for (const auto& n : locked_)
      keys += fmt::format("{}{}", keys.empty() ? "" : ", ", lock_key(n));
    held = conn_->scalar(
        fmt::format(
            "select pg_catalog.count(*) from pg_locks where locktype = 'advisory' and granted and "
            "pid = pg_catalog.pg_backend_pid() and ((classid::bigint << 32) | objid::bigint) in "
            "({})",
            keys),
        "checking the run's locks");
  } catch (const db::QueryError& e) {
    throw lost(e.connection_lost() ? "the session holding it ended" : e.what());
  }
  if (held != std::to_string(locked_.size())) throw lost("the server no longer lists it");
}

bool ServerSession::relock() noexcept {
  try {
    const std::set<std::string> names = locked_;
    locked_.clear();
    // A restarted server refuses connections for a moment (shutting down, starting up). One
    // wait per session, however many databases need the locks again.
    if (!lost_) reconnect_deadline_ = std::chrono::steady_clock::now() + kReconnectWait;
    lost_ = true;
    const auto deadline = reconnect_deadline_;
    for (bool told = false;;) {
      try {
        open();
        break;
      } catch (const Error& e) {
        if (std::chrono::steady_clock::now() >= deadline) throw;
        if (!told) {
          log::info(fmt::format("the server session was lost; waiting up to {} s to reconnect: {}",
                                kReconnectWait.count(), e.what()));
          told = true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
      }
    }
    for (const auto& name : names) lock(name);
    return true;
  } catch (const std::exception& e) {
    log::warn(fmt::format("cannot take the run's locks again: {}", e.what()));
    return false;
  }
}

void ServerSession::require_createdb() {
  const auto rows = conn_->query(
      "select current_user, coalesce((select rolcreatedb or rolsuper from pg_roles "
      "where rolname = current_user), false)",
      "checking the CREATEDB privilege");
  if (rows.empty() || rows[0][1] != std::optional<std::string>("t")) {
    const std::string user = rows.empty() || !rows[0][0] ? params_.user : *rows[0][0];
    throw Error(fmt::format(
        "role '{}' lacks the CREATEDB privilege: data-test creates and drops scratch databases; "
        "run 'ALTER ROLE {} CREATEDB' as a superuser",
        user, conn_->quote_name(user)));
  }
}

std::optional<std::string> ServerSession::oid_of(const std::string& name) {
  const auto rows =
      conn_->query("select oid::text from pg_database where datname = " + conn_->quote(name),
                   "looking up a database");
  if (rows.empty() || !rows[0][0]) return std::nullopt;
  return *rows[0][0];
}

std::optional<ServerSession::DatabaseFacts> ServerSession::facts_of(const std::string& name) {
  const auto rows = conn_->query(
      "select d.oid::text, (d.datdba = r.oid)::text, d.datallowconn::text from pg_database d "
      "left join pg_roles r on r.rolname = current_user where d.datname = " +
          conn_->quote(name),
      "looking up a database's owner");
  if (rows.empty() || !rows[0][0]) return std::nullopt;
  return DatabaseFacts{*rows[0][0], rows[0][1].value_or("") == "true",
                       rows[0][2].value_or("") == "true"};
}

std::optional<Mark> ServerSession::mark_of(const std::string& name) {
  const auto rows = conn_->query(
      "select pg_catalog.shobj_description(oid, 'pg_database') from pg_database where datname = " +
          conn_->quote(name),
      "reading a database's mark");
  if (rows.empty() || !rows[0][0]) return std::nullopt;
  return parse_mark(*rows[0][0]);
}

void ServerSession::adopt_scratch(const std::string& name, const std::string& oid,
                                  const std::string& previous_run, const Mark& mark) {
  if (!holds(name)) {
    throw Error(fmt::format("internal error: adopting '{}' without its lock", name));
  }
  const auto refuse = [&](std::string_view why) {
    return Error(fmt::format(
        "cannot resume: the scratch database '{}' {}; run again without --resume to collect "
        "both sides",
        name, why));
  };
  const auto now = oid_of(name);
  if (!now || *now != oid) throw refuse("is not the one the interrupted run collected");
  if (*now == primary_oid_) throw refuse("is the primary database of the config");
  const auto old = mark_of(name);
  if (!old || old->owner.run != previous_run) throw refuse("does not carry that run's mark");
  if (owner_alive(old->owner).value_or(false)) throw refuse("belongs to a run that still runs");
  created_[name] = oid;
  this->mark(name, mark);
}

void ServerSession::create_scratch(const std::string& name, const Mark& mark) {
  if (!holds(name)) {
    throw Error(fmt::format("internal error: creating '{}' without its lock", name));
  }
  conn_->exec("create database " + conn_->quote_name(name),
              fmt::format("cannot create the scratch database '{}'", name));
  // Proof of making it, for reclaim, should the mark below fail.
  if (auto oid = oid_of(name)) created_[name] = *oid;
  this->mark(name, mark);
}

void ServerSession::mark(const std::string& name, const Mark& mark) {
  conn_->exec(fmt::format("comment on database {} is {}", conn_->quote_name(name),
                          conn_->quote(render_mark(mark))),
              fmt::format("cannot mark the scratch database '{}'", name));
}

std::string ServerSession::copy_strategy() {
  // A collection is large: copying its files (one checkpoint) beats writing every block to the
  // WAL, PostgreSQL 15's default. Older servers copy files anyway.
  return conn_->server_version() >= 150000 ? " strategy file_copy" : "";
}

void ServerSession::create_from(const std::string& name, const std::string& from,
                                const Mark& mark) {
  if (!holds(name) || !holds(from)) {
    throw Error(fmt::format("internal error: copying '{}' to '{}' without both locks", from, name));
  }
  conn_->exec(fmt::format("create database {} template {}{}", conn_->quote_name(name),
                          conn_->quote_name(from), copy_strategy()),
              fmt::format("cannot create the scratch database '{}' from '{}'", name, from));
  if (auto oid = oid_of(name)) created_[name] = *oid;
  this->mark(name, mark);
}

void ServerSession::keep_as(const std::string& name, const std::string& to, const Mark& mark,
                            bool copy) {
  if (!holds(name) || !holds(to)) {
    throw Error(fmt::format("internal error: keeping '{}' as '{}' without both locks", name, to));
  }
  const auto oid = oid_of(name);
  if (!oid || created_oid(name) != *oid) {
    throw Error(fmt::format("'{}' is not the database this run created", name));
  }
  if (oid_of(to)) throw Error(fmt::format("a database '{}' exists already", to));
  const std::string target = conn_->quote_name(to);
  if (copy) {
    conn_->exec(fmt::format("create database {} template {}{}", target, conn_->quote_name(name),
                            copy_strategy()),
                fmt::format("cannot copy '{}' to '{}'", name, to));
  } else {
    conn_->exec(fmt::format("alter database {} rename to {}", conn_->quote_name(name), target),
                fmt::format("cannot rename '{}' to '{}'", name, to));
    created_.erase(name);
  }
  this->mark(to, mark);
  conn_->exec(fmt::format("alter database {} with allow_connections false", target),
              fmt::format("cannot close '{}' to connections", to));
}

std::vector<ServerSession::Marked> ServerSession::marked_databases() {
  const auto rows = conn_->query(
      // Another role's database without CONNECT for us has no size to read: not an error.
      "select datname, pg_catalog.shobj_description(oid, 'pg_database'), case when "
      "pg_catalog.has_database_privilege(oid, 'CONNECT') then "
      "pg_catalog.pg_database_size(oid)::text end "
      "from pg_database where pg_catalog.shobj_description(oid, 'pg_database') like " +
          conn_->quote(std::string(kScratchMark) + "%") + " order by datname",
      "listing data-test's databases");
  std::vector<Marked> out;
  for (const auto& row : rows) {
    if (!row[0] || !row[1]) continue;
    auto mark = parse_mark(*row[1]);
    if (!mark) continue;
    out.push_back({*row[0], std::move(*mark), row[2] ? std::stoll(*row[2]) : 0});
  }
  return out;
}

}  // namespace dt
