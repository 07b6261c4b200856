#pragma once
// The values every phase shares: table counts, per-table results (their verdict and status:
// core/verdict.hpp) and the facts a report states about its run. Plain data; no phase module
// owns them.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/accepted.hpp"
#include "core/diagnosis.hpp"
#include "core/verdict.hpp"

namespace dt {

// One base table and its exact row count on one side.
struct TableCount {
  TableCount() = default;
  TableCount(std::string schema_, std::string table_, std::int64_t rows_ = 0,
             std::int64_t written_ = -1, std::string file_ = {})
      : schema(std::move(schema_)),
        table(std::move(table_)),
        rows(rows_),
        written(written_),
        file(std::move(file_)) {}
  std::string schema;
  std::string table;
  std::int64_t rows = 0;
  // Rows written (inserted, updated, rewritten) by transactions after a given one; -1 when not
  // counted. The upgrade counts them to know which tables its steps touched.
  std::int64_t written = -1;
  std::string file;  // pg_class.relfilenode: a TEMPLATE copy keeps it, a rewrite or TRUNCATE not
};

// One repository's share of a table (profile repo_column), both sides.
struct RepoResult {
  std::string repo;  // as shown (credentials masked), or kOtherRepos
  std::int64_t released_rows = 0;
  std::int64_t new_rows = 0;
  std::int64_t delta = 0;  // new - released
  Verdict verdict = Verdict::pass;
};

// The name of the rows that belong to none of the run's repositories (NULL, or an id the
// lookup does not map to a test repository).
inline constexpr std::string_view kOtherRepos = "(no test repository)";

// One side's rows of one table per repository.
struct RepoTableCounts {
  std::string schema;
  std::string table;
  std::vector<std::int64_t> rows;  // per repository, in the run's order
  std::int64_t other = 0;          // rows of kOtherRepos
};

// One table's upgrade: its rows in the released collection against a copy of that collection
// after the new version's upgrade steps, and the upgraded schema against a fresh install.
struct TableUpgrade {
  std::int64_t released_rows = 0;
  std::int64_t upgraded_rows = 0;
  std::int64_t delta = 0;  // upgraded - released
  Verdict verdict = Verdict::pass;
  // Equal counts: same or changed (fingerprints over the released table's columns, less the
  // excluded ones); not_compared when not compared.
  Content content = Content::not_compared;
  std::vector<std::string> changed_columns;  // content changed: the columns whose values moved
  // The upgrade step (0-based) after which the table first had fewer rows than released.
  std::optional<std::size_t> step;
  std::vector<SchemaChange> schema;    // the upgraded table against a fresh install (UPGRADE_*)
  std::optional<RowEvidence> lost;     // released rows the upgrade removed (by natural key)
  std::optional<RowEvidence> changed;  // released row, upgraded row (content changed)
  std::optional<KeyChoice> key;        // the natural key the rows were matched by
  std::vector<std::string> problems;   // parts that could not be worked out
  // The acceptance of an upgrade verdict (UPGRADE_FAIL, UPGRADE_FLAG) for the table, if any.
  std::optional<Acceptance> accepted;
};

// A table's unstable_tables entry, as applied to its verdict.
struct Unstable {
  std::string reason;
  std::optional<std::int64_t> spread;  // rows either way; none: any difference
};

struct TableResult {
  std::string schema;
  std::string table;
  std::int64_t released_rows = 0;
  std::int64_t new_rows = 0;
  std::int64_t delta = 0;  // new - released
  Verdict verdict = Verdict::pass;
  std::string note;  // set when the table exists on one side only
  // Per repository, in the run's order (kOtherRepos last when it has rows): only for a table
  // with the profile's repo_column. Adds up to the two counts.
  std::vector<RepoResult> by_repo;
  // With --content, for equal counts: same or changed (the order-independent fingerprints of
  // the two sides); not_compared when not compared.
  Content content = Content::not_compared;
  // The evidence found after the counts (see core/diagnosis.hpp); empty for most PASS tables.
  Diagnosis diagnosis;
  // The upgrade's result; nullopt when the upgrade was off or did not run (its migration
  // failed, or the table is on neither the released nor the upgraded side).
  std::optional<TableUpgrade> upgrade;
  // The profile's unstable_tables entry for the table, when it has one (whatever the verdict).
  std::optional<Unstable> unstable;
  // The acceptance of a fresh verdict (FAIL, FLAG, DRIFT) that applied to the table, if any.
  std::optional<Acceptance> accepted;
};

// True when result is declared unstable and its count difference is within the spread.
bool within_spread(const TableResult& result);

// The repositories of result.by_repo that lost rows (released > new), in order.
std::vector<std::string> repos_losing(const TableResult& result);

// The verdict a result's counts and content call for: UNSTABLE within_spread, else the verdict
// of status(classify(), content, check) (equal counts with changed content FAIL with
// --content=fail).
Verdict expected_verdict(const TableResult& result, ContentCheck check);

// How many tables got each verdict.
struct VerdictCounts {
  std::size_t fail = 0, flag = 0, pass = 0, unstable = 0, accepted = 0;
  // Counts one more table with verdict.
  void add(Verdict verdict);
};
VerdictCounts count_verdicts(const std::vector<TableResult>& results);

// FAIL: fewer rows, or a schema difference that can refuse or lose rows (production would run a
// schema nobody tested); FLAG: more rows, changed content (a backfill may do that on purpose),
// or an index or comment difference; else PASS.
Verdict upgrade_verdict(const TableUpgrade& upgrade);

// The GoogleTest property `cause` of an upgrade test: the schema codes, then ROWS_LOST,
// ROWS_ADDED or CONTENT_CHANGED, comma-separated; "NO_CHANGE" when there is none.
std::string upgrade_cause(const TableUpgrade& upgrade);

// How many tables got each upgrade verdict.
VerdictCounts count_upgrade(const std::vector<TableResult>& results);

// How long one phase took.
struct PhaseTiming {
  std::string name;  // e.g. "resolve binaries"
  double seconds = 0;
};

// One upgrade step as it ran.
struct UpgradeStepRun {
  std::string step;  // "upgrade step 1/1: <argv>" (secrets masked)
  int exit = 0;      // the exit status (128 + n when killed by signal n)
  double seconds = 0;
};

// The upgrade as a whole: where its copy came from, its steps, and how many tables got each
// verdict.
struct UpgradeInfo {
  std::string database;  // the upgraded scratch database
  std::string source;    // "released collection", or "snapshot '<name>'"
  std::vector<UpgradeStepRun> steps;
  bool migration_failed = false;
  std::string error;                // the failing step and its exit status ("" when none)
  std::vector<std::string> output;  // the failing step's last output lines, secrets masked
  VerdictCounts summary;
  // Where the upgrade phase's time went: count released, copy, count upgraded, evidence, drop
  // copy (the steps are in `steps`).
  std::vector<PhaseTiming> parts;
};

// Everything the report says besides the table rows.
struct RunInfo {
  std::string profile_name;  // the title is "# <profile_name> data-test report"
  std::string released_tag;
  std::string released_commit;  // full sha
  std::string local_version;    // e.g. "working tree at abc1234 with uncommitted changes"
  std::string released_build;   // "cached (commit abc1234, built ...)"; empty: built by this run
  // "snapshot '...' (collected ..., 2h 05m ago) ..." or "resumed: ..."; empty: collected by this
  // run
  std::string released_collection;
  std::string released_db;
  std::string new_db;
  std::string repo;  // as shown: credentials in the URL replaced by "***"; several joined by ", "
  std::vector<std::string> repos;  // each test repository as shown, in the run's order
  std::string repo_column;         // the profile's repo_column ("" : no per-repository breakdown)
  std::vector<std::string> schemas;
  std::string generated_at;  // ISO-8601 UTC, e.g. 2026-05-17T14:30:00Z
  std::string incomplete;    // empty for a finished run, else where and why it stopped
  std::vector<PhaseTiming> phases;
  ContentCheck content_check = ContentCheck::off;  // --content
  std::vector<EarlyWarning> early_warnings;        // risky changes printed after the migrations
  std::optional<UpgradeInfo> upgrade;              // nullopt when the upgrade was off
  // False with --upgrade-only: no new collection, so the tables have no fresh verdict (their
  // new_rows, delta and verdict mean nothing and are written as null).
  bool fresh_compared = true;
  // --self-check: the new side is a second collection by the released build, not the working
  // tree; every difference is noise, not a change.
  bool self_check = false;
};

// The split of a "schema.table" name (either part may be double-quoted, "" for a quote).
// Throws dt::Error when there is no dot, or a quote is unbalanced.
std::pair<std::string, std::string> split_qualified(std::string_view qualified);

// Current UTC time as 2026-05-17T14:30:00Z; and as 20260517T143000Z for directory names.
std::string utc_now_iso();
std::string utc_now_compact();

}  // namespace dt
