#include "counts.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "scratch_db.hpp"
#include "util/error.hpp"
#include "util/redact.hpp"
#include "util/text.hpp"

namespace dt {
namespace {

// Base tables only: 'r' ordinary (including partitions), 'p' partitioned. Views, matviews and
// foreign tables hold derived or remote data, not what a migration can lose.
std::vector<TableCount> discover(pqxx::transaction_base& tx,
                                 const std::vector<std::string>& schemas) {
  if (schemas.empty()) return {};
  std::string list;
  for (const std::string& s : schemas) list += (list.empty() ? "" : ", ") + tx.quote(s);
  pqxx::result r = tx.exec(
      "select n.nspname, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace "
      "where c.relkind in ('r', 'p') and n.nspname in (" +
      list + ")");
  std::vector<TableCount> out;
  out.reserve(r.size());
  for (const auto& row : r) out.push_back({row[0].as<std::string>(), row[1].as<std::string>(), 0});
  // Byte order, independent of the server's collation.
  std::sort(out.begin(), out.end(), [](const TableCount& a, const TableCount& b) {
    return a.schema != b.schema ? a.schema < b.schema : a.table < b.table;
  });
  return out;
}

// Quoted errors of libpq and the server may contain a secret.
const auto first_line = text::message_line;

}  // namespace

std::vector<TableCount> discover_tables(const ConnParams& db,
                                        const std::vector<std::string>& schemas) {
  auto conn = connect_db(db);
  pqxx::read_transaction tx(*conn);
  return discover(tx, schemas);
}

std::vector<TableCount> count_tables(const ConnParams& db,
                                     const std::vector<std::string>& schemas) {
  auto conn = connect_db(db);
  // One snapshot for the listing and every count.
  pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only> tx(
      *conn);
  std::vector<TableCount> tables = discover(tx, schemas);
  for (TableCount& t : tables) {
    const std::string name = tx.quote_name(t.schema) + "." + tx.quote_name(t.table);
    try {
      t.rows = tx.exec("select count(*) from " + name)[0][0].as<std::int64_t>();
    } catch (const pqxx::sql_error& e) {
      throw Error(fmt::format("cannot count the rows of '{}.{}' in '{}': {}", t.schema, t.table,
                              db.dbname, first_line(e.what())));
    }
  }
  return tables;
}

}  // namespace dt
