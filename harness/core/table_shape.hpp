#pragma once
// A table's shape as the catalog describes it: columns and constraints. Read from each scratch
// database by the catalog module; compared by schema_delta; used to choose natural keys.
#include <string>
#include <string_view>
#include <vector>

namespace dt {

struct ColumnShape {
  std::string name;
  std::string type;  // as format_type prints it: "integer", "character varying(10)"
  bool not_null = false;
  std::string default_expr;  // the default as pg_get_expr prints it; "" when there is none
  bool identity = false;     // GENERATED ... AS IDENTITY
  bool generated = false;    // GENERATED ALWAYS AS (...) STORED (default_expr is the expression)
  int position = 0;          // 1-based among the table's live columns
  bool integer = false;      // smallint, integer or bigint: ordered as numbers
  // Its own order is the byte order of its text (text or varchar under the C or POSIX
  // collation, uuid): ORDER BY it can use its index and still merge by bytes.
  bool byte_ordered = false;
  std::string comment;  // COMMENT ON COLUMN; "" when none
};

struct ConstraintShape {
  // 'p' primary key, 'u' unique (a constraint, or a unique index on plain columns without a
  // predicate), 'c' check, 'f' foreign key.
  char kind = 'c';
  std::string name;
  std::vector<std::string> columns;  // in the constraint's order
  std::string definition;            // pg_get_constraintdef, or pg_get_indexdef for an index
  bool deferrable = false;
  bool deferred = false;  // INITIALLY DEFERRED
};

struct TableShape {
  std::string schema;
  std::string table;
  std::vector<ColumnShape> columns;          // in column order
  std::vector<ConstraintShape> constraints;  // sorted by name
  std::string partition_bound;               // "FOR VALUES ..." for a partition, else ""
  // The other indexes (neither a constraint's nor a plain unique one, which are constraints
  // above): each as pg_get_indexdef prints it from " USING " on, so its name is left out.
  std::vector<std::string> indexes;
  std::string comment;  // COMMENT ON TABLE; "" when none
};

// Every base table of the compared schemas, sorted by schema then table (byte order).
using Catalog = std::vector<TableShape>;

// The table, or nullptr.
const TableShape* find_table(const Catalog& catalog, std::string_view schema,
                             std::string_view table);
// The column, or nullptr.
const ColumnShape* find_column(const TableShape& table, std::string_view name);
// True when the database fills the column itself with a value that differs between two runs
// of the same collection: a sequence (serial), an identity, a generated column, or a default
// of now(), CURRENT_TIMESTAMP, random() and the like.
bool volatile_column(const ColumnShape& column);
// "schema.table", unquoted (for messages and log matching).
std::string qualified(const TableShape& table);
// "text NOT NULL DEFAULT 'x'": a column as one would declare it.
std::string declaration(const ColumnShape& column);
// Two constraints that refuse the same rows, whatever their names.
bool same_rule(const ConstraintShape& a, const ConstraintShape& b);
// True when table has a constraint with c's rule (under any name).
bool has_same_rule(const TableShape& table, const ConstraintShape& c);

}  // namespace dt
