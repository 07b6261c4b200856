#include "options.hpp"

#include <algorithm>
#include <string_view>

#include <fmt/format.h>

#include "core/repo_url.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/text.hpp"

namespace dt {
namespace {

constexpr std::string_view kHelpHint = "run 'data-test --help' for the list of flags";

// The flags that take a value, and where each value goes.
std::optional<std::string>* optional_target(Options& options, std::string_view flag) {
  if (flag == "--work-dir") return &options.work_dir;
  if (flag == "--source-dir") return &options.source_dir;
  if (flag == "--config") return &options.config;
  if (flag == "--profile") return &options.profile;
  if (flag == "--repos-file") return &options.repos_file;
  if (flag == "--unlisted") return &options.unlisted;
  if (flag == "--cache-dir") return &options.cache_dir;
  return nullptr;
}

std::string* string_target(Options& options, std::string_view flag) {
  if (flag == "--released-tag") return &options.released_tag;
  return nullptr;
}

bool* bool_target(Options& options, std::string_view flag) {
  if (flag == "--keep-dbs") return &options.keep_dbs;
  if (flag == "--reuse-state") return &options.reuse_state;
  if (flag == "--force-drop") return &options.force_drop;
  if (flag == "--quiet") return &options.quiet;
  if (flag == "--list-last-known") return &options.list_last_known;
  if (flag == "--fresh") return &options.fresh;
  if (flag == "--resume") return &options.resume;
  if (flag == "--no-upgrade") return &options.no_upgrade;
  if (flag == "--upgrade-only") return &options.upgrade_only;
  return nullptr;
}

// The flags that choose the mode.
std::optional<Mode> mode_flag(std::string_view flag) {
  if (flag == "--check") return Mode::check;
  if (flag == "--collect-only") return Mode::collect_only;
  if (flag == "--from-state") return Mode::from_state;
  if (flag == "--drop-dbs-only") return Mode::drop_dbs_only;
  if (flag == "--self-check") return Mode::self_check;
  if (flag == "--help" || flag == "-h") return Mode::help;
  if (flag == "--version" || flag == "-V") return Mode::version;
  return std::nullopt;
}

std::string_view example_value(std::string_view flag) {
  if (flag == "--released-tag") return "0.22.6";
  if (flag == "--repo") return "https://github.com/augurlabs/augur";
  if (flag == "--fingerprint-exclude") return "build";
  if (flag == "--config") return "aveloxis.json";
  if (flag == "--profile") return "profile.json";
  if (flag == "--repos-file") return "repos.txt";
  if (flag == "--sample-rows") return "20";
  if (flag == "--unlisted") return "listed-tests.txt";
  if (flag == "--snapshot-max-age") return "24h";
  if (flag == "--cache-max-age") return "30d";
  return "PATH";
}

// Values go into argv of children, reports and JSON: bytes that are not UTF-8 (a Latin-1
// terminal) or control characters are refused here, before anything is built.
void require_clean(std::string_view flag, const std::string& value) {
  if (!text::is_valid_utf8(value)) {
    throw Error(fmt::format("flag '{}' value '{}' is not valid UTF-8; pass it in UTF-8", flag,
                            text::printable(value)));
  }
  if (text::has_control_char(value)) {
    throw Error(fmt::format("flag '{}' value '{}' holds a control character; remove it", flag,
                            text::printable(value)));
  }
}

// Without surrounding spaces, tabs and a CR (a file written on Windows).
std::string trim(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

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

// --self-check compares the released version with itself: flags about the new side, the upgrade,
// a saved state or GoogleTest's tests have nothing to act on there.
void require_self_check_flags(const Options& options) {
  std::string flag;
  if (options.upgrade_only) flag = "--upgrade-only";
  if (options.resume) flag = "--resume";
  if (options.reuse_state) flag = "--reuse-state";
  if (options.list_last_known) flag = "--list-last-known";
  if (!options.gtest_args.empty()) flag = options.gtest_args.front();
  if (flag.empty()) return;
  throw Error(fmt::format(
      "flags '--self-check' and '{}' cannot be combined: a self-check collects the released "
      "version twice and runs no tests; drop '{}'",
      flag, flag));
}

void require_flags(const Options& options) {
  if (options.mode == Mode::help || options.mode == Mode::version) return;
  if (options.cache_max_age && options.mode != Mode::cache) {
    // A run never prunes the cache: the flag given there would be silently ignored.
    throw Error(
        "flag '--cache-max-age' is for 'data-test cache [list|prune]' only; run e.g. data-test "
        "cache prune --cache-max-age 30d");
  }
  if (options.mode == Mode::snapshots) return;  // the profile and config say which server
  if (options.mode == Mode::cache) return;      // the cache dir alone
  if (options.unlisted && options.mode != Mode::from_state) {
    throw Error(
        "flag '--unlisted' needs '--from-state' (it runs the tables of a saved collection that "
        "a listing did not name)");
  }
  if (options.mode == Mode::from_state || options.mode == Mode::drop_dbs_only) {
    if (!options.work_dir) {
      throw Error(
          fmt::format("flag '{}' needs '--work-dir PATH' (the work dir of the collection)",
                      options.mode == Mode::from_state ? "--from-state" : "--drop-dbs-only"));
    }
    return;
  }
  if (options.mode == Mode::self_check) require_self_check_flags(options);
  if (options.upgrade_only && options.no_upgrade) {
    throw Error(
        "flags '--upgrade-only' and '--no-upgrade' cannot be combined; pass only one of them");
  }
  if (options.upgrade_only && options.resume) {
    throw Error(
        "flags '--upgrade-only' and '--resume' cannot be combined: an upgrade-only run collects "
        "no new side to resume; keep a snapshot instead (--snapshot-max-age)");
  }
  if (options.resume && !options.work_dir) {
    throw Error(
        "flag '--resume' needs '--work-dir PATH' (the work dir of the run to resume, e.g. "
        "--resume --work-dir /tmp/aveloxis-run)");
  }
  if (options.released_tag.empty()) {
    throw Error(
        "missing required flag '--released-tag'; pass the git tag to compare against, e.g. "
        "--released-tag 0.22.6");
  }
  if (options.repos.empty() && !options.repos_file) {
    throw Error(
        "missing required flag '--repo'; pass the repository to collect, e.g. "
        "--repo https://github.com/augurlabs/augur (repeat it, or use --repos-file FILE, for "
        "several)");
  }
}

}  // namespace

Options parse_options(const std::vector<std::string>& args) {
  Options options;
  std::optional<std::string> mode_given;
  std::size_t first = 0;
  if (!args.empty() && (args[0] == "snapshots" || args[0] == "cache")) {
    // The command words: `data-test snapshots|cache [list|prune] [flags]`.
    const bool cache = args[0] == "cache";
    options.mode = cache ? Mode::cache : Mode::snapshots;
    mode_given = args[0];
    first = 1;
    if (args.size() > 1 && !args[1].empty() && args[1][0] != '-') {
      if (args[1] != "list" && args[1] != "prune") {
        throw Error(fmt::format(
            "unknown {} action '{}'; pass 'list' or 'prune', e.g. data-test {}", args[0],
            text::printable(args[1]),
            cache ? "cache prune --cache-max-age 30d" : "snapshots prune --snapshot-max-age 7d"));
      }
      options.prune = args[1] == "prune";
      first = 2;
    }
  }
  for (std::size_t i = first; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--gtest_", 0) == 0) {
      require_clean("--gtest_*", arg);
      options.gtest_args.push_back(arg);
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

    if (const auto mode = mode_flag(flag)) {
      if (inline_value) {
        throw Error(fmt::format("flag '{}' takes no value; pass it as '{}' alone", flag, flag));
      }
      // help and version win over anything else; two other modes have no meaning together.
      if (mode_given && *mode_given != flag && options.mode != Mode::help &&
          options.mode != Mode::version && *mode != Mode::help && *mode != Mode::version) {
        throw Error(fmt::format("flags '{}' and '{}' cannot be combined; pass only one of them",
                                *mode_given, flag));
      }
      if (options.mode != Mode::help && options.mode != Mode::version) options.mode = *mode;
      mode_given = flag;
      continue;
    }
    if (flag == "--content") {
      // The value is inline only: "--content fail" would read a following value as a flag's.
      if (!inline_value) {
        options.content = ContentCheck::on;
      } else if (*inline_value == "fail") {
        options.content = ContentCheck::fail;
      } else {
        throw Error(fmt::format(
            "flag '--content' value '{}' is not known; pass --content (report drift) or "
            "--content=fail (drift fails the table)",
            text::printable(*inline_value)));
      }
      continue;
    }
    if (bool* target = bool_target(options, flag)) {
      if (inline_value) {
        throw Error(fmt::format("flag '{}' takes no value; pass it as '{}' alone", flag, flag));
      }
      *target = true;
      continue;
    }
    std::string* str = string_target(options, flag);
    std::optional<std::string>* opt = optional_target(options, flag);
    const bool repo = flag == "--repo";
    const bool exclude = flag == "--fingerprint-exclude";
    const bool sample = flag == "--sample-rows";
    const bool max_age = flag == "--snapshot-max-age";
    const bool cache_age = flag == "--cache-max-age";
    if (str == nullptr && opt == nullptr && !repo && !exclude && !sample && !max_age &&
        !cache_age) {
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
    require_clean(flag, value);
    if (value.empty()) {
      throw Error(fmt::format("flag '{}' has an empty value; pass a value, e.g. {} {}", flag, flag,
                              example_value(flag)));
    }
    if (repo) {
      // Repeatable: every value is a repository of the run (a repeat is not an override).
      options.repos.push_back(value);
    } else if (exclude) {
      options.fingerprint_excludes.push_back(value);
    } else if (sample) {
      options.sample_rows = sample_rows(value);
    } else if (max_age) {
      options.snapshot_max_age = parse_max_age(value);
    } else if (cache_age) {
      options.cache_max_age = parse_max_age(value, flag);
    } else if (str != nullptr) {
      *str = value;
    } else {
      *opt = value;
    }
  }
  require_flags(options);
  if (options.mode == Mode::self_check) {
    // Noise shows in content as much as in counts; the upgrade is no part of it.
    options.no_upgrade = true;
    if (options.content == ContentCheck::off) options.content = ContentCheck::on;
  }
  return options;
}

std::chrono::seconds parse_max_age(std::string_view text, std::string_view flag) {
  const bool cache = flag == "--cache-max-age";
  const auto bad = [&] {
    return Error(fmt::format(
        "flag '{}' value '{}' is not an age; pass a whole number with a unit s, m, h or d, e.g. "
        "{} {} ({})",
        flag, text::printable(text), flag, example_value(flag),
        cache ? "0: every cached build" : "0: never use or keep snapshots"));
  };
  if (text == "0") return std::chrono::seconds(0);
  if (text.size() < 2 || text.size() > 8) throw bad();
  const std::string_view digits = text.substr(0, text.size() - 1);
  if (digits.find_first_not_of("0123456789") != std::string_view::npos) throw bad();
  const long long n = std::stoll(std::string(digits));
  switch (text.back()) {
    case 's':
      return std::chrono::seconds(n);
    case 'm':
      return std::chrono::minutes(n);
    case 'h':
      return std::chrono::hours(n);
    case 'd':
      return std::chrono::hours(24 * n);
    default:
      throw bad();
  }
}

std::vector<std::string> load_repos(const Options& options) {
  std::vector<std::string> repos = options.repos;
  if (options.repos_file) {
    const std::string& path = *options.repos_file;
    const std::string text = file::read_input(path, "repos file");
    std::size_t listed = 0;
    std::size_t line_no = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      std::string line = trim(text.substr(start, end - start));
      start = end + 1;
      ++line_no;
      if (line.empty() || line[0] == '#') continue;
      try {
        require_clean("--repos-file", line);
      } catch (const Error& e) {
        throw Error(fmt::format("repos file '{}' line {}: {}", path, line_no, e.what()));
      }
      repos.push_back(std::move(line));
      ++listed;
    }
    if (listed == 0) {
      throw Error(fmt::format(
          "repos file '{}' lists no repository; write one URL a line ('#' starts a comment)",
          path));
    }
  }
  for (std::size_t i = 0; i < repos.size(); ++i) {
    if (std::find(repos.begin(), repos.begin() + static_cast<std::ptrdiff_t>(i), repos[i]) !=
        repos.begin() + static_cast<std::ptrdiff_t>(i)) {
      throw Error(fmt::format(
          "repository '{}' is given twice; list each repository once (both sides collect every "
          "repository in the order given)",
          shown_repo(repos[i])));
    }
  }
  return repos;
}

}  // namespace dt
