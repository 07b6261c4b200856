#pragma once
// The database adapter: the only code that sees libpqxx (6.4 or 7.x). Connections, statements,
// read-only snapshots and COPY streams; every libpq/libpqxx failure becomes one dt::Error line
// that never holds the password. A pending SIGINT/SIGTERM/SIGHUP cancels the statement running
// (or the connect attempt) and surfaces as dt::Interrupted.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/conninfo.hpp"
#include "util/error.hpp"

namespace dt::db {

// A statement the server refused, or a session that went away. Its cause() says which:
// connection_lost (the session is gone), query_canceled, or failed (db/sqlstate.hpp decides).
class QueryError : public Error {
 public:
  QueryError(const std::string& message, std::string sqlstate, Cause cause)
      : Error(message, cause), sqlstate_(std::move(sqlstate)) {}
  // The SQLSTATE, e.g. "42P01"; empty when the server sent none (a lost connection).
  const std::string& sqlstate() const noexcept { return sqlstate_; }
  // True when the session itself is gone (server restarted, backend terminated).
  bool connection_lost() const noexcept { return cause() == Cause::connection_lost; }

 private:
  std::string sqlstate_;
};

// One row of text values (NULL is nullopt).
using Row = std::vector<std::optional<std::string>>;

class Connection {
 public:
  ~Connection() noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one statement and returns its rows as text. what names it in errors ("counting ...").
  std::vector<Row> query(std::string_view sql, std::string_view what);
  // Runs one statement that returns nothing of interest.
  void exec(std::string_view sql, std::string_view what);
  // The first column of the first row ("" when there is no row or it is NULL).
  std::string scalar(std::string_view sql, std::string_view what);
  // A string literal / an identifier, quoted for this server.
  std::string quote(std::string_view literal) const;
  std::string quote_name(std::string_view identifier) const;
  // Identifiers quoted and joined by ", ": a column list ("a", "B c").
  std::string quote_names(const std::vector<std::string>& identifiers) const;
  // e.g. 150004 for 15.4.
  int server_version() const;
  // The parameters it was opened with (for messages: use describe(), never the password).
  const ConnParams& params() const noexcept { return params_; }
  // True when the session still answers (one round trip); never throws.
  bool alive() noexcept;

  // Streams `COPY (<select>) TO STDOUT` (text format): one call per line, without the newline.
  void copy_out(std::string_view select, const std::function<void(std::string_view)>& line,
                std::string_view what);
  // Copies the rows of `select` on this connection into table(columns) on `to` (both quoted by
  // the caller), in one transaction there, committed at the end.
  void copy_into(std::string_view select, Connection& to, std::string_view table,
                 const std::vector<std::string>& columns, std::string_view what);

  struct Impl;  // libpqxx lives behind this

 private:
  friend std::unique_ptr<Connection> connect(const ConnParams& params);
  friend class CopyReader;
  Connection(std::unique_ptr<Impl> impl, ConnParams params);
  std::unique_ptr<Impl> impl_;
  ConnParams params_;
};

// A `COPY (<select>) TO STDOUT` stream (text format) read one line at a time, so that two
// streams on two connections can be merged in one thread. While it is open, a pending signal
// cancels the statement (next() then throws dt::Interrupted). The connection must outlive it.
class CopyReader {
 public:
  CopyReader(Connection& conn, std::string_view select, std::string_view what);
  ~CopyReader() noexcept;
  CopyReader(const CopyReader&) = delete;
  CopyReader& operator=(const CopyReader&) = delete;
  // The next line, without its newline, into line; false at the end of the stream.
  bool next(std::string& line);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
  std::string what_;
  bool done_ = false;
};

// Opens a connection (client encoding UTF8, application_name "data-test"). Throws dt::Error:
// the server cannot be reached ("is the server running?"), or it refused us (its reason, and
// which config keys to check); never the password. Interruptible by a signal.
std::unique_ptr<Connection> connect(const ConnParams& params);

// A read-only REPEATABLE READ transaction on conn: every statement inside sees one snapshot.
// Rolled back when it ends.
class Snapshot {
 public:
  explicit Snapshot(Connection& conn);
  // The snapshot another session exported (exported() there, whose transaction is still open):
  // both then see the same rows, as pg_dump -j's workers do.
  Snapshot(Connection& conn, std::string_view exported_id);
  ~Snapshot() noexcept;
  // Exports this snapshot for other sessions (pg_export_snapshot); valid while it is open.
  std::string exported();
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;

 private:
  Connection& conn_;
};

// The server's reason in a libpq message: the first line without libpq's prefixes, scrubbed.
std::string reason_line(std::string_view message);

}  // namespace dt::db
