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

// Values go into argv of children, reports and JSON: bytes that are not UTF-8 (a Latin-1
// terminal) or control characters are refused here, before anything is built.
void require_clean_flag(std::string_view flag, const std::string& value) {
  if (!text::is_valid_utf8(value)) {
    throw Error(fmt::format("flag '{}' value '{}' is not valid UTF-8; pass it in UTF-8", flag,
                            text::printable(value)));
  }
  if (text::has_control_char(value)) {
    throw Error(fmt::format("flag '{}' value '{}' holds a control character; remove it", flag,
                            text::printable(value)));
  }
}

// The command words: `data-test snapshots|cache [list|prune] [flags]` and `data-test bisect
// [flags]` (the table's command rows). Returns where the flags start.
std::size_t parse_command(const std::vector<std::string>& args, Options& options,
                          std::optional<std::string>& mode_given) {
  if (args.empty()) return 0;
  const auto& rows = flag_table();
  const auto command = std::find_if(rows.begin(), rows.end(), [&](const FlagRow& row) {
    return row.kind == FlagKind::command && row.flag.substr(0, row.flag.find(' ')) == args[0];
  });
  if (command == rows.end()) return 0;
  const bool cache = command->mode == Mode::cache;
  options.mode = command->mode;
  mode_given = args[0];
  if (command->mode == Mode::bisect) return 1;  // no action word: the flags of a run follow
  if (args.size() < 2 || args[1].empty() || args[1][0] == '-') return 1;
  if (args[1] != "list" && args[1] != "prune") {
    throw Error(fmt::format(
        "unknown {} action '{}'; pass 'list' or 'prune', e.g. data-test {}", args[0],
        text::printable(args[1]),
        cache ? "cache prune --cache-max-age 30d" : "snapshots prune --snapshot-max-age 7d"));
  }
  options.prune = args[1] == "prune";
  return 2;
}

void require_no_value(const std::string& flag, const std::optional<std::string>& inline_value) {
  if (inline_value) {
    throw Error(fmt::format("flag '{}' takes no value; pass it as '{}' alone", flag, flag));
  }
}

// help and version win over anything else; two other modes have no meaning together.
void choose_mode(Options& options, std::optional<std::string>& mode_given, const std::string& flag,
                 Mode mode) {
  const auto wins = [](Mode m) { return m == Mode::help || m == Mode::version; };
  if (mode_given && *mode_given != flag && !wins(options.mode) && !wins(mode)) {
    throw Error(fmt::format("flags '{}' and '{}' cannot be combined; pass only one of them",
                            *mode_given, flag));
  }
  if (!wins(options.mode)) options.mode = mode;
  mode_given = flag;
}

// A value flag's value: after '=', else the next argument unless that is a flag; checked clean
// and not empty.
std::string take_value(const std::vector<std::string>& args, std::size_t& i, const FlagRow& row,
                       const std::optional<std::string>& inline_value) {
  std::string value;
  if (inline_value) {
    value = *inline_value;
  } else if (i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0) {
    value = args[++i];
  } else {
    throw Error(
        fmt::format("flag '{}' needs a value, e.g. {} {}", row.flag, row.flag, row.example));
  }
  require_clean_flag(row.flag, value);
  if (value.empty()) {
    throw Error(fmt::format("flag '{}' has an empty value; pass a value, e.g. {} {}", row.flag,
                            row.flag, row.example));
  }
  return value;
}

// Without surrounding spaces, tabs and a CR (a file written on Windows).
std::string trim(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

// The modes that run no GoogleTest tests and collect afresh (--self-check, bisect) refuse the
// flags they would silently ignore: --resume, --list-last-known, a --gtest_* flag, and for
// --self-check (the released version against itself) also --upgrade-only and --reuse-state.
void require_mode_flags(const Options& options) {
  const bool self_check = options.mode == Mode::self_check;
  std::string flag;
  if (self_check && options.upgrade_only) flag = "--upgrade-only";
  if (options.resume) flag = "--resume";
  if (self_check && options.reuse_state) flag = "--reuse-state";
  if (options.list_last_known) flag = "--list-last-known";
  if (!options.gtest_args.empty()) flag = options.gtest_args.front();
  if (flag.empty()) return;
  throw Error(fmt::format("flags '{}' and '{}' cannot be combined: {} and runs no tests; drop '{}'",
                          self_check ? "--self-check" : "bisect", flag,
                          self_check ? "a self-check collects the released version twice"
                                     : "a bisect runs each candidate afresh",
                          flag));
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
  if (options.mode == Mode::self_check || options.mode == Mode::bisect) {
    require_mode_flags(options);
  }
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
  for (std::size_t i = parse_command(args, options, mode_given); i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--gtest_", 0) == 0) {
      require_clean_flag("--gtest_*", arg);
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
    const FlagRow* row = find_flag(flag);
    if (row == nullptr) throw Error(fmt::format("unknown flag '{}'; {}", flag, kHelpHint));
    switch (row->kind) {
      case FlagKind::mode:
        require_no_value(flag, inline_value);
        choose_mode(options, mode_given, flag, row->mode);
        break;
      case FlagKind::toggle:
        require_no_value(flag, inline_value);
        row->set(options, "");
        break;
      case FlagKind::inline_only:
        row->set(options, arg.substr(flag.size()));
        break;
      case FlagKind::value:
      case FlagKind::repeatable:
        row->set(options, take_value(args, i, *row, inline_value));
        break;
      case FlagKind::spelling:
      case FlagKind::command:
        break;  // help rows only: find_flag never returns them
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
  const FlagRow* row = find_flag(flag);
  const auto bad = [&] {
    return Error(fmt::format(
        "flag '{}' value '{}' is not an age; pass a whole number with a unit s, m, h or d, e.g. "
        "{} {} ({})",
        flag, text::printable(text), flag, row != nullptr ? row->example : "24h",
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
        require_clean_flag("--repos-file", line);
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
