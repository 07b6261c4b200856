#include "db/connection.hpp"

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "db/cancel.hpp"
#include "db/copy_in.hpp"
#include "db/probe.hpp"
#include "db/rethrow.hpp"
#include "db/safe_session.hpp"
#include "util/redact.hpp"
#include "util/signals.hpp"
#include "util/text.hpp"

namespace dt::db {

struct Connection::Impl {
  std::unique_ptr<pqxx::connection> conn;
};

namespace {

std::vector<Row> to_rows(const pqxx::result& result) {
  std::vector<Row> rows;
  rows.reserve(result.size());
  for (const auto& r : result) {
    Row row;
    row.reserve(r.size());
    for (const auto& field : r) {
      if (field.is_null()) {
        row.emplace_back(std::nullopt);
      } else {
        row.emplace_back(std::string(field.c_str(), field.size()));
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

std::string reason_line(std::string_view message) {
  // libpq prefixes "connection to server on socket ... failed: FATAL:  "; keep what follows.
  std::string line = text::scrubbed_first_line(message);
  for (std::string_view tag : {"FATAL:  ", "ERROR:  "}) {
    const std::size_t at = line.find(tag);
    if (at != std::string::npos) return line.substr(at + tag.size());
  }
  return line;
}

Connection::Connection(std::unique_ptr<Impl> impl, ConnParams params)
    : impl_(std::move(impl)), params_(std::move(params)) {}

Connection::~Connection() noexcept = default;

std::vector<Row> Connection::query(std::string_view sql, std::string_view what) {
  signals::throw_if_interrupted();
  CancelOnSignal cancel(*impl_->conn);
  try {
    pqxx::nontransaction tx(*impl_->conn);
    return to_rows(tx.exec(std::string(sql)));
  } catch (...) {
    rethrow(what);
  }
}

void Connection::exec(std::string_view sql, std::string_view what) {
  query(sql, what);
}

std::string Connection::scalar(std::string_view sql, std::string_view what) {
  const auto rows = query(sql, what);
  if (rows.empty() || rows[0].empty() || !rows[0][0]) return {};
  return *rows[0][0];
}

std::string Connection::quote(std::string_view literal) const {
  return impl_->conn->quote(std::string(literal));
}

std::string Connection::quote_name(std::string_view identifier) const {
  return impl_->conn->quote_name(std::string(identifier));
}

std::string Connection::quote_names(const std::vector<std::string>& identifiers) const {
  std::string list;
  for (const auto& name : identifiers) list += (list.empty() ? "" : ", ") + quote_name(name);
  return list;
}

int Connection::server_version() const {
  return impl_->conn->server_version();
}

bool Connection::alive() noexcept {
  try {
    pqxx::nontransaction tx(*impl_->conn);
    tx.exec("select 1");
    return true;
  } catch (...) {
    return false;
  }
}

std::unique_ptr<Connection> connect(const ConnParams& params) {
  redact::add_secret(params.password);
  // libpq blocks in connect; the probe polls, so a signal or a dead host is noticed in time,
  // and it tells "cannot reach" from "refused" by how far the handshake got.
  probe(params);
  auto impl = std::make_unique<Connection::Impl>();
  try {
    // Named like the probe's session, so operators can tell data-test in pg_stat_activity.
    impl->conn = std::make_unique<pqxx::connection>(to_conninfo(params) +
                                                    " fallback_application_name=data-test");
    // UTF8 on the wire, so that COPY lines pass between databases as the same bytes; except
    // from a SQL_ASCII database, whose bytes are not UTF-8 and are passed through as they are
    // (names that are not UTF-8 are escaped where they are shown, see text::escape_utf8).
    pqxx::nontransaction tx(*impl->conn);
    tx.exec(std::string(kSafeSessionSql));
    const std::string server = tx.exec("show server_encoding")[0][0].c_str();
    tx.commit();
    impl->conn->set_client_encoding(server == "SQL_ASCII" ? "SQL_ASCII" : "UTF8");
  } catch (...) {
    rethrow(fmt::format("cannot connect to PostgreSQL at {}", describe(params)));
  }
  return std::unique_ptr<Connection>(new Connection(std::move(impl), params));
}

Snapshot::Snapshot(Connection& conn) : conn_(conn) {
  conn_.exec("begin isolation level repeatable read read only", "starting a snapshot");
}

Snapshot::Snapshot(Connection& conn, std::string_view exported_id) : conn_(conn) {
  conn_.exec("begin isolation level repeatable read read only", "starting a snapshot");
  try {
    conn_.exec("set transaction snapshot " + conn_.quote(exported_id), "importing a snapshot");
  } catch (...) {
    try {
      conn_.exec("rollback", "ending a snapshot");
    } catch (const std::exception&) {
      // A lost connection has no transaction left to end.
    }
    throw;
  }
}

std::string Snapshot::exported() {
  return conn_.scalar("select pg_catalog.pg_export_snapshot()", "exporting a snapshot");
}

Snapshot::~Snapshot() noexcept {
  try {
    conn_.exec("rollback", "ending a snapshot");
  } catch (const std::exception&) {
    // A lost connection has no transaction left to end.
  }
}

void Connection::copy_out(std::string_view select,
                          const std::function<void(std::string_view)>& line,
                          std::string_view what) {
  CopyReader reader(*this, select, what);
  std::string raw;
  while (reader.next(raw)) {
    try {
      line(raw);
    } catch (...) {
      rethrow(what);  // the caller's failure, named as the stream's own are
    }
  }
}

void Connection::copy_into(std::string_view select, Connection& to, std::string_view table,
                           const std::vector<std::string>& columns, std::string_view what) {
  CopyReader reader(*this, select, what);
  std::string list;
  for (const auto& column : columns) list += (list.empty() ? "" : ", ") + column;
  const std::string copy = fmt::format("copy {} ({}) from stdin", table, list);
  // The writer is libpq's own COPY FROM STDIN (libpqxx 6.4 keeps its raw-line writer private):
  // lines pass from reader to writer untouched. A failure of the reader, already in its words,
  // aborts the COPY (nothing is committed) and passes as it is.
  bool reading = false;
  try {
    copy_in(to.params(), copy, [&](std::string& line) {
      reading = true;
      const bool more = reader.next(line);
      reading = false;
      return more;
    });
  } catch (...) {
    if (reading) throw;
    rethrow(what);
  }
}

namespace {

// The one place libpqxx's versions differ for COPY TO STDOUT: how a stream is opened and how a
// raw line is read (7.x hands out a buffer without the newline; 6.4 fills a string with it).
#if PQXX_VERSION_MAJOR >= 7
pqxx::stream_from open_copy(pqxx::transaction_base& tx, const std::string& select) {
  return pqxx::stream_from::query(tx, select);
}

bool next_raw_line(pqxx::stream_from& stream, std::string& line) {
  const auto raw = stream.get_raw_line();
  if (!raw.first) return false;
  line.assign(raw.first.get(), raw.second);
  return true;
}
#else
pqxx::stream_from open_copy(pqxx::transaction_base& tx, const std::string& select) {
  // "COPY <name> TO STDOUT": a parenthesised query is a valid name there.
  return pqxx::stream_from(tx, "(" + select + ")");
}

bool next_raw_line(pqxx::stream_from& stream, std::string& line) {
  if (!stream.get_raw_line(line)) return false;
  if (!line.empty() && line.back() == '\n') line.pop_back();
  return true;
}
#endif

}  // namespace

struct CopyReader::Impl {
  explicit Impl(pqxx::connection& conn, const std::string& select)
      : cancel(conn), tx(conn), stream(open_copy(tx, select)) {}
  CancelOnSignal cancel;
  pqxx::nontransaction tx;
  pqxx::stream_from stream;
};

CopyReader::CopyReader(Connection& conn, std::string_view select, std::string_view what)
    : what_(what) {
  signals::throw_if_interrupted();
  try {
    impl_ = std::make_unique<Impl>(*conn.impl_->conn, std::string(select));
  } catch (...) {
    rethrow(what_);
  }
}

CopyReader::~CopyReader() noexcept = default;

bool CopyReader::next(std::string& line) {
  if (done_) return false;
  try {
    if (next_raw_line(impl_->stream, line)) return true;
    done_ = true;
    impl_->stream.complete();
    return false;
  } catch (...) {
    done_ = true;
    rethrow(what_);
  }
}

}  // namespace dt::db
