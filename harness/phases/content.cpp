#include "content.hpp"

#include <fmt/format.h>

#include "db/connection.hpp"
#include "util/error.hpp"

namespace dt {

std::string fingerprint(const ConnParams& db, const std::string& schema, const std::string& table,
                        const std::vector<std::string>& columns) {
  if (columns.empty()) {
    throw Error(fmt::format("{}.{}: no column to fingerprint", schema, table));
  }
  auto conn = db::connect(db);
  const std::string row = conn->quote_names(columns);
  // A one-column ROW() is still a row: its text form quotes and marks NULLs the same way on
  // both sides, so ('a,b') and ('a', 'b') differ. sum() over bigint is numeric: no overflow.
  const std::string sql = fmt::format(
      "select pg_catalog.count(*)::text || ':' || coalesce(pg_catalog.sum(('x' || "
      "pg_catalog.substr(h, 1, 16))::bit(64)::bigint), "
      "0)::text || ':' || coalesce(pg_catalog.sum(('x' || pg_catalog.substr(h, 17, "
      "16))::bit(64)::bigint), 0)::text "
      "from (select pg_catalog.md5(row({})::text) as h from {}.{}) rows",
      row, conn->quote_name(schema), conn->quote_name(table));
  return conn->scalar(sql, fmt::format("fingerprinting '{}.{}' in '{}'", schema, table, db.dbname));
}

}  // namespace dt
