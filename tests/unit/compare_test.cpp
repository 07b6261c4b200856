// Counts of both sides -> verdicts: equal, more, fewer, one-side tables, and sorting.
#include "compare.hpp"

#include <cstdint>
#include <limits>

#include <gtest/gtest.h>

#include "support/samples.hpp"
#include "util/error.hpp"

namespace dt {
namespace {

using testing_support::counted_result;

const TableResult* find(const std::vector<TableResult>& results, const std::string& schema,
                        const std::string& table) {
  for (const auto& r : results) {
    if (r.schema == schema && r.table == table) return &r;
  }
  return nullptr;
}

TEST(Compare, EqualMoreFewer) {
  const auto results = compare({{"d", "equal", 5}, {"d", "more", 3}, {"d", "fewer", 9}},
                               {{"d", "equal", 5}, {"d", "more", 7}, {"d", "fewer", 2}});
  ASSERT_EQ(results.size(), 3u);
  const auto* equal = find(results, "d", "equal");
  const auto* more = find(results, "d", "more");
  const auto* fewer = find(results, "d", "fewer");
  ASSERT_TRUE(equal && more && fewer);
  EXPECT_EQ(equal->verdict, Verdict::pass);
  EXPECT_EQ(equal->delta, 0);
  EXPECT_EQ(more->verdict, Verdict::flag);
  EXPECT_EQ(more->released_rows, 3);
  EXPECT_EQ(more->new_rows, 7);
  EXPECT_EQ(more->delta, 4);
  EXPECT_EQ(fewer->verdict, Verdict::fail);
  EXPECT_EQ(fewer->delta, -7);
  for (const auto& r : results) EXPECT_TRUE(r.note.empty()) << r.table;
}

TEST(Compare, OffByOneIsNotEqual) {
  const auto results = compare({{"s", "t", 1000000}}, {{"s", "t", 999999}});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].verdict, Verdict::fail);
  EXPECT_EQ(results[0].delta, -1);
}

TEST(Compare, TableOnlyInNew) {
  const auto results = compare({}, {{"s", "added", 4}, {"s", "empty_added", 0}});
  ASSERT_EQ(results.size(), 2u);
  const auto* added = find(results, "s", "added");
  ASSERT_NE(added, nullptr);
  EXPECT_EQ(added->released_rows, 0);
  EXPECT_EQ(added->new_rows, 4);
  EXPECT_EQ(added->verdict, Verdict::flag);
  EXPECT_EQ(added->note, "only in new (table does not exist in released)");
  const auto* empty = find(results, "s", "empty_added");
  ASSERT_NE(empty, nullptr);
  EXPECT_EQ(empty->verdict, Verdict::pass);
  EXPECT_EQ(empty->note, "only in new (table does not exist in released)");
}

TEST(Compare, TableOnlyInReleased) {
  const auto results = compare({{"s", "dropped", 6}}, {{"s", "kept", 1}});
  const auto* dropped = find(results, "s", "dropped");
  ASSERT_NE(dropped, nullptr);
  EXPECT_EQ(dropped->released_rows, 6);
  EXPECT_EQ(dropped->new_rows, 0);
  EXPECT_EQ(dropped->delta, -6);
  EXPECT_EQ(dropped->verdict, Verdict::fail);
  EXPECT_EQ(dropped->note, "only in released (table does not exist in new)");
  const auto* kept = find(results, "s", "kept");
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(kept->verdict, Verdict::flag);
  EXPECT_EQ(kept->note, "only in new (table does not exist in released)");
}

TEST(Compare, SameTableNameInTwoSchemasIsTwoTables) {
  const auto results = compare({{"a", "t", 1}, {"b", "t", 2}}, {{"a", "t", 1}, {"b", "t", 1}});
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(find(results, "a", "t")->verdict, Verdict::pass);
  EXPECT_EQ(find(results, "b", "t")->verdict, Verdict::fail);
}

TEST(Compare, SortedBySchemaThenTable) {
  const auto results = compare({{"ops", "b", 1}, {"data", "z", 1}, {"data", "a", 1}},
                               {{"ops", "a", 1}, {"data", "m", 1}, {"data", "a", 1}});
  std::vector<std::string> order;
  for (const auto& r : results) order.push_back(r.schema + "." + r.table);
  EXPECT_EQ(order, (std::vector<std::string>{"data.a", "data.m", "data.z", "ops.a", "ops.b"}));
}

TEST(Compare, Empty) {
  EXPECT_TRUE(compare({}, {}).empty());
}

// unstable_tables applied: UNSTABLE within the spread, the usual verdict beyond it.
TEST(Compare, UnstableWithinTheSpreadTheUsualVerdictBeyondIt) {
  std::vector<TableResult> results = {counted_result("ops", "within", 10, 8, Verdict::fail),
                                      counted_result("ops", "beyond", 10, 6, Verdict::fail),
                                      counted_result("ops", "more", 10, 13, Verdict::flag),
                                      counted_result("ops", "any", 100, 1, Verdict::fail),
                                      counted_result("ops", "drift", 5, 5, Verdict::pass),
                                      counted_result("ops", "other", 10, 8, Verdict::fail)};
  results[4].content = Content::changed;
  apply_unstable(results, {{"ops", "within", "noise", 3},
                           {"ops", "beyond", "noise", 3},
                           {"ops", "more", "noise", 3},
                           {"ops", "any", "live", std::nullopt},
                           {"ops", "drift", "stamps", 0}});
  EXPECT_EQ(results[0].verdict, Verdict::unstable);
  EXPECT_EQ(results[1].verdict, Verdict::fail);  // a loss beyond the spread still fails
  ASSERT_TRUE(results[1].unstable);              // ... and says it was declared
  EXPECT_EQ(results[2].verdict, Verdict::unstable);
  EXPECT_EQ(results[3].verdict, Verdict::unstable);  // no spread: any difference
  EXPECT_EQ(results[4].verdict, Verdict::unstable);
  EXPECT_EQ(results[5].verdict, Verdict::fail);  // not declared
  EXPECT_FALSE(results[5].unstable);
  // The verdict the counts call for agrees (a saved state is checked with it).
  for (const auto& r : results) {
    EXPECT_EQ(expected_verdict(r, ContentCheck::on), r.verdict) << r.table;
  }
  EXPECT_EQ(count_verdicts(results).unstable, 4u);
  EXPECT_EQ(verdict_from_string("UNSTABLE"), Verdict::unstable);
  EXPECT_EQ(to_string(Verdict::unstable), "UNSTABLE");
}

}  // namespace
}  // namespace dt
