// The shared values: verdicts from counts, their names, signed deltas, qualified names, time.
#include "core/model.hpp"

#include <regex>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "util/error.hpp"

namespace dt {
namespace {

using ::testing::HasSubstr;

TEST(Verdict, Strings) {
  EXPECT_EQ(to_string(Verdict::pass), "PASS");
  EXPECT_EQ(to_string(Verdict::flag), "FLAG");
  EXPECT_EQ(to_string(Verdict::fail), "FAIL");
  for (auto v : {Verdict::pass, Verdict::flag, Verdict::fail}) {
    EXPECT_EQ(verdict_from_string(to_string(v)), v);
  }
  EXPECT_THROW(verdict_from_string("pass"), Error);
  EXPECT_THROW(verdict_from_string(""), Error);
  EXPECT_THROW(verdict_from_string("FAILED"), Error);
}

TEST(SignedDelta, Formats) {
  EXPECT_EQ(signed_delta(2), "+2");
  EXPECT_EQ(signed_delta(-5), "-5");
  EXPECT_EQ(signed_delta(0), "0");
  EXPECT_EQ(signed_delta(std::numeric_limits<std::int64_t>::max()), "+9223372036854775807");
  EXPECT_EQ(signed_delta(std::numeric_limits<std::int64_t>::min()), "-9223372036854775808");
}

TEST(SplitQualified, Plain) {
  EXPECT_EQ(split_qualified("aveloxis_ops.api_keys"),
            (std::pair<std::string, std::string>{"aveloxis_ops", "api_keys"}));
  // The first dot splits.
  EXPECT_EQ(split_qualified("a.b.c"), (std::pair<std::string, std::string>{"a", "b.c"}));
}

TEST(SplitQualified, Quoted) {
  EXPECT_EQ(split_qualified(R"("My Schema"."a.b")"),
            (std::pair<std::string, std::string>{"My Schema", "a.b"}));
  EXPECT_EQ(split_qualified(R"("we""ird.s".t)"),
            (std::pair<std::string, std::string>{"we\"ird.s", "t"}));
  EXPECT_EQ(split_qualified(R"(s."t""")"), (std::pair<std::string, std::string>{"s", "t\""}));
}

TEST(SplitQualified, Errors) {
  for (const char* bad :
       {"keys", "", ".t", "s.", R"("s.t)", R"("s"x.t)", R"(s."t"x)", R"(""."t")", R"(s"x.t)"}) {
    EXPECT_THROW(split_qualified(bad), Error) << bad;
  }
  try {
    split_qualified("keys");
    FAIL();
  } catch (const Error& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("'keys' has no schema; write it as schema.table"));
  }
}

TEST(Classify, FromCounts) {
  EXPECT_EQ(classify(5, 5), Verdict::pass);
  EXPECT_EQ(classify(5, 6), Verdict::flag);
  EXPECT_EQ(classify(6, 5), Verdict::fail);
  EXPECT_EQ(classify(0, 0), Verdict::pass);
}

TEST(Time, Formats) {
  EXPECT_TRUE(
      std::regex_match(utc_now_iso(), std::regex(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)")))
      << utc_now_iso();
  EXPECT_TRUE(std::regex_match(utc_now_compact(), std::regex(R"(\d{8}T\d{6}Z)")))
      << utc_now_compact();
  EXPECT_GE(utc_now_iso().substr(0, 4), "2024");
}

}  // namespace
}  // namespace dt
