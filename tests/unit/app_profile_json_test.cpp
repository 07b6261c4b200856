// The profile parts read by more than one phase: unstable_tables, the same entries for the
// profile parser and the saved state.
#include "core/app_profile_json.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "util/error.hpp"

namespace dt {
namespace {

using ::testing::HasSubstr;

std::string error_of(const std::string& text, const std::vector<std::string>* schemas) {
  try {
    parse_unstable_tables(json::Json::parse(text), schemas);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(AppProfileJson, UnstableTablesAreSortedAndQuotedNamesSplit) {
  const std::vector<std::string> schemas{"ops", "app.v2"};
  const auto tables = parse_unstable_tables(
      json::Json::parse(
          R"({"ops.runs": {"reason": "clock", "spread": 3}, "\"app.v2\".t": {"reason": "live"}})"),
      &schemas);
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_EQ(tables[0].schema, "app.v2");
  EXPECT_EQ(tables[0].table, "t");
  EXPECT_EQ(tables[0].reason, "live");
  EXPECT_FALSE(tables[0].spread);
  EXPECT_EQ(tables[1].table, "runs");
  EXPECT_EQ(tables[1].spread, std::optional<std::int64_t>(3));
}

TEST(AppProfileJson, AWrongEntryIsNamedAndTheSchemasAreCheckedOnlyWhenGiven) {
  const std::vector<std::string> schemas{"ops"};
  EXPECT_THAT(error_of("[]", nullptr), HasSubstr("unstable_tables is an object like"));
  EXPECT_THAT(error_of(R"({"runs": {"reason": "x"}})", nullptr),
              HasSubstr("unstable_tables.\"runs\": "));
  EXPECT_THAT(error_of(R"({"ops.runs": {}})", nullptr),
              HasSubstr("unstable_tables.\"ops.runs\": give a \"reason\""));
  EXPECT_THAT(error_of(R"({"ops.runs": {"reason": "x", "spread": -1}})", nullptr),
              HasSubstr("unstable_tables.\"ops.runs\".spread must be a whole number"));
  EXPECT_THAT(error_of(R"({"ops.runs": {"reason": "x", "why": 1}})", nullptr),
              HasSubstr("unknown key 'why'; known keys: reason, spread"));
  EXPECT_THAT(error_of(R"({"data.runs": {"reason": "x"}})", &schemas),
              HasSubstr("schema 'data' is not one of the profile's schemas"));
  EXPECT_EQ(error_of(R"({"data.runs": {"reason": "x"}})", nullptr), "");
}

}  // namespace
}  // namespace dt
