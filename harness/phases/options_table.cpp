// The one table of data-test's flags: the parser, --help (and so the man page) and the test that
// holds docs/usage.md to them all read it, so that a flag is never known to one and not another.
#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "options.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace dt {
namespace {

std::size_t sample_rows(const std::string& value) {
  std::size_t n = 0;
  const bool digits = !value.empty() && value.size() <= 4 &&
                      value.find_first_not_of("0123456789") == std::string::npos;
  if (digits) n = std::stoul(value);
  if (!digits || n < 1 || n > kMaxSampleRows) {
    throw Error(
        fmt::format("flag '--sample-rows' value '{}' is not a number from 1 to {}; pass "
                    "e.g. --sample-rows 20",
                    value, kMaxSampleRows));
  }
  return n;
}

// `rest` is what follows "--content" in its argument: "" or "=VALUE". The value is inline only:
// "--content fail" would read a following value as a flag's.
void set_content(Options& options, const std::string& rest) {
  if (rest.empty()) {
    options.content = ContentCheck::on;
  } else if (rest == "=fail") {
    options.content = ContentCheck::fail;
  } else {
    throw Error(
        fmt::format("flag '--content' value '{}' is not known; pass --content (report drift) or "
                    "--content=fail (drift fails the table)",
                    text::printable(rest.substr(1))));
  }
}

// In --help's order: {flag, short flag, kind, value name, example, setter, mode, help}.
const FlagRow kRows[] = {
    {"--released-tag", "", FlagKind::value, "TAG", "0.22.6",
     [](Options& o, const std::string& v) { o.released_tag = v; }, Mode::run,
     "git tag of the release to compare against (required)"},
    {"--repo", "", FlagKind::repeatable, "URL", "https://github.com/augurlabs/augur",
     [](Options& o, const std::string& v) { o.repos.push_back(v); }, Mode::run,
     "a test repository both sides collect (required; repeat it for several,\n"
     "collected in the order given)"},
    {"--repos-file", "", FlagKind::value, "FILE", "repos.txt",
     [](Options& o, const std::string& v) { o.repos_file = v; }, Mode::run,
     "more test repositories, one URL a line ('#' starts a comment)"},
    {"--check", "", FlagKind::mode, "", "", nullptr, Mode::check,
     "check the inputs in seconds and build nothing: profile and config, the\n"
     "server (reachable, CREATEDB, scratch names free), the tag; every problem\n"
     "on its own line, exit 2 if any"},
    {"--self-check", "", FlagKind::mode, "", "", nullptr, Mode::self_check,
     "which tables are noise: the released tag collected twice by its own build\n"
     "(the released snapshot, when usable, as the first), content compared, no\n"
     "upgrade; prints the tables that differ and writes the profile fragment\n"
     "<work-dir>/unstable_tables.json; exit 0 all stable, 1 one differs, 2 error"},
    {"bisect", "", FlagKind::command, "", "", nullptr, Mode::bisect,
     "with the flags of a run: the first commit after the tag (HEAD's first-parent\n"
     "line, then the uncommitted changes) whose run FAILs, in about log2(n)+1 runs,\n"
     "each in its own worktree; <work-dir>/bisect.json; exit 0 none after the tag,\n"
     "1 found, 2 could not tell"},
    {"--keep-dbs", "", FlagKind::toggle, "", "",
     [](Options& o, const std::string&) { o.keep_dbs = true; }, Mode::run,
     "keep the scratch databases after the run (default: drop them)"},
    {"--no-upgrade", "", FlagKind::toggle, "", "",
     [](Options& o, const std::string&) { o.no_upgrade = true; }, Mode::run,
     "skip the upgrade check: a copy of the released collection migrated by\n"
     "the new version's upgrade_steps, compared table by table (default: on)"},
    {"--upgrade-only", "", FlagKind::toggle, "", "",
     [](Options& o, const std::string&) { o.upgrade_only = true; }, Mode::run,
     "only the upgrade: the released side (a kept snapshot: seconds), the new\n"
     "side's schema steps, the upgrade; no new collection, no fresh comparison"},
    {"--work-dir", "", FlagKind::value, "PATH", "PATH",
     [](Options& o, const std::string& v) { o.work_dir = v; }, Mode::run,
     "binaries, logs, configs and reports: a new or empty directory, or one data-test\n"
     "made before (default: a fresh private $TMPDIR/<profile>-data-test-<UTC>-XXXXXX)"},
    {"--source-dir", "", FlagKind::value, "PATH", "PATH",
     [](Options& o, const std::string& v) { o.source_dir = v; }, Mode::run,
     "the application's git checkout (default: git top level of the current dir)"},
    {"--config", "", FlagKind::value, "PATH", "aveloxis.json",
     [](Options& o, const std::string& v) { o.config = v; }, Mode::run,
     "the operator's config file with the database credentials, when the profile's\n"
     "connection is a file (default: the profile's connection.path, else\n"
     "<source-dir>/<profile name>.json, i.e. aveloxis.json for Aveloxis)"},
    {"--profile", "", FlagKind::value, "PATH", "profile.json",
     [](Options& o, const std::string& v) { o.profile = v; }, Mode::run,
     "application profile JSON (default: <source-dir>/data-test.json; the built-in\n"
     "Aveloxis profile when the clone is Aveloxis)"},
    {"--reuse-state", "", FlagKind::toggle, "", "",
     [](Options& o, const std::string&) { o.reuse_state = true; }, Mode::run,
     "reuse <work-dir>/state.json when its tag commit, tree, repo and profile match"},
    {"--fingerprint-exclude", "", FlagKind::repeatable, "PATH", "build",
     [](Options& o, const std::string& v) { o.fingerprint_excludes.push_back(v); }, Mode::run,
     "a directory inside the clone whose files are not the working tree's\n"
     "(a build tree: CTest writes there on every run); repeatable; the work dir is\n"
     "always left out"},
    {"--cache-dir", "", FlagKind::value, "PATH", "PATH",
     [](Options& o, const std::string& v) { o.cache_dir = v; }, Mode::run,
     "what data-test keeps between runs (the released build), a directory only\n"
     "data-test writes (default: $XDG_CACHE_HOME/data-test, else ~/.cache/data-test)"},
    {"--fresh", "", FlagKind::toggle, "", "",
     [](Options& o, const std::string&) { o.fresh = true; }, Mode::run,
     "build and collect the released tag again instead of taking its build from\n"
     "the cache dir and its collection from a snapshot (the new ones are kept)"},
    {"--snapshot-max-age", "", FlagKind::value, "AGE", "24h",
     [](Options& o, const std::string& v) { o.snapshot_max_age = parse_max_age(v); }, Mode::run,
     "the oldest released snapshot a run copies instead of collecting, e.g.\n"
     "90m, 24h, 7d (default 24h; 0: none used or kept); for 'snapshots prune':\n"
     "drop the snapshots older than AGE (0: all of them)"},
    {"--resume", "", FlagKind::toggle, "", "",
     [](Options& o, const std::string&) { o.resume = true; }, Mode::run,
     "with the --work-dir of an interrupted or failed run whose released side was\n"
     "collected: reuse that collection and collect only the new side"},
    {"--collect-only", "", FlagKind::mode, "", "", nullptr, Mode::collect_only,
     "phases 1-5 and save the state; exit 0 unless it could not run (CTest setup)"},
    {"--from-state", "", FlagKind::mode, "", "", nullptr, Mode::from_state,
     "read <work-dir>/state.json and collect nothing; needs --work-dir (CTest tests)"},
    {"--drop-dbs-only", "", FlagKind::mode, "", "", nullptr, Mode::drop_dbs_only,
     "drop data-test's marked scratch databases and exit; needs --work-dir (CTest cleanup)"},
    {"snapshots [list]", "", FlagKind::command, "", "", nullptr, Mode::snapshots,
     "list the released snapshots on the profile's server: key, age, disk use"},
    {"snapshots prune", "", FlagKind::command, "", "", nullptr, Mode::snapshots,
     "drop the snapshots older than --snapshot-max-age; exit 2 if one could not be"},
    {"cache [list]", "", FlagKind::command, "", "", nullptr, Mode::cache,
     "list the released builds in the cache dir: commit, when built and last used,\n"
     "disk use; an entry the cache dir has no record of is not data-test's (kept)"},
    {"cache prune", "", FlagKind::command, "", "", nullptr, Mode::cache,
     "remove the cached builds unused for longer than --cache-max-age; exit 2 if\n"
     "one could not be removed"},
    {"--cache-max-age", "", FlagKind::value, "AGE", "30d",
     [](Options& o, const std::string& v) {
       o.cache_max_age = parse_max_age(v, "--cache-max-age");
     },
     Mode::run,
     "for 'cache list|prune': the longest a cached build may stay unused, e.g.\n"
     "12h, 30d (default 30d; 0: all of them)"},
    {"--force-drop", "", FlagKind::toggle, "", "",
     [](Options& o, const std::string&) { o.force_drop = true; }, Mode::run,
     "also drop scratch-named databases that lack data-test's mark (never the\n"
     "primary database, PostgreSQL's own, or one a running data-test made)"},
    {"--content", "", FlagKind::inline_only, "", "", set_content, Mode::run,
     "also fingerprint every table with equal counts on both sides; changed\n"
     "content gets a DRIFT warning and a sample of changed rows"},
    {"--content=fail", "", FlagKind::spelling, "", "", nullptr, Mode::run,
     "as --content, and drift FAILs the table"},
    {"--sample-rows", "", FlagKind::value, "N", "20",
     [](Options& o, const std::string& v) { o.sample_rows = sample_rows(v); }, Mode::run,
     "rows shown per FAIL table (lost) or drifting table (changed), 1-1000 (default 20)"},
    {"--quiet", "", FlagKind::toggle, "", "",
     [](Options& o, const std::string&) { o.quiet = true; }, Mode::run,
     "print only the phases, warnings and the final verdict (the children's\n"
     "output still goes to <work-dir>/logs/)"},
    {"--list-last-known", "", FlagKind::toggle, "", "",
     [](Options& o, const std::string&) { o.list_last_known = true; }, Mode::run,
     "--gtest_list_tests never builds or connects: it lists the tables known for\n"
     "these inputs, else the last ones known (IDEs; CMake: DATA_TEST_LIST_LAST_KNOWN)"},
    {"--unlisted", "", FlagKind::value, "FILE", "listed-tests.txt",
     [](Options& o, const std::string& v) { o.unlisted = v; }, Mode::run,
     "with --from-state: run only the tables whose test names FILE (one per line)\n"
     "does not hold; none is a pass (CTest's <suite>.unlisted test)"},
    {"--help", "-h", FlagKind::mode, "", "", nullptr, Mode::help, "print this help and exit"},
    {"--version", "-V", FlagKind::mode, "", "", nullptr, Mode::version,
     "print the version and exit"},
};

}  // namespace

const std::vector<FlagRow>& flag_table() {
  static const std::vector<FlagRow> rows(std::begin(kRows), std::end(kRows));
  return rows;
}

const FlagRow* find_flag(std::string_view flag) {
  for (const FlagRow& row : flag_table()) {
    if (row.kind == FlagKind::spelling || row.kind == FlagKind::command) continue;
    if (row.flag == flag || (!row.short_flag.empty() && row.short_flag == flag)) return &row;
  }
  return nullptr;
}

std::string flag_head(const FlagRow& row) {
  std::string head;
  if (!row.short_flag.empty()) head = fmt::format("{}, ", row.short_flag);
  head += row.flag;
  if (!row.value.empty()) head += fmt::format(" {}", row.value);
  return head;
}

}  // namespace dt
