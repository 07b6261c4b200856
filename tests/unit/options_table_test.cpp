// The flag table drives the parser: every row is found under its spellings, each flag is one row,
// and each kind is read as its row says (a value's example in the message, a switch refusing one).
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "options.hpp"
#include "support/options_error.hpp"
#include "util/error.hpp"

namespace dt {
namespace {

using ::testing::HasSubstr;

std::string error_of(const std::vector<std::string>& args) {
  return testing_support::options_error(args);
}

bool parsed(const FlagRow& row) {
  return row.kind != FlagKind::spelling && row.kind != FlagKind::command;
}

TEST(FlagTable, EachFlagIsOneRowFoundUnderEachSpelling) {
  std::set<std::string> seen;
  for (const FlagRow& row : flag_table()) {
    EXPECT_TRUE(seen.insert(std::string(row.flag)).second) << row.flag << " is two rows";
    EXPECT_FALSE(row.help.empty()) << row.flag;
    if (!parsed(row)) {
      EXPECT_EQ(find_flag(row.flag), nullptr) << row.flag;
      continue;
    }
    EXPECT_EQ(find_flag(row.flag), &row);
    if (!row.short_flag.empty()) {
      EXPECT_EQ(find_flag(row.short_flag), &row);
    }
    const bool takes_value = row.kind == FlagKind::value || row.kind == FlagKind::repeatable;
    EXPECT_EQ(!row.value.empty(), takes_value) << row.flag;
    EXPECT_EQ(!row.example.empty(), takes_value) << row.flag;
    EXPECT_EQ(row.set != nullptr, row.kind != FlagKind::mode) << row.flag;
  }
  EXPECT_EQ(find_flag("--gtest_filter"), nullptr);  // passed through by its prefix, not a row
  EXPECT_EQ(find_flag("-"), nullptr);
}

TEST(FlagTable, TheParserReadsEachRowAsItsKindSays) {
  for (const FlagRow& row : flag_table()) {
    const std::string flag(row.flag);
    switch (row.kind) {
      case FlagKind::value:
      case FlagKind::repeatable:
        EXPECT_EQ(error_of({"--from-state", flag}),
                  fmt::format("flag '{}' needs a value, e.g. {} {}", flag, flag, row.example));
        break;
      case FlagKind::toggle:
      case FlagKind::mode:
        EXPECT_THAT(error_of({flag + "=1"}), HasSubstr(fmt::format("'{}' takes no value", flag)));
        break;
      default:
        break;
    }
    if (row.kind == FlagKind::mode) {
      const std::vector<std::string> args = {flag, "--work-dir", "/w", "--released-tag",
                                             "t",  "--repo",     "r"};
      EXPECT_EQ(parse_options(args).mode, row.mode) << flag;
    }
  }
}

}  // namespace
}  // namespace dt
