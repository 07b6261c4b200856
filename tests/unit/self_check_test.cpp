// --self-check's answer: which results are unstable, their spread, and the profile fragment.
#include "self_check.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/samples.hpp"

namespace dt {
namespace {

using ::testing::ElementsAre;

// app.table counted twice, with what the content check found.
TableResult result(std::string table, std::int64_t released, std::int64_t again,
                   Content content = Content::not_compared) {
  TableResult r = testing_support::counted_result("app", std::move(table), released, again);
  r.content = content;
  return r;
}

std::vector<std::string> names(const std::vector<NoisyTable>& tables) {
  std::vector<std::string> out;
  for (const auto& t : tables) out.push_back(t.name);
  return out;
}

TEST(SelfCheck, CountsOrContentThatDifferMakeATableUnstable) {
  const auto unstable = noisy_tables(
      {result("fewer", 120, 117), result("same", 5, 5, Content::same), result("more", 3, 10),
       result("drift", 7, 7, Content::changed), result("uncompared", 4, 4)});
  ASSERT_THAT(names(unstable), ElementsAre("app.fewer", "app.more", "app.drift"));
  EXPECT_EQ(unstable[0].spread, 3);
  EXPECT_EQ(unstable[1].spread, 7);
  EXPECT_EQ(unstable[2].spread, 0);
  EXPECT_FALSE(unstable[1].content_changed);
  EXPECT_TRUE(unstable[2].content_changed);
}

TEST(SelfCheck, TheReasonSaysBothCountsOrTheContent) {
  const auto unstable = noisy_tables({result("t", 120, 117), result("d", 7, 7, Content::changed)});
  EXPECT_EQ(unstable_reason(unstable[0]), "self-check: released 120 rows, again 117");
  EXPECT_EQ(unstable_reason(unstable[1]), "self-check: 7 rows both times, content changed");
  EXPECT_EQ(noisy_line(unstable[0]), "unstable: app.t: released 120, again 117 (spread 3)");
  EXPECT_EQ(noisy_line(unstable[1]), "unstable: app.d: 7 rows both times, content changed");
}

TEST(SelfCheck, TheFragmentHasTheProfileKeysShape) {
  const auto doc =
      unstable_fragment(noisy_tables({result("t", 120, 117), result("d", 7, 7, Content::changed)}));
  EXPECT_EQ(json::dump(doc),
            "{\n"
            "  \"unstable_tables\": {\n"
            "    \"app.t\": {\n"
            "      \"reason\": \"self-check: released 120 rows, again 117\",\n"
            "      \"spread\": 3\n"
            "    },\n"
            "    \"app.d\": {\n"
            "      \"reason\": \"self-check: 7 rows both times, content changed\",\n"
            "      \"spread\": 0\n"
            "    }\n"
            "  }\n"
            "}\n");
}

TEST(SelfCheck, EveryTableStableGivesAnEmptyObject) {
  EXPECT_EQ(json::dump(unstable_fragment(noisy_tables({result("t", 1, 1, Content::same)}))),
            "{\n  \"unstable_tables\": {}\n}\n");
}

TEST(SelfCheck, ANameWithADotOrAQuoteIsQuotedAsTheProfileReadsIt) {
  TableResult r = result("a.b", 1, 2);
  r.schema = "s\"q";
  const auto unstable = noisy_tables({r});
  ASSERT_EQ(unstable.size(), 1u);
  EXPECT_EQ(unstable[0].name, "\"s\"\"q\".\"a.b\"");
  EXPECT_EQ(split_qualified(unstable[0].name),
            std::make_pair(std::string("s\"q"), std::string("a.b")));
}

}  // namespace
}  // namespace dt
