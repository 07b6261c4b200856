// The flag table (options_table.cpp), the --help text (options_help.cpp) and docs/usage.md tell
// the same command line: the table's flags are exactly --help's and usage.md's synopsis's (and
// the snapshots command's), each value named alike; and each environment variable is listed once
// in --help and usage.md, every one --help lists also in usage.md.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "options.hpp"
#include "support/files.hpp"
#include "test_paths.hpp"

namespace dt {
namespace {

std::string usage_md() {
  return testing_support::read_file(std::filesystem::path(DATA_TEST_SOURCE_ROOT) / "docs" /
                                    "usage.md");
}

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// The lines after the first one starting with `from`, up to the next one starting with `to` (or
// the end when `to` is empty); none when `from` is missing, so that a test finds nothing and fails.
std::vector<std::string> section(std::string_view text, std::string_view from,
                                 std::string_view to) {
  std::vector<std::string> out;
  bool in = false;
  for (auto& line : lines_of(text)) {
    if (!in) {
      in = starts_with(line, from);
      continue;
    }
    if (!to.empty() && starts_with(line, to)) break;
    out.push_back(std::move(line));
  }
  return out;
}

// A row's usage part: from its first character to the two spaces that start its description.
std::string_view head_of(std::string_view row) {
  const std::size_t first = row.find_first_not_of(' ');
  if (first == std::string_view::npos) return {};
  const std::size_t described = row.find("  ", first);
  return row.substr(first, described == std::string_view::npos ? described : described - first);
}

bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '*';
}

// The flags of a usage fragment ("[--content | --content=fail]", "-h, --help"): --flag=VALUE
// counts as --flag, and GoogleTest's own flags as the one family "--gtest_*", which is how the
// synopsis names them.
void add_flags(std::string_view fragment, std::set<std::string>& out) {
  for (std::size_t i = 0; i < fragment.size(); ++i) {
    if (fragment[i] != '-' ||
        (i > 0 && std::string_view(" [|,").find(fragment[i - 1]) == std::string_view::npos)) {
      continue;
    }
    std::size_t end = i;
    while (end < fragment.size() && name_char(fragment[end])) ++end;
    const std::string flag(fragment.substr(i, end - i));
    if (flag.size() > 1 && flag != "--") {
      out.insert(starts_with(flag, "--gtest_") ? "--gtest_*" : flag);
    }
    i = end;
  }
}

// usage.md's synopsis, its first code block: a row starts with "data-test" or "[", and its own
// flags end where "]  " starts its description.
std::set<std::string> synopsis_flags(const std::string& md) {
  std::set<std::string> out;
  for (const auto& line : section(md, "```", "```")) {
    const std::size_t first = line.find_first_not_of(' ');
    if (first == std::string::npos) continue;
    const std::string_view row = std::string_view(line).substr(first);
    if (!starts_with(row, "[") && !starts_with(row, "data-test")) continue;
    const std::size_t described = row.find("]  ");
    add_flags(row.substr(0, described == std::string_view::npos ? described : described + 1), out);
  }
  return out;
}

// --help's usage lines and the rows of its Options and GoogleTest sections.
std::set<std::string> help_flags(const std::string& help) {
  std::set<std::string> out;
  for (const auto& line : lines_of(help)) {
    if (starts_with(line, "Usage: ") || starts_with(line, "       data-test")) add_flags(line, out);
  }
  for (const auto& line : section(help, "Options:", "Phases:")) {
    if (starts_with(line, "  -")) add_flags(head_of(line), out);
  }
  return out;
}

// What a has and b lacks, space-separated ("" when nothing).
std::string missing_from(const std::set<std::string>& a, const std::set<std::string>& b) {
  std::string out;
  for (const auto& item : a) {
    if (b.count(item) == 0) out += (out.empty() ? "" : " ") + item;
  }
  return out;
}

// The flag table's flags, and GoogleTest's family (passed through by its prefix, not a row).
std::set<std::string> table_flags() {
  std::set<std::string> out = {"--gtest_*"};
  for (const FlagRow& row : flag_table()) {
    if (row.kind != FlagKind::command) add_flags(" " + flag_head(row), out);
  }
  return out;
}

TEST(HelpText, TableHelpAndUsageMdSynopsisHaveTheSameFlags) {
  const auto synopsis = synopsis_flags(usage_md());
  const auto help = help_flags(help_text());
  const auto table = table_flags();
  // All three were read: their first flag, a late one, GoogleTest's.
  for (const auto* flags : {&synopsis, &help, &table}) {
    EXPECT_EQ(flags->count("--released-tag") + flags->count("--drop-dbs-only") +
                  flags->count("--gtest_*"),
              3u);
  }
  EXPECT_EQ(missing_from(help, synopsis), "") << "in --help, not in docs/usage.md's synopsis";
  EXPECT_EQ(missing_from(synopsis, help), "") << "in docs/usage.md's synopsis, not in --help";
  EXPECT_EQ(missing_from(table, help), "") << "in the flag table, not in --help";
  EXPECT_EQ(missing_from(help, table), "") << "in --help (its usage lines), not in the flag table";
  EXPECT_EQ(missing_from(table, synopsis), "") << "in the flag table, not in docs/usage.md";
  EXPECT_EQ(missing_from(synopsis, table), "") << "in docs/usage.md, not in the flag table";
}

TEST(HelpText, UsageMdSynopsisNamesEachValueAsTheTableDoes) {
  const std::vector<std::string> block = section(usage_md(), "```", "```");
  std::string synopsis;
  for (const auto& line : block) synopsis += line + "\n";
  std::size_t values = 0;
  for (const FlagRow& row : flag_table()) {
    if (row.value.empty()) continue;
    ++values;
    EXPECT_NE(synopsis.find(flag_head(row)), std::string::npos)
        << "docs/usage.md's synopsis lacks '" << flag_head(row) << "'";
  }
  EXPECT_GE(values, 10u);  // the rows were read
}

// Each row is one --help row: its head at the start of a line of the Options section.
TEST(HelpText, EachTableRowIsAnOptionsRow) {
  const auto options = section(help_text(), "Options:", "GoogleTest:");
  for (const FlagRow& row : flag_table()) {
    const std::string head = "  " + flag_head(row) + "  ";
    EXPECT_EQ(std::count_if(options.begin(), options.end(),
                            [&](const std::string& line) { return starts_with(line, head); }),
              1)
        << head;
  }
}

// The flags of the `data-test snapshots` usage: its line and the lines after it, up to the end
// of the usage (an empty line, or the end of the synopsis).
std::set<std::string> snapshots_flags(const std::vector<std::string>& usage) {
  std::set<std::string> out;
  bool in = false;
  for (const auto& line : usage) {
    if (line.find("data-test snapshots") != std::string::npos) in = true;
    if (in && line.find_first_not_of(' ') == std::string::npos) break;
    if (in) add_flags(line, out);
  }
  return out;
}

TEST(HelpText, UsageMdSnapshotsUsageHasTheSameFlags) {
  const auto synopsis = snapshots_flags(section(usage_md(), "```", "```"));
  const auto help = snapshots_flags(lines_of(help_text()));
  EXPECT_EQ(synopsis.count("--snapshot-max-age"), 1u);  // found
  EXPECT_EQ(missing_from(help, synopsis), "") << "in --help, not in docs/usage.md's synopsis";
  EXPECT_EQ(missing_from(synopsis, help), "") << "in docs/usage.md's synopsis, not in --help";
}

// An environment variable's name: PGHOST, NO_COLOR, DATA_TEST_REBUILD=1 (the value left out).
std::string variable_name(std::string_view s) {
  s = s.substr(0, s.find('='));
  const bool upper = !s.empty() && std::isupper(static_cast<unsigned char>(s[0])) != 0 &&
                     std::all_of(s.begin(), s.end(), [](char c) {
                       return std::isupper(static_cast<unsigned char>(c)) != 0 ||
                              std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '_';
                     });
  return upper ? std::string(s) : std::string();
}

// Each entry's variables; a name in two entries is listed twice.
using Entries = std::vector<std::set<std::string>>;

// --help's Environment rows: the names before the description ("PGHOST, PGPORT, ...").
Entries help_environment(const std::string& help) {
  Entries out;
  for (const auto& line : section(help, "Environment:", "")) {
    if (!starts_with(line, "  ") || line.size() < 3 || line[2] == ' ') continue;
    std::set<std::string> names;
    const std::string_view head = head_of(line);
    for (std::size_t start = 0; start < head.size();) {
      const std::size_t end = std::min(head.find(", ", start), head.size());
      if (const auto name = variable_name(head.substr(start, end - start)); !name.empty()) {
        names.insert(name);
      }
      start = end + 2;
    }
    out.push_back(std::move(names));
  }
  return out;
}

// usage.md's "## Environment" bullets: every `NAME` in a bullet and its continuation lines.
Entries usage_environment(const std::string& md) {
  Entries out;
  for (const auto& line : section(md, "## Environment", "#")) {
    if (starts_with(line, "- ")) out.emplace_back();
    if (out.empty()) continue;
    for (std::size_t open = line.find('`'); open != std::string::npos;) {
      const std::size_t close = line.find('`', open + 1);
      if (close == std::string::npos) break;
      if (const auto name =
              variable_name(std::string_view(line).substr(open + 1, close - open - 1));
          !name.empty()) {
        out.back().insert(name);
      }
      open = line.find('`', close + 1);
    }
  }
  return out;
}

// The names of two entries or more.
std::string listed_twice(const Entries& entries) {
  std::map<std::string, int> seen;
  for (const auto& names : entries) {
    for (const auto& name : names) ++seen[name];
  }
  std::string out;
  for (const auto& [name, n] : seen) {
    if (n > 1) out += (out.empty() ? "" : " ") + name;
  }
  return out;
}

std::set<std::string> all_of(const Entries& entries) {
  std::set<std::string> out;
  for (const auto& names : entries) out.insert(names.begin(), names.end());
  return out;
}

TEST(HelpText, EachEnvironmentVariableListedOnceAndInUsageMd) {
  const Entries help = help_environment(help_text());
  const Entries usage = usage_environment(usage_md());
  for (const auto* entries : {&help, &usage}) {
    const auto names = all_of(*entries);
    EXPECT_EQ(names.count("PGCONNECT_TIMEOUT") + names.count("NO_COLOR") + names.count("TMPDIR"),
              3u);  // the sections were found and read
  }
  EXPECT_EQ(listed_twice(help), "") << "listed twice in --help's Environment";
  EXPECT_EQ(listed_twice(usage), "") << "listed twice in docs/usage.md's Environment";
  EXPECT_EQ(missing_from(all_of(help), all_of(usage)), "")
      << "in --help's Environment, not in docs/usage.md's";
}

}  // namespace
}  // namespace dt
