#include "counts.hpp"

#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>

#include "db/connection.hpp"
#include "util/error.hpp"

namespace dt {
namespace {

// Base tables only: 'r' ordinary (including partitions), 'p' partitioned. Views, matviews and
// foreign tables hold derived or remote data, not what a migration can lose.
std::vector<TableCount> discover(db::Connection& conn, const std::vector<std::string>& schemas) {
  if (schemas.empty()) return {};
  std::string list;
  for (const std::string& s : schemas) list += (list.empty() ? "" : ", ") + conn.quote(s);
  const auto rows = conn.query(
      "select n.nspname, c.relname, c.relfilenode::text from pg_class c join pg_namespace n on "
      "n.oid = c.relnamespace "
      "where c.relkind in ('r', 'p') and n.nspname in (" +
          list + ")",
      fmt::format("listing the tables of '{}'", conn.params().dbname));
  std::vector<TableCount> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    out.emplace_back(row[0].value_or(""), row[1].value_or(""), 0, -1, row[2].value_or(""));
  }
  // Byte order, independent of the server's collation.
  std::sort(out.begin(), out.end(), [](const TableCount& a, const TableCount& b) {
    return a.schema != b.schema ? a.schema < b.schema : a.table < b.table;
  });
  return out;
}

}  // namespace

std::vector<TableCount> discover_tables(const ConnParams& db,
                                        const std::vector<std::string>& schemas) {
  auto conn = db::connect(db);
  return discover(*conn, schemas);
}

std::vector<TableCount> count_tables(const ConnParams& db, const std::vector<std::string>& schemas,
                                     const std::string& since) {
  auto conn = db::connect(db);
  // One snapshot for the listing and every count.
  db::Snapshot snapshot(*conn);
  std::vector<TableCount> tables = discover(*conn, schemas);
  // A row written after `since` has a younger xmin; a frozen one is as old as can be.
  const std::string written = since.empty()
                                  ? std::string()
                                  : ", pg_catalog.count(*) filter (where pg_catalog.age(xmin) < "
                                    "pg_catalog.age(" +
                                        conn->quote(since) + "::pg_catalog.xid))";
  for (TableCount& t : tables) {
    const std::string name = conn->quote_name(t.schema) + "." + conn->quote_name(t.table);
    std::string sql = "select pg_catalog.count(*)";
    sql += written;
    sql += " from ";
    sql += name;
    const auto rows = conn->query(
        sql, fmt::format("cannot count the rows of '{}.{}' in '{}'", t.schema, t.table, db.dbname));
    t.rows = std::strtoll(rows.at(0).at(0).value_or("0").c_str(), nullptr, 10);
    if (!since.empty())
      t.written = std::strtoll(rows.at(0).at(1).value_or("0").c_str(), nullptr, 10);
  }
  return tables;
}

std::string current_xid(const ConnParams& db) {
  auto conn = db::connect(db);
  return conn->scalar("select (pg_catalog.txid_current() % 4294967296)::text",
                      fmt::format("cannot read the transaction id of '{}'", db.dbname));
}

}  // namespace dt
