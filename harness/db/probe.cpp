#include "db/probe.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "db/connection.hpp"
#include "db/keywords.hpp"
#include "db/pgconn_free.hpp"
#include "util/signals.hpp"
#include "util/text.hpp"

namespace dt::db {
namespace {

using Clock = std::chrono::steady_clock;

std::chrono::seconds connect_timeout() {
  return parse_connect_timeout(std::getenv("PGCONNECT_TIMEOUT"));
}

bool connects(const ConnParams& params, std::chrono::steady_clock::time_point deadline);

// Why the server refused us, and what to check: chosen by what libpq knows of the handshake,
// and, when a password was sent, by whether the same login reaches another database.
[[noreturn]] void refused(PGconn* conn, const ConnParams& params,
                          std::chrono::steady_clock::time_point deadline) {
  const std::string where = describe(params);
  const std::string reason = reason_line(PQerrorMessage(conn));
  if (PQconnectionNeedsPassword(conn)) {
    throw Error(fmt::format(
        "cannot connect to PostgreSQL at {}: the server asks for a password and the config has "
        "none; set database.password in the config",
        where));
  }
  ConnParams other = params;
  other.dbname = params.dbname == "postgres" ? "template1" : "postgres";
  if (PQconnectionUsedPassword(conn) && !connects(other, deadline)) {
    throw Error(
        fmt::format("cannot connect to PostgreSQL at {}: the server refused the login ({}); check "
                    "database.user/password in the config",
                    where, reason));
  }
  throw Error(fmt::format(
      "cannot connect to PostgreSQL at {}: the server refused the connection ({}); check the "
      "database section of the config (database.dbname, and the role's rights on it)",
      where, reason));
}

// One attempt. Returns the connection in whatever state it ended; `reached` says whether the
// server answered at all. Throws dt::Interrupted, or dt::Error when the deadline passes.
std::unique_ptr<PGconn, PgconnFree> attempt(const ConnParams& params, Clock::time_point deadline,
                                            bool& reached) {
  const Keywords kw(params);
  std::unique_ptr<PGconn, PgconnFree> conn(
      PQconnectStartParams(kw.keys.data(), kw.values.data(), 0));
  if (!conn) throw Error("cannot connect to PostgreSQL: out of memory");
  reached = false;
  PostgresPollingStatusType poll_status = PGRES_POLLING_WRITING;
  while (PQstatus(conn.get()) != CONNECTION_BAD && poll_status != PGRES_POLLING_OK &&
         poll_status != PGRES_POLLING_FAILED) {
    signals::throw_if_interrupted();
    if (Clock::now() >= deadline) {
      throw Error(fmt::format(
          "cannot connect to PostgreSQL at {}: no answer within the connect timeout; is the "
          "server running and reachable? (PGCONNECT_TIMEOUT sets the wait)",
          describe(params)));
    }
    pollfd fd{PQsocket(conn.get()),
              static_cast<short>(poll_status == PGRES_POLLING_READING ? POLLIN : POLLOUT), 0};
    if (fd.fd >= 0 && ::poll(&fd, 1, 100) <= 0) continue;
    if (PQstatus(conn.get()) == CONNECTION_AWAITING_RESPONSE) reached = true;
    poll_status = PQconnectPoll(conn.get());
  }
  return conn;
}

bool connects(const ConnParams& params, Clock::time_point deadline) {
  bool reached = false;
  return PQstatus(attempt(params, deadline, reached).get()) == CONNECTION_OK;
}

}  // namespace

void probe(const ConnParams& params) {
  const auto deadline = Clock::now() + connect_timeout();
  const std::string where = describe(params);
  signals::WaitingFor waiting(fmt::format("the server at {} to answer", where));
  bool reached = false;
  const auto conn = attempt(params, deadline, reached);
  if (PQstatus(conn.get()) == CONNECTION_OK) return;
  if (reached || PQconnectionNeedsPassword(conn.get()) || PQconnectionUsedPassword(conn.get())) {
    refused(conn.get(), params, deadline);
  }
  throw Error(fmt::format("cannot connect to PostgreSQL at {}: {}; is the server running?", where,
                          reason_line(PQerrorMessage(conn.get()))));
}

std::chrono::seconds parse_connect_timeout(const char* text) {
  if (text == nullptr || *text == '\0') return std::chrono::seconds(30);
  char* end = nullptr;
  errno = 0;
  const long long value = std::strtoll(text, &end, 10);
  // strtoll takes leading blanks and a sign: only digits are a number of seconds here.
  if (errno != 0 || *end != '\0' || !std::isdigit(static_cast<unsigned char>(*text)) || value < 2 ||
      value > 3600) {
    throw Error(fmt::format(
        "PGCONNECT_TIMEOUT='{}' is not a whole number of seconds from 2 to 3600; fix or unset it",
        text::printable(text)));
  }
  return std::chrono::seconds(value);
}

}  // namespace dt::db
