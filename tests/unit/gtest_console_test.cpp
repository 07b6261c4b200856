// --gtest_color for data-test's own PASS/FLAG tags: the same decision GoogleTest takes for its
// lines, plus NO_COLOR in auto mode.
#include "gtest_console.hpp"

#include <gtest/gtest.h>

namespace dt::fixtures {
namespace {

TEST(GtestConsole, ColourFollowsTheGTestColorFlag) {
  for (const char* yes : {"yes", "YES", "true", "t", "1"}) {
    EXPECT_TRUE(colour_wanted(yes, false, nullptr, "1")) << yes;  // forced: even into a pipe
  }
  for (const char* no : {"no", "false", "f", "0", "bogus"}) {
    EXPECT_FALSE(colour_wanted(no, true, "xterm", nullptr)) << no;
  }
}

TEST(GtestConsole, AutoColoursOnlyATerminalGoogleTestKnowsWithoutNoColor) {
  EXPECT_TRUE(colour_wanted("auto", true, "xterm-256color", nullptr));
  EXPECT_TRUE(colour_wanted("auto", true, "screen", ""));
  EXPECT_FALSE(colour_wanted("auto", false, "xterm-256color", nullptr));  // a pipe, a file
  EXPECT_FALSE(colour_wanted("auto", true, "dumb", nullptr));
  EXPECT_FALSE(colour_wanted("auto", true, nullptr, nullptr));
  EXPECT_FALSE(colour_wanted("auto", true, "xterm", "1"));
}

}  // namespace
}  // namespace dt::fixtures
