// The JSON adapter: one-line errors with line and column, no quoted text, bounded depth.
#include "util/json.hpp"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "util/error.hpp"

namespace dt {
namespace {

using ::testing::HasSubstr;

std::string error_of(const std::string& text) {
  try {
    json::parse(text, "profile 'p.json'");
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "accepted: " << text.substr(0, 80);
  return {};
}

TEST(Json, ErrorHasOriginLineColumnAndFix) {
  EXPECT_EQ(error_of("{\n  \"a\": 1,,\n}")
                .rfind("profile 'p.json': invalid JSON at line 2, column 10: ", 0),
            0u);
  EXPECT_THAT(error_of("{\"a\": "), HasSubstr("; fix the file"));
}

TEST(Json, ErrorNeverQuotesTheText) {
  const auto message = error_of("{\"password\": \"hunter2-secret\n\"}");
  EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
}

// Found by tests/fuzz/config_fuzz: nlohmann reports an overflowing number as out_of_range, not
// as a parse error; it must still be one dt::Error line, without the number.
TEST(Json, NumberTooLargeIsAnErrorWithoutQuotingIt) {
  const std::string message = error_of("{\"password\": 1e14775808}");
  EXPECT_EQ(message, "profile 'p.json': invalid JSON: a number is too large; fix the file");
  EXPECT_EQ(error_of("[-1e400]").find("1e400"), std::string::npos);
}

TEST(Json, DeepNestingIsRefusedBeforeParsing) {
  // 100,000 levels would overflow the stack in nlohmann's recursive parser.
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_THAT(error_of(deep), HasSubstr("nested deeper than 64 levels"));
  const std::string ok = std::string(64, '[') + std::string(64, ']');
  EXPECT_NO_THROW(json::parse(ok, "x"));
}

TEST(Json, DepthIgnoresBracketsInStrings) {
  EXPECT_EQ(json::nesting_depth(R"({"a": "[[[[{{{{\"[["})"), 1);
  EXPECT_EQ(json::nesting_depth(R"([[1], {"b": [2]}])"), 3);
  EXPECT_EQ(json::nesting_depth("7"), 0);
}

TEST(Json, DumpEndsWithNewlineAndReplacesInvalidUtf8) {
  json::Json doc;
  doc["name"] = std::string("caf\xe9");
  const std::string out = json::dump(doc);
  EXPECT_EQ(out.back(), '\n');
  EXPECT_THAT(out, HasSubstr("caf"));
}

}  // namespace
}  // namespace dt
