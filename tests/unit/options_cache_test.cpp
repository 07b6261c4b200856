// The command line of `data-test cache [list|prune]` and its --cache-max-age (the options
// module's, beside options_test.cpp).
#include <string>
#include <vector>

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

TEST(OptionsCache, TheCommandWordListsByDefaultAndNeedsNoRunFlags) {
  EXPECT_EQ(parse_options({"cache"}).mode, Mode::cache);
  EXPECT_FALSE(parse_options({"cache"}).prune);
  EXPECT_FALSE(parse_options({"cache", "list"}).prune);
  EXPECT_FALSE(parse_options({"cache"}).cache_max_age);  // kDefaultCacheMaxAge applies
  const Options prune =
      parse_options({"cache", "prune", "--cache-max-age", "7d", "--cache-dir", "/c"});
  EXPECT_TRUE(prune.prune);
  EXPECT_EQ(prune.cache_max_age, std::chrono::hours(7 * 24));
  EXPECT_EQ(prune.cache_dir, std::optional<std::string>("/c"));
  EXPECT_EQ(parse_options({"cache", "prune", "--cache-max-age=0"}).cache_max_age,
            std::chrono::seconds(0));
  EXPECT_EQ(parse_options({"cache", "list", "--cache-max-age=0s"}).cache_max_age,
            std::chrono::seconds(0));
  EXPECT_EQ(kDefaultCacheMaxAge, std::chrono::hours(30 * 24));
}

TEST(OptionsCache, AnUnknownActionOrAnotherModeIsRefused) {
  EXPECT_THAT(error_of({"cache", "purge"}),
              HasSubstr("unknown cache action 'purge'; pass 'list' or 'prune', e.g. data-test "
                        "cache prune --cache-max-age 30d"));
  EXPECT_THAT(error_of({"cache", "--check"}),
              HasSubstr("'cache' and '--check' cannot be combined"));
  // Only as the first word: elsewhere it is a stray argument.
  EXPECT_THAT(error_of({"--released-tag", "1", "--repo", "r", "cache"}),
              HasSubstr("unexpected argument 'cache'"));
}

TEST(OptionsCache, TheMaxAgeIsNamedInItsErrorAndBelongsToTheCacheCommandOnly) {
  EXPECT_THAT(error_of({"cache", "prune", "--cache-max-age", "3w"}),
              HasSubstr("flag '--cache-max-age' value '3w' is not an age; pass a whole number "
                        "with a unit s, m, h or d, e.g. --cache-max-age 30d (0: every cached "
                        "build)"));
  EXPECT_THAT(error_of({"cache", "prune", "--cache-max-age"}),
              HasSubstr("flag '--cache-max-age' needs a value, e.g. --cache-max-age 30d"));
  // A run never prunes the cache: the flag there would be ignored, so it is refused.
  EXPECT_THAT(error_of({"--released-tag", "1", "--repo", "r", "--cache-max-age", "1d"}),
              HasSubstr("flag '--cache-max-age' is for 'data-test cache [list|prune]' only"));
  EXPECT_THAT(error_of({"snapshots", "prune", "--cache-max-age", "1d"}),
              HasSubstr("is for 'data-test cache [list|prune]' only"));
  // The snapshot flag's own words are unchanged.
  EXPECT_THAT(error_of({"snapshots", "--snapshot-max-age", "3w"}),
              HasSubstr("e.g. --snapshot-max-age 24h (0: never use or keep snapshots)"));
}

TEST(OptionsCache, TheHelpNamesTheCommandAndItsFlag) {
  const std::string help = help_text();
  for (const char* part : {"data-test cache [list|prune] [--cache-max-age AGE] [--cache-dir PATH]",
                           "cache prune", "--cache-max-age AGE", "default 30d"}) {
    EXPECT_THAT(help, HasSubstr(part));
  }
}

}  // namespace
}  // namespace dt
