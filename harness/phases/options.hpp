#pragma once
// The data-test command line. GoogleTest's own --gtest_* flags are passed through untouched.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/verdict.hpp"

namespace dt {

// What one invocation does. Exactly one; dispatched in one place (app/).
enum class Mode {
  run,            // collect, then one GoogleTest test per table (the default)
  check,          // --check: validate inputs, reach the server, resolve the tag; build nothing
  collect_only,   // --collect-only: CTest's setup test; phases 1-5, save the state
  from_state,     // --from-state: CTest's table tests; read the state, collect nothing
  drop_dbs_only,  // --drop-dbs-only: CTest's cleanup test; drop the scratch databases
  snapshots,      // `data-test snapshots [list|prune]`: the released snapshots on the server
  cache,          // `data-test cache [list|prune]`: the released builds in the cache dir
  self_check,     // --self-check: the released tag collected twice by its build: the noise
  bisect,         // `data-test bisect`: the first commit after the tag whose run FAILs
  help,           // -h, --help
  version,        // -V, --version
};

// What the user asked for, before any file is read.
struct Options {
  Mode mode = Mode::run;
  std::string released_tag;
  std::vector<std::string> repos;         // every --repo, in order; may hold credentials
  std::optional<std::string> repos_file;  // --repos-file: one URL a line (read by load_repos)
  bool keep_dbs = false;
  bool no_upgrade = false;  // --no-upgrade: no upgraded side (the released data, migrated)
  // --upgrade-only: the released side, the new side's schema steps and the upgrade; no new
  // collection, no fresh comparison.
  bool upgrade_only = false;
  std::optional<std::string> work_dir;    // default: a fresh private $TMPDIR/<profile>-data-test-*
  std::optional<std::string> source_dir;  // default: git top level of the current directory
  // every --fingerprint-exclude: directories inside the clone whose files are not the tree's
  // (a CTest build tree); the work dir is always left out
  std::vector<std::string> fingerprint_excludes;
  std::optional<std::string> config;   // default: <source-dir>/<profile name>.json
  std::optional<std::string> profile;  // default: the built-in Aveloxis profile
  bool reuse_state = false;            // reuse <work-dir>/state.json when its inputs match
  bool force_drop = false;             // drop scratch-named databases even without data-test's mark
  std::vector<std::string> gtest_args;       // every --gtest_* flag, in order
  ContentCheck content = ContentCheck::off;  // --content (on), --content=fail (fail)
  bool quiet = false;                        // --quiet: only phases, warnings and the verdict
  std::size_t sample_rows = 20;              // --sample-rows N: lost rows shown per table
  bool list_last_known = false;  // --gtest_list_tests never builds: it lists the last known tables
  std::optional<std::string> unlisted;  // --from-state: run only the tables not named in this file
  bool reuse_builds = true;  // skip a side's build when its stamp matches (DATA_TEST_REBUILD=1: no)
  std::optional<std::string> cache_dir;  // --cache-dir: default $XDG_CACHE_HOME/data-test
  bool resume = false;  // --resume: collect only what the interrupted run in --work-dir did not
  bool fresh = false;   // --fresh: build and collect again, whatever the cache dir holds
  // --snapshot-max-age: the oldest released snapshot a run uses (0: none used or kept)
  std::chrono::seconds snapshot_max_age{24 * 3600};
  bool prune = false;  // `snapshots prune` / `cache prune` (else `list`)
  // --cache-max-age, for `cache prune` only: cached builds unused for longer are removed (0: all);
  // unset means kDefaultCacheMaxAge.
  std::optional<std::chrono::seconds> cache_max_age;
};

// `cache prune` without --cache-max-age: builds unused for 30 days go.
inline constexpr std::chrono::seconds kDefaultCacheMaxAge{30 * 24 * 3600};

// Bounds of --sample-rows.
inline constexpr std::size_t kMaxSampleRows = 1000;

// Parses argv (argv[0] excluded). Throws dt::Error naming the flag for unknown flags, missing
// values, two modes at once, values that are not valid UTF-8 or hold control characters, and
// missing required flags (unless the mode needs none).
Options parse_options(const std::vector<std::string>& args);

// The value of --snapshot-max-age (or of `flag`, e.g. --cache-max-age): a whole number with a
// unit s, m, h or d ("24h"), or 0. Throws dt::Error naming the flag and an example.
std::chrono::seconds parse_max_age(std::string_view text,
                                   std::string_view flag = "--snapshot-max-age");

// Every test repository of the run: the --repo values in order, then the lines of --repos-file
// (blank lines and lines starting with '#' skipped). Throws dt::Error when the file cannot be
// read or lists none, a line is not clean UTF-8, or a repository is given twice (credentials
// masked in the message).
std::vector<std::string> load_repos(const Options& options);

// The --help text: every flag, the phases, the verdicts, the exit codes and the environment.
std::string help_text();

// How a row of the flag table takes its argument, and so how parse_options reads it.
enum class FlagKind {
  value,        // --flag VALUE or --flag=VALUE; a repeat replaces the value
  repeatable,   // as value, and every occurrence is kept, in order (--repo)
  toggle,       // --flag alone: sets a bool
  mode,         // --flag alone: chooses the Mode (one at most; --help and --version win)
  inline_only,  // --flag or --flag=VALUE, never a following word (--content)
  spelling,     // another spelling of the row above (--content=fail): --help's row only
  command,      // a command word and its action (snapshots [list], bisect): --help's row only
};

// One flag: everything the parser, --help (and so the man page) and the docs' test know of it.
// A new flag is one row in options_table.cpp plus its words in docs/usage.md.
struct FlagRow {
  std::string_view flag;        // "--work-dir"; for a command row, its words ("cache prune")
  std::string_view short_flag;  // "-h", or empty
  FlagKind kind;                // how parse_options reads its argument
  std::string_view value;       // the value's name in --help and the synopsis ("PATH"), or empty
  std::string_view example;     // the value in "needs a value, e.g. --flag EXAMPLE"
  // Stores a checked value (value kinds); inline_only gets what follows the flag ("" or
  // "=VALUE"); toggle sets its bool; nullptr for the other kinds.
  void (*set)(Options& options, const std::string& value);
  Mode mode;              // what a mode row (or a command row's word) chooses
  std::string_view help;  // --help's words for the row, one '\n' where --help breaks its line
};

// Every flag and command word, in --help's order.
const std::vector<FlagRow>& flag_table();

// The row a flag as typed names (its long or short spelling; no '=VALUE'), or nullptr.
// Help-only rows (spelling, command) are never found.
const FlagRow* find_flag(std::string_view flag);

// A row as --help's left column shows it: "-h, --help", "--work-dir PATH", "cache prune".
std::string flag_head(const FlagRow& row);

}  // namespace dt
