#include "core/table_shape.hpp"

#include <algorithm>
#include <array>

#include "util/text.hpp"

namespace dt {

const TableShape* find_table(const Catalog& catalog, std::string_view schema,
                             std::string_view table) {
  for (const auto& t : catalog) {
    if (t.schema == schema && t.table == table) return &t;
  }
  return nullptr;
}

const ColumnShape* find_column(const TableShape& table, std::string_view name) {
  for (const auto& c : table.columns) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

bool volatile_column(const ColumnShape& column) {
  if (column.identity || column.generated) return true;
  const std::string expr = text::lower(column.default_expr);
  // Functions whose value depends on when or in which run the row was written.
  static constexpr std::array<std::string_view, 12> kVolatile = {"nextval(",
                                                                 "now()",
                                                                 "current_timestamp",
                                                                 "clock_timestamp(",
                                                                 "statement_timestamp(",
                                                                 "transaction_timestamp(",
                                                                 "localtimestamp",
                                                                 "current_date",
                                                                 "current_time",
                                                                 "random(",
                                                                 "gen_random_uuid(",
                                                                 "uuid_generate_"};
  return std::any_of(kVolatile.begin(), kVolatile.end(),
                     [&](std::string_view f) { return expr.find(f) != std::string::npos; });
}

std::string qualified(const TableShape& table) {
  return table.schema + "." + table.table;
}

std::string declaration(const ColumnShape& c) {
  std::string out = c.type;
  if (c.not_null) out += " NOT NULL";
  if (c.identity) out += " GENERATED AS IDENTITY";
  if (c.generated) out += " GENERATED ALWAYS AS (" + c.default_expr + ") STORED";
  if (!c.identity && !c.generated && !c.default_expr.empty()) out += " DEFAULT " + c.default_expr;
  return out;
}

bool same_rule(const ConstraintShape& a, const ConstraintShape& b) {
  if (a.kind != b.kind) return false;
  // An index definition carries the index name; the columns are the rule.
  if (a.kind == 'p' || a.kind == 'u') return a.columns == b.columns;
  return a.definition == b.definition && a.deferrable == b.deferrable && a.deferred == b.deferred;
}

bool has_same_rule(const TableShape& t, const ConstraintShape& c) {
  return std::any_of(t.constraints.begin(), t.constraints.end(),
                     [&](const ConstraintShape& x) { return same_rule(x, c); });
}

}  // namespace dt
