// The --help text, kept apart from the parser: it changes for other reasons. Its Options section
// is the flag table's rows; the prose around them is here.
#include <algorithm>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "options.hpp"

namespace dt {
namespace {

constexpr std::string_view kIntro =
    R"(Usage: data-test --released-tag TAG --repo URL [--repo URL ...] [options] [--gtest_* flags]
       data-test --self-check --released-tag TAG --repo URL [--repo URL ...] [options]
       data-test bisect --released-tag TAG --repo URL [--repo URL ...] [options]
       data-test snapshots [list|prune] [--snapshot-max-age AGE] [--profile PATH] [--config PATH]
                 [--source-dir PATH] [--cache-dir PATH]
       data-test cache [list|prune] [--cache-max-age AGE] [--cache-dir PATH]

Builds the released git tag and the working tree, collects the same repository into one
scratch PostgreSQL database per side, and compares the row count of every base table.

Options:
)";

constexpr std::string_view kAfterOptions = R"(  Both '--flag VALUE' and '--flag=VALUE' work.

GoogleTest:
  This program contains tests written using Google Test: one test per table (suite = schema,
  test = table). Its flags pass through to GoogleTest unchanged, among them:
  --gtest_list_tests  List the names of all tests instead of running them (the tables, without
                      collecting; still needs --released-tag and --repo)
  --gtest_filter=PATTERN  run only the tables whose names match
  --gtest_output=xml:FILE or json:FILE  one testcase per table (never data-test's own report files)
  --gtest_brief=1     print only failures; --gtest_color=yes|no|auto also colours the PASS/FLAG lines

Phases:
  1. resolve binaries: git worktree of the tag, then build it and the working tree
  2. provision scratch databases: drop and create the released and new databases
  3. scratch configs: copies of the config with only the database name changed, and a private
     PGPASSFILE (mode 0600); or the steps' DATABASE_URL / PG* variables, as the profile says
  4. collect released, then new: the profile's steps (migrate, copy keys, add and collect each
     repo); the schema-building ones (discovery_steps) run on both sides first, then the risky
     schema changes are printed (early warning), then the rest
  5. row-count diff: exact counts of every base table in the profile's schemas; then, while both
     databases exist, the diagnosis of each FAIL table: schema change codes, collector log lines,
     the lost rows (a sample, in <work-dir>/lost/)
  6. report and cleanup: <work-dir>/report.md, report.json and report.html; drop the databases
     unless --keep-dbs

Verdicts (one per table):
  PASS  equal row counts
  FLAG  new > released (likely new coverage; review)
  FAIL  released > new (data loss; do not ship)
  With --content, equal counts whose content differs are DRIFT (a warning; FAIL with
  --content=fail)

Exit codes:
  0        every table PASS or FLAG
  1        any table FAIL
  2        the harness could not finish (bad flags/config/profile, missing tag,
           build/database/collector failure)
  129/130/143  interrupted by SIGHUP/SIGINT/SIGTERM (cleaned up, partial report written)

Environment:
  PGHOST, PGPORT, PGUSER, PGSSLMODE, ...  libpq's defaults for what the config leaves out; the
                            primary database itself for a profile whose connection is libpq_env
  DATABASE_URL              the primary database for a profile whose connection is url_env (or
                            the variable the profile names)
  PGCONNECT_TIMEOUT         seconds to wait for the server to answer a connection (default 30)
  DATA_TEST_RECOLLECT=1     collect again even when a saved state matches (--reuse-state)
  DATA_TEST_REBUILD=1       build both sides even when the work dir holds binaries built from the
                            same inputs
  DATA_TEST_HEARTBEAT_SECONDS  period of the "still running" line during a long step (1-86400,
                            default 60)
  NO_COLOR                  never colour the terminal output
  TMPDIR                    where the default work dir is made
)";

// The left column is 18 wide: a longer head pushes its first line right by two spaces, and the
// lines after it start below the others' words.
std::string help_row(const FlagRow& row) {
  std::string out;
  std::string_view text = row.help;
  bool first = true;
  while (true) {
    const std::size_t end = std::min(text.find('\n'), text.size());
    out += first ? fmt::format("  {:<18}  {}\n", flag_head(row), text.substr(0, end))
                 : fmt::format("{:22}{}\n", "", text.substr(0, end));
    first = false;
    if (end == text.size()) break;
    text.remove_prefix(end + 1);
  }
  return out;
}

}  // namespace

std::string help_text() {
  std::string out(kIntro);
  for (const FlagRow& row : flag_table()) out += help_row(row);
  out += kAfterOptions;
  return out;
}

}  // namespace dt
