#include "catalog.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "db/connection.hpp"
#include "util/error.hpp"
#include "util/json.hpp"

namespace dt {
namespace {

std::string in_list(db::Connection& conn, const std::vector<std::string>& schemas) {
  std::string list;
  for (const auto& s : schemas) list += (list.empty() ? "" : ", ") + conn.quote(s);
  return list;
}

// A JSON array of names, as json_agg writes it.
std::vector<std::string> names(const std::optional<std::string>& text) {
  std::vector<std::string> out;
  if (!text || text->empty()) return out;
  for (const auto& item : json::parse(*text, "a catalog column list")) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

std::string text_of(const db::Row& row, std::size_t i) {
  return i < row.size() && row[i] ? *row[i] : std::string();
}

bool flag_of(const db::Row& row, std::size_t i) {
  return text_of(row, i) == "t";
}

// The tables read so far, by oid: the later queries attach columns, constraints and indexes.
using ByOid = std::map<std::string, TableShape>;

// The tables themselves: name, partition bound, comment.
ByOid read_tables(db::Connection& conn, const std::string& where, const std::string& what) {
  ByOid by_oid;
  for (const auto& row :
       conn.query("select c.oid, n.nspname, c.relname, "
                  "coalesce(pg_catalog.pg_get_expr(c.relpartbound, c.oid), ''), "
                  "coalesce(pg_catalog.obj_description(c.oid, 'pg_class'), '') "
                  "from pg_class c join pg_namespace n on n.oid = c.relnamespace where " +
                      where,
                  what)) {
    TableShape& t = by_oid[text_of(row, 0)];
    t.schema = text_of(row, 1);
    t.table = text_of(row, 2);
    t.partition_bound = text_of(row, 3);
    t.comment = text_of(row, 4);
  }
  return by_oid;
}

// The database's default collation orders by bytes when it is libc's C or POSIX (an ICU
// default, PostgreSQL 15 and later, never does): an SQL condition saying so.
std::string c_default(const db::Connection& conn) {
  return fmt::format(
      "(select datcollate in ('C', 'POSIX'){} from pg_database where datname = "
      "pg_catalog.current_database())",
      conn.server_version() >= 150000 ? " and datlocprovider = 'c'" : "");
}

// Each table's live columns, in order. Collation oids 100 (default), 950 (C) and 951 (POSIX)
// are fixed in every release.
void read_columns(db::Connection& conn, const std::string& where, const std::string& what,
                  ByOid& by_oid) {
  const bool has_generated = conn.server_version() >= 120000;
  for (const auto& row : conn.query(
           fmt::format(
               "select a.attrelid, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), "
               "a.attnotnull, coalesce(pg_catalog.pg_get_expr(d.adbin, d.adrelid), ''), "
               "a.attidentity <> '', {}, "
               "a.atttypid in ('int2'::regtype, 'int4'::regtype, 'int8'::regtype), "
               "a.atttypid = 'uuid'::regtype or (a.atttypid in ('text'::regtype, "
               "'varchar'::regtype) and (a.attcollation in (950, 951) or "
               "(a.attcollation = 100 and {}))), "
               "coalesce(pg_catalog.col_description(a.attrelid, a.attnum), '') "
               "from pg_attribute a join pg_class c on c.oid = a.attrelid "
               "left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum "
               "where a.attnum > 0 and not a.attisdropped and {} "
               "order by a.attrelid, a.attnum",
               has_generated ? "a.attgenerated <> ''" : "false", c_default(conn), where),
           what)) {
    auto it = by_oid.find(text_of(row, 0));
    if (it == by_oid.end()) continue;
    ColumnShape column;
    column.name = text_of(row, 1);
    column.type = text_of(row, 2);
    column.not_null = flag_of(row, 3);
    column.default_expr = text_of(row, 4);
    column.identity = flag_of(row, 5);
    column.generated = flag_of(row, 6);
    column.integer = flag_of(row, 7);
    column.byte_ordered = flag_of(row, 8);
    column.comment = text_of(row, 9);
    column.position = static_cast<int>(it->second.columns.size()) + 1;
    it->second.columns.push_back(std::move(column));
  }
}

// Constraints, then unique indexes that back no constraint (CREATE UNIQUE INDEX): both can
// refuse rows. Expression and partial indexes are left out: they are no column list.
void read_constraints(db::Connection& conn, const std::string& where, const std::string& what,
                      ByOid& by_oid) {
  const std::string constraints = fmt::format(
      "select con.conrelid, con.contype, con.conname, pg_catalog.pg_get_constraintdef(con.oid), "
      "con.condeferrable, con.condeferred, "
      "(select pg_catalog.json_agg(a.attname order by k.ord) from pg_catalog.unnest(con.conkey) "
      "with ordinality "
      "k(attnum, ord) join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum) "
      "from pg_constraint con join pg_class c on c.oid = con.conrelid "
      "where con.contype in ('p', 'u', 'c', 'f') and {} "
      "union all "
      "select i.indrelid, 'u', ic.relname, pg_catalog.pg_get_indexdef(i.indexrelid), false, false, "
      "(select pg_catalog.json_agg(a.attname order by k.ord) from "
      "pg_catalog.unnest(i.indkey::int2[]) with ordinality "
      "k(attnum, ord) join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum) "
      "from pg_index i join pg_class ic on ic.oid = i.indexrelid "
      "join pg_class c on c.oid = i.indrelid "
      "where i.indisunique and i.indpred is null and i.indexprs is null and {} "
      "and not exists (select 1 from pg_constraint x where x.conindid = i.indexrelid "
      "and x.contype in ('p', 'u', 'x'))",
      where, where);
  for (const auto& row : conn.query(constraints, what)) {
    auto it = by_oid.find(text_of(row, 0));
    if (it == by_oid.end()) continue;
    ConstraintShape c;
    c.kind = text_of(row, 1).empty() ? 'c' : text_of(row, 1)[0];
    c.name = text_of(row, 2);
    c.definition = text_of(row, 3);
    c.deferrable = flag_of(row, 4);
    c.deferred = flag_of(row, 5);
    c.columns = names(row[6]);
    it->second.constraints.push_back(std::move(c));
  }
}

// Every other index: it refuses no row, but a fresh install and an upgrade may differ by one.
void read_indexes(db::Connection& conn, const std::string& where, const std::string& what,
                  ByOid& by_oid) {
  const std::string indexes = fmt::format(
      "select i.indrelid, pg_catalog.pg_get_indexdef(i.indexrelid) from pg_index i "
      "join pg_class c on c.oid = i.indrelid where {} "
      "and not (i.indisunique and i.indpred is null and i.indexprs is null) "
      "and not exists (select 1 from pg_constraint x where x.conindid = i.indexrelid)",
      where);
  for (const auto& row : conn.query(indexes, what)) {
    auto it = by_oid.find(text_of(row, 0));
    if (it == by_oid.end()) continue;
    const std::string def = text_of(row, 1);
    const auto using_at = def.find(" USING ");
    it->second.indexes.push_back(using_at == std::string::npos ? def : def.substr(using_at + 1));
  }
}

// The tables in read_catalog's order, their constraints by name and their indexes sorted.
Catalog sorted(ByOid by_oid) {
  Catalog catalog;
  catalog.reserve(by_oid.size());
  for (auto& entry : by_oid) {
    TableShape& table = entry.second;
    std::sort(table.constraints.begin(), table.constraints.end(),
              [](const ConstraintShape& a, const ConstraintShape& b) { return a.name < b.name; });
    std::sort(table.indexes.begin(), table.indexes.end());
    catalog.push_back(std::move(table));
  }
  std::sort(catalog.begin(), catalog.end(), [](const TableShape& a, const TableShape& b) {
    return a.schema != b.schema ? a.schema < b.schema : a.table < b.table;
  });
  return catalog;
}

}  // namespace

Catalog read_catalog(const ConnParams& db, const std::vector<std::string>& schemas) {
  if (schemas.empty()) return {};
  auto conn = db::connect(db);
  db::Snapshot snapshot(*conn);
  const std::string where = fmt::format(
      "c.relkind in ('r', 'p') and c.relnamespace in (select oid from pg_namespace where "
      "nspname in ({}))",
      in_list(*conn, schemas));
  const std::string what = fmt::format("reading the catalog of '{}'", db.dbname);
  ByOid by_oid = read_tables(*conn, where, what);
  read_columns(*conn, where, what, by_oid);
  read_constraints(*conn, where, what, by_oid);
  read_indexes(*conn, where, what, by_oid);
  return sorted(std::move(by_oid));
}

}  // namespace dt
