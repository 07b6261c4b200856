#include "options.hpp"

#include <string_view>

#include <fmt/format.h>

#include "util/error.hpp"

namespace dt {
namespace {

constexpr std::string_view kHelpHint = "run 'data-test --help' for the list of flags";

// The flags that take a value, and where each value goes.
std::optional<std::string>* optional_target(Options& options, std::string_view flag) {
  if (flag == "--work-dir") return &options.work_dir;
  if (flag == "--source-dir") return &options.source_dir;
  if (flag == "--config") return &options.config;
  if (flag == "--profile") return &options.profile;
  return nullptr;
}

std::string* string_target(Options& options, std::string_view flag) {
  if (flag == "--released-tag") return &options.released_tag;
  if (flag == "--repo") return &options.repo;
  return nullptr;
}

bool* bool_target(Options& options, std::string_view flag) {
  if (flag == "--keep-dbs") return &options.keep_dbs;
  if (flag == "--reuse-state") return &options.reuse_state;
  if (flag == "--collect-only") return &options.collect_only;
  if (flag == "--from-state") return &options.from_state;
  if (flag == "--drop-dbs-only") return &options.drop_dbs_only;
  if (flag == "--force-drop") return &options.force_drop;
  if (flag == "--help" || flag == "-h") return &options.help;
  if (flag == "--version") return &options.version;
  return nullptr;
}

std::string_view example_value(std::string_view flag) {
  if (flag == "--released-tag") return "0.22.6";
  if (flag == "--repo") return "https://github.com/augurlabs/augur";
  if (flag == "--config") return "aveloxis.json";
  if (flag == "--profile") return "profile.json";
  return "PATH";
}

// The three modes are different programs in one binary; two at once has no meaning.
void reject_mode_conflicts(const Options& options) {
  std::vector<std::string_view> modes;
  if (options.collect_only) modes.push_back("--collect-only");
  if (options.from_state) modes.push_back("--from-state");
  if (options.drop_dbs_only) modes.push_back("--drop-dbs-only");
  if (modes.size() > 1) {
    throw Error(fmt::format("flags '{}' and '{}' cannot be combined; pass only one of them",
                            modes[0], modes[1]));
  }
}

void require_flags(const Options& options) {
  if (options.help || options.version) return;
  reject_mode_conflicts(options);
  if (options.from_state || options.drop_dbs_only) {
    if (!options.work_dir) {
      throw Error(fmt::format("flag '{}' needs '--work-dir PATH' (the work dir of the collection)",
                              options.from_state ? "--from-state" : "--drop-dbs-only"));
    }
    return;
  }
  if (options.released_tag.empty()) {
    throw Error(
        "missing required flag '--released-tag'; pass the git tag to compare against, e.g. "
        "--released-tag 0.22.6");
  }
  if (options.repo.empty()) {
    throw Error(
        "missing required flag '--repo'; pass the repository to collect, e.g. "
        "--repo https://github.com/augurlabs/augur");
  }
}

}  // namespace

Options parse_options(const std::vector<std::string>& args) {
  Options options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--gtest_", 0) == 0) {
      options.gtest_args.push_back(arg);
      if (arg == "--gtest_list_tests" || arg.rfind("--gtest_list_tests=", 0) == 0) {
        options.list_tests = true;
      }
      continue;
    }
    if (arg.size() < 2 || arg[0] != '-') {
      throw Error(fmt::format("unexpected argument '{}'; every value follows its flag, {}", arg,
                              kHelpHint));
    }
    const auto eq = arg.find('=');
    const std::string flag = arg.substr(0, eq);
    std::optional<std::string> inline_value;
    if (eq != std::string::npos) inline_value = arg.substr(eq + 1);

    if (bool* target = bool_target(options, flag)) {
      if (inline_value) {
        throw Error(fmt::format("flag '{}' takes no value; pass it as '{}' alone", flag, flag));
      }
      *target = true;
      continue;
    }
    std::string* str = string_target(options, flag);
    std::optional<std::string>* opt = optional_target(options, flag);
    if (str == nullptr && opt == nullptr) {
      throw Error(fmt::format("unknown flag '{}'; {}", flag, kHelpHint));
    }
    std::string value;
    if (inline_value) {
      value = *inline_value;
    } else if (i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0) {
      value = args[++i];
    } else {
      throw Error(
          fmt::format("flag '{}' needs a value, e.g. {} {}", flag, flag, example_value(flag)));
    }
    if (value.empty()) {
      throw Error(fmt::format("flag '{}' has an empty value; pass a value, e.g. {} {}", flag, flag,
                              example_value(flag)));
    }
    if (str != nullptr) {
      *str = value;
    } else {
      *opt = value;
    }
  }
  require_flags(options);
  return options;
}

std::string help_text() {
  return R"(Usage: data-test --released-tag TAG --repo URL [options] [--gtest_* flags]

Builds the released git tag and the working tree, collects the same repository into one
scratch PostgreSQL database per side, and compares the row count of every base table.

Flags:
  --released-tag TAG  git tag of the release to compare against (required)
  --repo URL          the test repository both sides collect (required)
  --keep-dbs          keep both scratch databases after the run (default: drop them)
  --work-dir PATH     binaries, logs, configs and reports (default: /tmp/<profile>-data-test-<UTC>)
  --source-dir PATH   the application's git checkout (default: git top level of the current dir)
  --config PATH       the operator's config with the database credentials (default: <source-dir>/<profile name>.json,
                      i.e. aveloxis.json for the built-in profile)
  --profile PATH      application profile JSON (default: the built-in Aveloxis profile)
  --reuse-state       reuse <work-dir>/state.json when its tag commit, tree, repo and profile match
  --collect-only      phases 1-5 and save the state; exit 0 unless it could not run (CTest setup)
  --from-state        read <work-dir>/state.json and collect nothing; needs --work-dir (CTest tests)
  --drop-dbs-only     drop data-test's marked scratch databases and exit; needs --work-dir (CTest cleanup)
  --force-drop        also drop scratch-named databases that lack data-test's mark
  -h, --help          print this help and exit
  --version           print the version and exit
  Both '--flag VALUE' and '--flag=VALUE' work. GoogleTest flags (--gtest_filter,
  --gtest_list_tests, --gtest_output, ...) pass through to GoogleTest unchanged;
  --gtest_list_tests still needs --released-tag and --repo to discover the tables.

Phases:
  1. resolve binaries: git worktree of the tag, then build it and the working tree
  2. provision scratch databases: drop and create the released and new databases
  3. scratch configs: copies of the config with only database.dbname changed (mode 0600)
  4. collect released, then new: the profile's steps (migrate, copy keys, add repo, collect)
  5. row-count diff: exact counts of every base table in the profile's schemas
  6. report and cleanup: <work-dir>/report.md and report.json; drop the databases unless --keep-dbs

Verdicts (one per table):
  PASS  equal row counts
  FLAG  new > released (likely new coverage; review)
  FAIL  released > new (data loss; do not ship)

Exit codes:
  0        every table PASS or FLAG
  1        any table FAIL
  2        the harness could not finish (bad flags/config/profile, missing tag,
           build/database/collector failure)
  130/143  interrupted by SIGINT/SIGTERM (partial report written)
)";
}

}  // namespace dt
