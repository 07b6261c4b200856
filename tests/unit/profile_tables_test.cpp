// The profile's per-table keys (profile_tables.cpp): natural_keys, unstable_tables and
// accepted, sorted, and every validation message.
#include "profile.hpp"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/profile_error.hpp"
#include "support/profile_sample.hpp"
#include "util/error.hpp"

namespace dt {
namespace {

using ::testing::HasSubstr;
using testing_support::minimal_profile;
using testing_support::profile_doc_error;
using Json = nlohmann::ordered_json;

TEST(Profile, NaturalKeys) {
  Json doc = minimal_profile();
  doc["natural_keys"] = Json::parse(R"({"ops.keys": {"exclude": ["created"]},
                                         "data.\"odd.name\"": {"key": ["a", "b"]}})");
  const Profile p = parse_profile(doc.dump(), "p.json");
  ASSERT_EQ(p.natural_keys.size(), 2u);
  EXPECT_EQ(p.natural_keys[0].schema, "data");
  EXPECT_EQ(p.natural_keys[0].table, "odd.name");
  EXPECT_EQ(p.natural_keys[0].key, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(p.natural_keys[0].exclude.empty());
  EXPECT_EQ(p.natural_keys[1].exclude, std::vector<std::string>{"created"});
  EXPECT_NE(p.canonical.find("natural_keys"), std::string::npos);
  EXPECT_TRUE(parse_profile(minimal_profile().dump(), "p.json").natural_keys.empty());
}

TEST(Profile, NaturalKeysErrors) {
  const auto with = [](const char* value) {
    Json doc = minimal_profile();
    doc["natural_keys"] = Json::parse(value);
    return profile_doc_error(doc);
  };
  EXPECT_THAT(with("[]"), HasSubstr("natural_keys is an object like"));
  EXPECT_THAT(with(R"({"nodot": {"key": ["a"]}})"),
              HasSubstr("natural_keys.\"nodot\": table name"));
  EXPECT_THAT(with(R"({"elsewhere.t": {"key": ["a"]}})"),
              HasSubstr("schema 'elsewhere' is not one of the profile's schemas"));
  EXPECT_THAT(with(R"({"ops.t": {}})"),
              HasSubstr("natural_keys.\"ops.t\": natural_keys is an object"));
  EXPECT_THAT(with(R"({"ops.t": {"columns": ["a"]}})"),
              HasSubstr("unknown key 'columns'; known keys: key, exclude"));
  EXPECT_THAT(with(R"({"ops.t": {"key": []}})"),
              HasSubstr("natural_keys.\"ops.t\".key must be a non-empty array of column names"));
  EXPECT_THAT(with(R"({"ops.t": {"key": ["a", "a"]}})"), HasSubstr("lists 'a' twice"));
  EXPECT_THAT(with(R"({"ops.t": {"key": [1]}})"), HasSubstr("key[0] must be a string"));
  EXPECT_THAT(with(R"({"ops.t": {"key": ["a"], "exclude": ["a"]}})"),
              HasSubstr("column 'a' is both in key and in exclude"));
}

// unstable_tables: per table a reason and an optional spread, checked like natural_keys.
std::string unstable_error(const Json& doc) {
  try {
    parse_profile(doc.dump(), "p.json");
  } catch (const Error& e) {
    return e.what();
  }
  return "accepted";
}

Json with_unstable(const char* value) {
  Json doc = minimal_profile();
  doc["unstable_tables"] = Json::parse(value);
  return doc;
}

TEST(Profile, UnstableTablesParsedSortedWithAnOptionalSpread) {
  const Profile p =
      parse_profile(with_unstable(R"({"ops.runs": {"reason": "one row a run", "spread": 3},
                        "data.events": {"reason": "live API"}})")
                        .dump(),
                    "p.json");
  ASSERT_EQ(p.unstable_tables.size(), 2u);
  EXPECT_EQ(p.unstable_tables[0].schema, "data");
  EXPECT_EQ(p.unstable_tables[0].reason, "live API");
  EXPECT_FALSE(p.unstable_tables[0].spread);
  EXPECT_EQ(p.unstable_tables[1].table, "runs");
  EXPECT_EQ(p.unstable_tables[1].spread, std::optional<std::int64_t>(3));
  // It changes no collection: the collection key leaves it out.
  EXPECT_EQ(p.collection, parse_profile(minimal_profile().dump(), "x").collection);
}

TEST(Profile, UnstableTablesMistakesAreOneLineNamingTheFix) {
  EXPECT_THAT(unstable_error(with_unstable("[]")), HasSubstr("unstable_tables is an object like"));
  EXPECT_THAT(unstable_error(with_unstable(R"({"ops.runs": {"spread": 3}})")),
              HasSubstr("unstable_tables.\"ops.runs\": give a \"reason\""));
  EXPECT_THAT(unstable_error(with_unstable(R"({"ops.runs": {"reason": ""}})")),
              HasSubstr("give a \"reason\""));
  EXPECT_THAT(unstable_error(with_unstable(R"({"ops.runs": {"reason": "x", "spread": -1}})")),
              HasSubstr("spread must be a whole number of rows, 0 or more"));
  EXPECT_THAT(unstable_error(with_unstable(R"({"ops.runs": {"reason": "x", "spread": 1.5}})")),
              HasSubstr("spread must be a whole number"));
  EXPECT_THAT(unstable_error(with_unstable(R"({"ops.runs": {"reason": "x", "sprad": 1}})")),
              HasSubstr("spread"));
  EXPECT_THAT(unstable_error(with_unstable(R"({"elsewhere.t": {"reason": "x"}})")),
              HasSubstr("schema 'elsewhere' is not one of the profile's schemas"));
}

TEST(Accepted, TheProfileKeyIsParsedAndNeverChangesWhatACollectionIsKeyedBy) {
  auto doc = minimal_profile();
  const Profile without = parse_profile(doc.dump(), "p.json");
  doc["accepted"] = {{"data.t", {{"verdict", "FAIL"}, {"reason", "dropped"}}}};
  const Profile with = parse_profile(doc.dump(), "p.json");
  ASSERT_EQ(with.accepted.size(), 1U);
  EXPECT_EQ(with.accepted[0].table, "t");
  EXPECT_EQ(with.accepted[0].origin, "profile 'p.json'");
  EXPECT_EQ(with.collection, without.collection);
  EXPECT_NE(with.canonical, without.canonical);
}

}  // namespace
}  // namespace dt
