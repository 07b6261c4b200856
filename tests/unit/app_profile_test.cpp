// Profile values: placeholder expansion in one pass, literal braces left alone.
#include "core/app_profile.hpp"

#include <gtest/gtest.h>

namespace dt {
namespace {

TEST(Expand, ReplacesEveryPlaceholder) {
  const Placeholders values{"/w/bin/new", "/src", "/w/new.json", "https://r",
                            "new",        "/w",   "example_new", "postgresql://u@h:5/example_new"};
  EXPECT_EQ(expand({"{bin}", "-c", "{config}", "{repo}", "{src}/x", "{side}-{side}", "{work_dir}"},
                   values),
            (std::vector<std::string>{"/w/bin/new", "-c", "/w/new.json", "https://r", "/src/x",
                                      "new-new", "/w"}));
}

TEST(Expand, SinglePassAndLiteralBraces) {
  Placeholders values;
  values.bin = "{src}";
  values.src = "SRC";
  EXPECT_EQ(expand({"{bin}", "{unknown}", "{\"a\":1}", "{bin"}, values),
            (std::vector<std::string>{"{src}", "{unknown}", "{\"a\":1}", "{bin"}));
  EXPECT_TRUE(expand({}, values).empty());
}

}  // namespace
}  // namespace dt
