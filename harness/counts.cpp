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
      "select n.nspname, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace "
      "where c.relkind in ('r', 'p') and n.nspname in (" +
          list + ")",
      fmt::format("listing the tables of '{}'", conn.params().dbname));
  std::vector<TableCount> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back({row[0].value_or(""), row[1].value_or(""), 0});
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

std::vector<TableCount> count_tables(const ConnParams& db,
                                     const std::vector<std::string>& schemas) {
  auto conn = db::connect(db);
  // One snapshot for the listing and every count.
  db::Snapshot snapshot(*conn);
  std::vector<TableCount> tables = discover(*conn, schemas);
  for (TableCount& t : tables) {
    const std::string name = conn->quote_name(t.schema) + "." + conn->quote_name(t.table);
    const std::string rows = conn->scalar(
        "select pg_catalog.count(*) from " + name,
        fmt::format("cannot count the rows of '{}.{}' in '{}'", t.schema, t.table, db.dbname));
    t.rows = std::strtoll(rows.c_str(), nullptr, 10);
  }
  return tables;
}

}  // namespace dt
