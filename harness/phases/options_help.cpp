// The --help text, kept apart from the parser: it changes for other reasons.
#include "options.hpp"

namespace dt {

std::string help_text() {
  return R"(Usage: data-test --released-tag TAG --repo URL [--repo URL ...] [options] [--gtest_* flags]
       data-test --self-check --released-tag TAG --repo URL [--repo URL ...] [options]
       data-test snapshots [list|prune] [--snapshot-max-age AGE] [--profile PATH] [--config PATH]
                 [--source-dir PATH] [--cache-dir PATH]
       data-test cache [list|prune] [--cache-max-age AGE] [--cache-dir PATH]

Builds the released git tag and the working tree, collects the same repository into one
scratch PostgreSQL database per side, and compares the row count of every base table.

Options:
  --released-tag TAG  git tag of the release to compare against (required)
  --repo URL          a test repository both sides collect (required; repeat it for several,
                      collected in the order given)
  --repos-file FILE   more test repositories, one URL a line ('#' starts a comment)
  --check             check the inputs in seconds and build nothing: profile and config, the
                      server (reachable, CREATEDB, scratch names free), the tag; every problem
                      on its own line, exit 2 if any
  --self-check        which tables are noise: the released tag collected twice by its own build
                      (the released snapshot, when usable, as the first), content compared, no
                      upgrade; prints the tables that differ and writes the profile fragment
                      <work-dir>/unstable_tables.json; exit 0 all stable, 1 one differs, 2 error
  --keep-dbs          keep the scratch databases after the run (default: drop them)
  --no-upgrade        skip the upgrade check: a copy of the released collection migrated by
                      the new version's upgrade_steps, compared table by table (default: on)
  --upgrade-only      only the upgrade: the released side (a kept snapshot: seconds), the new
                      side's schema steps, the upgrade; no new collection, no fresh comparison
  --work-dir PATH     binaries, logs, configs and reports: a new or empty directory, or one data-test
                      made before (default: a fresh private $TMPDIR/<profile>-data-test-<UTC>-XXXXXX)
  --source-dir PATH   the application's git checkout (default: git top level of the current dir)
  --config PATH       the operator's config file with the database credentials, when the profile's
                      connection is a file (default: the profile's connection.path, else
                      <source-dir>/<profile name>.json, i.e. aveloxis.json for Aveloxis)
  --profile PATH      application profile JSON (default: <source-dir>/data-test.json; the built-in
                      Aveloxis profile when the clone is Aveloxis)
  --reuse-state       reuse <work-dir>/state.json when its tag commit, tree, repo and profile match
  --fingerprint-exclude PATH  a directory inside the clone whose files are not the working tree's
                      (a build tree: CTest writes there on every run); repeatable; the work dir is
                      always left out
  --cache-dir PATH    what data-test keeps between runs (the released build), a directory only
                      data-test writes (default: $XDG_CACHE_HOME/data-test, else ~/.cache/data-test)
  --fresh             build and collect the released tag again instead of taking its build from
                      the cache dir and its collection from a snapshot (the new ones are kept)
  --snapshot-max-age AGE  the oldest released snapshot a run copies instead of collecting, e.g.
                      90m, 24h, 7d (default 24h; 0: none used or kept); for 'snapshots prune':
                      drop the snapshots older than AGE (0: all of them)
  --resume            with the --work-dir of an interrupted or failed run whose released side was
                      collected: reuse that collection and collect only the new side
  --collect-only      phases 1-5 and save the state; exit 0 unless it could not run (CTest setup)
  --from-state        read <work-dir>/state.json and collect nothing; needs --work-dir (CTest tests)
  --drop-dbs-only     drop data-test's marked scratch databases and exit; needs --work-dir (CTest cleanup)
  snapshots [list]    list the released snapshots on the profile's server: key, age, disk use
  snapshots prune     drop the snapshots older than --snapshot-max-age; exit 2 if one could not be
  cache [list]        list the released builds in the cache dir: commit, when built and last used,
                      disk use; an entry the cache dir has no record of is not data-test's (kept)
  cache prune         remove the cached builds unused for longer than --cache-max-age; exit 2 if
                      one could not be removed
  --cache-max-age AGE  for 'cache list|prune': the longest a cached build may stay unused, e.g.
                      12h, 30d (default 30d; 0: all of them)
  --force-drop        also drop scratch-named databases that lack data-test's mark (never the
                      primary database, PostgreSQL's own, or one a running data-test made)
  --content           also fingerprint every table with equal counts on both sides; changed
                      content gets a DRIFT warning and a sample of changed rows
  --content=fail      as --content, and drift FAILs the table
  --sample-rows N     rows shown per FAIL table (lost) or drifting table (changed), 1-1000 (default 20)
  --quiet             print only the phases, warnings and the final verdict (the children's
                      output still goes to <work-dir>/logs/)
  --list-last-known   --gtest_list_tests never builds or connects: it lists the tables known for
                      these inputs, else the last ones known (IDEs; CMake: DATA_TEST_LIST_LAST_KNOWN)
  --unlisted FILE     with --from-state: run only the tables whose test names FILE (one per line)
                      does not hold; none is a pass (CTest's <suite>.unlisted test)
  -h, --help          print this help and exit
  -V, --version       print the version and exit
  Both '--flag VALUE' and '--flag=VALUE' work.

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
}

}  // namespace dt
