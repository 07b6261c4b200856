// What a listing prints when it puts the two sides' tables together.
#include "run/listing.hpp"

#include <gtest/gtest.h>

namespace dt {
namespace {

TEST(Listing, UnionHasEitherSidesTablesOnceSorted) {
  const auto tables = union_of({{"b", "t", 0}, {"a", "x", 0}, {"a", "only_released", 0}},
                               {{"a", "x", 0}, {"a", "new_table", 0}, {"b", "t", 0}});
  std::vector<std::string> names;
  for (const auto& t : tables) names.push_back(t.schema + "." + t.table);
  EXPECT_EQ(names, (std::vector<std::string>{"a.new_table", "a.only_released", "a.x", "b.t"}));
  for (const auto& t : tables) EXPECT_EQ(t.released_rows + t.new_rows, 0);
}

}  // namespace
}  // namespace dt
