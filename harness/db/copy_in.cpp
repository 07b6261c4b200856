#include "db/copy_in.hpp"

#include <libpq-fe.h>

#include <memory>
#include <string_view>

#include <fmt/format.h>

#include "db/connection.hpp"
#include "db/keywords.hpp"
#include "db/pgconn_free.hpp"
#include "db/safe_session.hpp"
#include "util/error.hpp"

namespace dt::db {
namespace {

struct ResultFree {
  void operator()(PGresult* result) const noexcept { PQclear(result); }
};
using Result = std::unique_ptr<PGresult, ResultFree>;

[[noreturn]] void fail(PGconn* conn, std::string_view what) {
  throw Error(fmt::format("{}: {}", what, reason_line(PQerrorMessage(conn))));
}

}  // namespace

void copy_in(const ConnParams& to, std::string_view copy,
             const std::function<bool(std::string&)>& next_line) {
  const Keywords kw(to);
  std::unique_ptr<PGconn, PgconnFree> conn(PQconnectdbParams(kw.keys.data(), kw.values.data(), 0));
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
    fail(conn.get(), fmt::format("cannot connect to PostgreSQL at {}", describe(to)));
  }
  // As db::connect does: UTF8, or the bytes as they are for a SQL_ASCII database.
  const char* server = PQparameterStatus(conn.get(), "server_encoding");
  PQsetClientEncoding(conn.get(), server != nullptr && std::string_view(server) == "SQL_ASCII"
                                      ? "SQL_ASCII"
                                      : "UTF8");
  Result safe(PQexec(conn.get(), std::string(kSafeSessionSql).c_str()));
  if (PQresultStatus(safe.get()) != PGRES_TUPLES_OK) fail(conn.get(), "cannot start a session");
  Result started(PQexec(conn.get(), std::string(copy).c_str()));
  if (PQresultStatus(started.get()) != PGRES_COPY_IN) fail(conn.get(), "cannot start COPY");
  std::string line;
  while (next_line(line)) {
    line += '\n';
    if (PQputCopyData(conn.get(), line.data(), static_cast<int>(line.size())) != 1) {
      fail(conn.get(), "COPY failed");
    }
  }
  if (PQputCopyEnd(conn.get(), nullptr) != 1) fail(conn.get(), "COPY failed");
  for (Result r(PQgetResult(conn.get())); r; r.reset(PQgetResult(conn.get()))) {
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
      throw Error(fmt::format("COPY failed: {}", reason_line(PQresultErrorMessage(r.get()))));
    }
  }
}

}  // namespace dt::db
