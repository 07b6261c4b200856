#pragma once
// The evidence beside a verdict: what changed in a table's schema (named by stable codes), what
// the collector logged about it, which natural key its rows were matched by, which rows were
// lost or changed, and which parts could not be worked out. Plain values; every phase that
// finds or shows evidence shares them.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dt {

// The line of the working tree that most likely wrote a schema change (see source_lines.hpp).
struct SourceLine {
  std::string file;      // relative to the clone, as git names it
  std::size_t line = 0;  // 1-based, in the working tree's file
  std::string text;      // the line as written (scrubbed)
  std::string path;      // the file's absolute path, for IDE and CI locations ("" when unknown)
  bool removed = false;  // the change took the line away: line is where it stood
  bool operator==(const SourceLine& o) const;
};

// One schema change of a table between the released and the new scratch database. The codes
// and what each field holds are listed in docs/report-format.md; they are an interface.
struct SchemaChange {
  std::string code;                  // e.g. "FK_ADDED"
  std::string subject;               // the column or constraint it is about
  std::vector<std::string> columns;  // the columns involved (a constraint's columns)
  std::string detail;                // plain words: "not deferrable", "integer -> bigint"
  std::string definition;            // SQL as the catalog prints it (constraint, default, bounds)
  std::optional<SourceLine> source = std::nullopt;  // where the working tree wrote it, if found
  bool operator==(const SchemaChange& o) const;
};

// True for a code listed in docs/report-format.md.
bool known_change_code(std::string_view code);
// True when the change can make the new version refuse or lose rows the released one kept: the
// codes printed as early warnings after both migrations.
bool risky(std::string_view code);
// True for the upgrade codes that refuse no row (an index, a comment): a FLAG, never a FAIL.
bool upgrade_flag_only(std::string_view code);
// The change in plain words, without the code: "foreign key added on account_id, not
// deferrable (account_fk: FOREIGN KEY ...)".
std::string describe(const SchemaChange& change);
// "CODE: <describe>", the line report.md and the failure message show.
std::string change_line(const SchemaChange& change);
// change_line, then " (at <file>:<line>)" when the working tree's line that wrote it is known
// (" (removed at <file>:<line>)" when the change took that line away).
std::string change_line_at(const SchemaChange& change);
// The first change's working-tree line that can be pointed at (a path, a line from 1 to
// INT_MAX), or nullptr: where a table's finding is located for IDEs and CI.
const SourceLine* first_source(const std::vector<SchemaChange>& changes);
// Sorts changes in the order of docs/report-format.md (the likeliest causes of lost rows
// first), keeping the order of equal codes.
void sort_changes(std::vector<SchemaChange>& changes);
// The distinct codes, comma-separated, in the order of changes; "NO_SCHEMA_CHANGE" when empty
// (the GoogleTest property `cause`).
std::string cause_codes(const std::vector<SchemaChange>& changes);

// The lines of one side's collector log that name a table or one of its constraints and read
// like a problem (WARN, ERROR, violates, ...).
struct LogEvidence {
  std::string side;                   // "released" or "new"
  std::string file;                   // the log's path
  std::int64_t lines = 0;             // how many lines matched
  std::vector<std::string> examples;  // the first few, scrubbed
};

// The natural key a table's rows were matched by across the two databases.
struct KeyChoice {
  std::vector<std::string> columns;   // the key, in order
  std::vector<std::string> compared;  // every column compared for content (the key included)
  std::vector<std::string> excluded;  // shared columns left out: volatile, or by the profile
  std::string source;  // "primary key x_pkey", "unique constraint x", "all shared columns", ...
  // No key found: rows are matched as whole rows (multisets of their shared columns), so a
  // changed row shows as one only on released and one only on new.
  bool whole_rows = false;
};

// Rows as text (NULL is nullopt) under their column names.
struct RowSample {
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;
};

// Rows found by comparing the two sides: how many in all, the first few, and their file.
struct RowEvidence {
  std::int64_t total = 0;  // rows found in all (the sample holds at most the sample size)
  RowSample sample;
  std::string file;  // the sample's CSV file (absolute path), "" when none was written
};

// Everything found about one table. A part that could not be worked out is absent and its
// reason is in problems: a diagnosis never turns a verdict into an error.
struct Diagnosis {
  std::vector<SchemaChange> changes;  // sorted with sort_changes
  std::vector<LogEvidence> log;       // one per side, FAIL and drifting tables only
  std::optional<KeyChoice> key;
  std::optional<RowEvidence> lost;     // on released, missing on new (FAIL tables)
  std::optional<RowEvidence> changed;  // same key, other content (drift): released row, new row
  std::optional<RowEvidence> added;    // whole rows only on new (key.whole_rows: no key found)
  std::vector<std::string> problems;   // "lost rows: <why>"
  // True when nothing was found and nothing failed: the table needs no diagnosis.
  bool empty() const;
};

// How a drifting table's rows differ, for one-line messages: " (3 rows differ)", or without a
// key " (1 row only on released, 1 only on new; no key)"; "" when not worked out.
std::string drift_detail(const Diagnosis& d);
// Why a table without a key shows whole rows, and how to declare a key (reports, messages).
std::string_view whole_rows_note();

// A risky change printed after both migrations, and whether the counts then bore it out.
struct EarlyWarning {
  std::string schema;
  std::string table;
  SchemaChange change;
  // Set after the counts: true when the table FAILs (or its content changed), false when it
  // does not; nullopt when the run stopped before counting.
  std::optional<bool> confirmed;
};

}  // namespace dt
