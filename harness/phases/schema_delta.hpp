#pragma once
// The schema delta: each table's shape in the released and the new scratch database, compared
// and named with the stable codes of core/diagnosis.hpp. Pure: catalogs in, changes out.
#include <string>
#include <vector>

#include "core/diagnosis.hpp"
#include "core/table_shape.hpp"

namespace dt {

// One table's changes (sorted with sort_changes).
struct TableDelta {
  std::string schema;
  std::string table;
  std::vector<SchemaChange> changes;
};

// The changes of one table; released or fresh is nullptr when the table exists on one side
// only. A column dropped and another of the same type added at the same position is a rename.
std::vector<SchemaChange> table_delta(const TableShape* released, const TableShape* fresh);

// Every table of either catalog that changed, sorted by schema then table.
std::vector<TableDelta> schema_delta(const Catalog& released, const Catalog& fresh);

// The upgraded table against the same table of a fresh install of the same version (either
// nullptr when the table is missing there), named with the UPGRADE_* codes of
// docs/report-format.md: a table or column missing or extra, a type, NOT NULL or default
// differing, a primary key, unique, check or foreign key rule on one side only
// (schema_delta_upgrade.cpp).
std::vector<SchemaChange> upgrade_delta(const TableShape* upgraded, const TableShape* fresh);

// "PK", "UNIQUE", "FK", "CHECK" for a constraint kind; and "primary key", "unique constraint",
// "foreign key", "check constraint".
std::string constraint_prefix(char kind);
std::string constraint_words(char kind);

}  // namespace dt
