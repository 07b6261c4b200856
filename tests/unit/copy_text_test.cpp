// COPY's text format: fields split on tabs, escapes undone, NULL told apart from "".
#include "db/copy_text.hpp"

#include <gtest/gtest.h>

namespace dt::db {
namespace {

TEST(CopyFields, UnescapesAndMarksNull) {
  std::vector<bool> nulls;
  const auto fields = copy_fields("a\\tb\t\\N\tline\\nbreak\t\\\\x", &nulls);
  ASSERT_EQ(fields.size(), 4u);
  EXPECT_EQ(fields[0], "a\tb");
  EXPECT_TRUE(nulls[1]);
  EXPECT_EQ(fields[2], "line\nbreak");
  EXPECT_EQ(fields[3], "\\x");
  EXPECT_EQ(copy_fields("").size(), 1u);
}

}  // namespace
}  // namespace dt::db
