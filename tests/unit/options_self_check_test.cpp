// The command line of --self-check (the options module's, beside options_test.cpp): it is a mode
// of its own, turns the content check on and the upgrade off, and refuses the flags it would
// silently ignore.
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

std::vector<std::string> self_check(const std::vector<std::string>& more = {}) {
  return testing_support::minimal_run("--self-check", more);
}

std::string error_of(const std::vector<std::string>& args) {
  return testing_support::options_error(args);
}

TEST(OptionsSelfCheck, IsAModeWithContentOnAndNoUpgrade) {
  const Options o = parse_options(self_check({"--work-dir", "/w", "--cache-dir", "/c"}));
  EXPECT_EQ(o.mode, Mode::self_check);
  EXPECT_EQ(o.content, ContentCheck::on);
  EXPECT_TRUE(o.no_upgrade);
  EXPECT_FALSE(o.upgrade_only);
  EXPECT_EQ(o.work_dir, "/w");
  // A run without the flag keeps its defaults.
  const Options run = parse_options({"--released-tag", "v1", "--repo", "https://example.com/r"});
  EXPECT_EQ(run.content, ContentCheck::off);
  EXPECT_FALSE(run.no_upgrade);
}

TEST(OptionsSelfCheck, ContentFailAndNoUpgradeAreKept) {
  EXPECT_EQ(parse_options(self_check({"--content=fail"})).content, ContentCheck::fail);
  EXPECT_TRUE(parse_options(self_check({"--no-upgrade"})).no_upgrade);
}

TEST(OptionsSelfCheck, NeedsTheTagAndARepository) {
  EXPECT_THAT(error_of({"--self-check", "--repo", "https://example.com/r"}),
              HasSubstr("missing required flag '--released-tag'"));
  EXPECT_THAT(error_of({"--self-check", "--released-tag", "v1"}),
              HasSubstr("missing required flag '--repo'"));
}

TEST(OptionsSelfCheck, OtherModesAreRefusedInOneLine) {
  for (const char* mode : {"--collect-only", "--from-state", "--check", "--drop-dbs-only"}) {
    const std::string message = error_of(self_check({mode, "--work-dir", "/w"}));
    EXPECT_THAT(message,
                HasSubstr(fmt::format("'--self-check' and '{}' cannot be combined", mode)));
    EXPECT_EQ(message.find('\n'), std::string::npos);
  }
  EXPECT_THAT(error_of({"snapshots", "--self-check"}), HasSubstr("cannot be combined"));
}

TEST(OptionsSelfCheck, FlagsItWouldIgnoreAreRefusedNamingThem) {
  for (const std::vector<std::string>& more : {std::vector<std::string>{"--upgrade-only"},
                                               {"--resume", "--work-dir", "/w"},
                                               {"--reuse-state"},
                                               {"--list-last-known"},
                                               {"--gtest_list_tests"}}) {
    const std::string message = error_of(self_check(more));
    EXPECT_THAT(message, HasSubstr(fmt::format("flags '--self-check' and '{}' cannot be combined",
                                               more.front())));
    EXPECT_THAT(message, HasSubstr(fmt::format("drop '{}'", more.front())));
  }
}

TEST(OptionsSelfCheck, HelpListsIt) {
  EXPECT_THAT(help_text(), HasSubstr("--self-check"));
}

}  // namespace
}  // namespace dt
