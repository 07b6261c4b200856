#pragma once
// The upgrade's verdicts: each table's rows in the released collection against a copy of it
// after the new version's upgrade steps, and the upgraded schema against a fresh install of
// the same version. Pure: counts and catalogs in, results out.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnosis.hpp"
#include "core/model.hpp"
#include "core/table_shape.hpp"

namespace dt {

// One table of the upgrade.
struct UpgradeRow {
  std::string schema;
  std::string table;
  TableUpgrade upgrade;
  // Proven untouched by the upgrade steps without reading its rows: none written since they
  // started, and its file is the released one's (no rewrite, no TRUNCATE). Its content is then
  // the released content.
  bool untouched = false;
};

// One row per base table of the released side, the upgraded side's last count or the fresh
// install (so that a table the upgrade never makes gets its schema check), sorted by schema then
// table; rows, delta and verdict set, and `step`: the first step after whose count the table had
// fewer rows than released. after_step holds the upgraded side's counts after each step.
std::vector<UpgradeRow> compare_upgrade(const std::vector<TableCount>& released,
                                        const std::vector<std::vector<TableCount>>& after_step,
                                        const std::vector<TableCount>& fresh);

// The upgraded table against the same table of a fresh install (either nullptr when the table
// is missing there), named with UPGRADE_* codes (docs/report-format.md): columns missing or
// extra, type, NOT NULL and default, primary key, unique, check and foreign key rules.
std::vector<SchemaChange> upgrade_schema_diff(const TableShape* upgraded, const TableShape* fresh);

// The columns of `shape` a content comparison reads: every column but the excluded ones.
std::vector<std::string> content_columns(const TableShape& shape,
                                         const std::vector<std::string>& exclude);

}  // namespace dt
