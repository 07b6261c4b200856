#pragma once
// The evidence beside the verdicts, worked out while both scratch databases still exist: the
// early warning after both migrations, and after the counts each FAIL (or drifting) table's
// schema changes, collector log lines and lost (or changed) rows. A diagnosis never turns a
// verdict into an error: a part that fails is named in the table's problems.
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "core/app_profile.hpp"
#include "core/model.hpp"
#include "core/table_shape.hpp"
#include "db/conninfo.hpp"
#include "lost_rows.hpp"
#include "upgrade.hpp"

namespace dt {

// What the diagnosis reads.
struct DiagnoseInputs {
  ConnParams released;  // the scratch databases
  ConnParams fresh;
  std::vector<std::string> schemas;
  std::filesystem::path released_log;  // logs/released.log
  std::filesystem::path new_log;       // logs/new.log
  std::filesystem::path work_dir;      // the samples go to <work_dir>/lost/ and changed/
  std::vector<NaturalKeyOverride> overrides;
  std::vector<std::string> content_exclude;  // the profile's: never compared for content
  std::size_t sample = 20;
  ContentCheck content = ContentCheck::off;
};

// What the upgrade's evidence reads.
struct UpgradeInputs {
  ConnParams released;  // the released collection
  ConnParams upgraded;  // its copy after the upgrade steps
  ConnParams fresh;     // the new side's fresh install (its schema steps done)
  std::vector<std::string> schemas;
  std::filesystem::path work_dir;  // samples go to upgrade-lost/ and upgrade-changed/
  std::vector<NaturalKeyOverride> overrides;
  std::vector<std::string> content_exclude;  // the profile's content_exclude
  std::size_t sample = 20;
};

// Fills each row's schema changes (upgraded against fresh), its content (equal counts; the
// columns that changed and a sample), its lost rows (fewer rows), then its verdict. A part that
// cannot be worked out is named in the row's problems. Throws only dt::Interrupted
// (diagnose_upgrade.cpp).
void diagnose_upgrade(const UpgradeInputs& in, std::vector<UpgradeRow>& rows);

// The risky schema changes between the two databases (both migrated). Throws dt::Error when a
// catalog cannot be read.
std::vector<EarlyWarning> early_warnings(const ConnParams& released, const ConnParams& fresh,
                                         const std::vector<std::string>& schemas);

// Fills in each result's diagnosis and, with --content, its content (a drifting table FAILs
// with --content=fail), then marks each early warning confirmed or not. Throws only
// dt::Interrupted.
void diagnose(const DiagnoseInputs& in, std::vector<TableResult>& results,
              std::vector<EarlyWarning>& warnings);

// Where the working tree wrote each schema change of a diagnosed table, an early warning and an
// upgrade difference: the line changes_since(commit) adds that names it (source_lines), with
// its absolute path under source_dir. A change without such a line keeps no source; when git
// cannot tell, a warning says so and nothing changes.
void attach_sources(const std::filesystem::path& source_dir, const std::string& commit,
                    const std::vector<std::filesystem::path>& excludes,
                    std::vector<TableResult>& results, std::vector<EarlyWarning>& warnings);

// What diff_rows compares for a table: its key, how each key column is ordered on each side,
// and released's columns for the sample. rel and neu are the table's shapes (neu nullptr when
// the new side lacks it).
RowDiffSpec row_diff_spec(const TableShape& rel, const TableShape* neu, const KeyChoice& key,
                          std::size_t sample);

// The rows found (total, the sample) as evidence; a non-empty sample is written to
// sample_path(dir, schema, table).
RowEvidence row_evidence(std::int64_t total, RowSample sample, const std::filesystem::path& dir,
                         const std::string& schema, const std::string& table);

// The sample file of schema.table under dir: "<schema>.<table>.csv", other bytes than
// [A-Za-z0-9_-] as '_' plus a hash of the exact name when any was replaced.
std::filesystem::path sample_path(const std::filesystem::path& dir, const std::string& schema,
                                  const std::string& table);

}  // namespace dt
