// The command line of `data-test bisect` (the options module's, beside options_test.cpp): a
// command word followed by the flags of a run, which it needs as a run does; it refuses the flags
// it would silently ignore, and another mode.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "options.hpp"
#include "support/options_error.hpp"

namespace dt {
namespace {

using ::testing::HasSubstr;

std::vector<std::string> bisect(const std::vector<std::string>& more = {}) {
  return testing_support::minimal_run("bisect", more);
}

TEST(OptionsBisect, IsACommandTakingTheFlagsOfARun) {
  const Options o =
      parse_options(bisect({"--upgrade-only", "--work-dir", "/w", "--snapshot-max-age", "2h"}));
  EXPECT_EQ(o.mode, Mode::bisect);
  EXPECT_EQ(o.released_tag, "v1");
  EXPECT_TRUE(o.upgrade_only);
  EXPECT_EQ(o.work_dir, "/w");
  EXPECT_EQ(o.snapshot_max_age, std::chrono::hours(2));
  // The word alone is a command only in first place.
  EXPECT_THAT(testing_support::options_error({"--released-tag", "v1", "bisect"}),
              HasSubstr("unexpected argument 'bisect'"));
}

TEST(OptionsBisect, NeedsTheTagAndARepositoryAsARunDoes) {
  EXPECT_THAT(testing_support::options_error({"bisect", "--repo", "https://example.com/r"}),
              HasSubstr("missing required flag '--released-tag'"));
  EXPECT_THAT(testing_support::options_error({"bisect", "--released-tag", "v1"}),
              HasSubstr("missing required flag '--repo'"));
}

TEST(OptionsBisect, RefusesFlagsItWouldIgnoreAndOtherModes) {
  for (const std::string flag : {"--resume", "--list-last-known", "--gtest_filter=x"}) {
    const std::string message = testing_support::options_error(bisect({flag, "--work-dir", "/w"}));
    EXPECT_THAT(message, HasSubstr("flags 'bisect' and '" + flag + "' cannot be combined")) << flag;
    EXPECT_THAT(message, HasSubstr("drop '" + flag + "'")) << flag;
  }
  for (const std::string mode : {"--self-check", "--check", "--collect-only"}) {
    EXPECT_THAT(testing_support::options_error(bisect({mode})),
                HasSubstr("flags 'bisect' and '" + mode + "' cannot be combined"))
        << mode;
  }
  // --help still wins, as with any other mode.
  EXPECT_EQ(parse_options(bisect({"--help"})).mode, Mode::help);
}

}  // namespace
}  // namespace dt
