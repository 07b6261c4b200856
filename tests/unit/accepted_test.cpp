// Accepted changes as declared: the "accepted" object's rules, the working tree's file, and the
// one-line error for each mistake (the profile's key: profile_tables_test).
#include "core/accepted.hpp"

#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "profile.hpp"
#include "support/files.hpp"
#include "util/error.hpp"

namespace dt {
namespace {

using ::testing::HasSubstr;

const std::vector<std::string> kSchemas = {"data", "ops"};

std::vector<AcceptedChange> parse(const std::string& text) {
  return parse_accepted(json::parse(text, "test"), "profile 'p.json'", kSchemas);
}

std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "accepted: " << text;
  return {};
}

TEST(Accepted, ParsesEachVerdictWithItsReasonAndBoundSortedByTable) {
  const auto list = parse(R"({
    "ops.z": {"verdict": "UPGRADE_FLAG", "reason": "backfill"},
    "data.old_events": {"verdict": "FAIL", "reason": "dropped in 0.23, see #412", "max_lost": 40},
    "data.b": {"verdict": "DRIFT", "reason": "units"}})");
  ASSERT_EQ(list.size(), 3U);
  EXPECT_EQ(list[0].table, "b");
  EXPECT_EQ(list[0].verdict, Expected::drift);
  EXPECT_EQ(list[1].schema, "data");
  EXPECT_EQ(list[1].table, "old_events");
  EXPECT_EQ(list[1].verdict, Expected::fail);
  EXPECT_EQ(list[1].reason, "dropped in 0.23, see #412");
  EXPECT_EQ(list[1].max_lost, 40);
  EXPECT_EQ(list[1].origin, "profile 'p.json'");
  EXPECT_EQ(list[2].verdict, Expected::upgrade_flag);
  EXPECT_FALSE(list[2].max_lost.has_value());
  EXPECT_TRUE(for_upgrade(list[2].verdict));
  EXPECT_FALSE(for_upgrade(list[1].verdict));
}

TEST(Accepted, EachMistakeIsOneLineNamingTheEntryAndTheFix) {
  EXPECT_THAT(error_of(R"(["data.t"])"), HasSubstr("accepted is an object like"));
  EXPECT_THAT(error_of(R"({"data.t": {"verdict": "LOST", "reason": "x"}})"),
              HasSubstr("accepted.\"data.t\": verdict \"LOST\" is not one of FAIL, FLAG, DRIFT, "
                        "UPGRADE_FAIL, UPGRADE_FLAG"));
  EXPECT_THAT(error_of(R"({"data.t": {"verdict": "FAIL"}})"), HasSubstr("give a \"reason\""));
  EXPECT_THAT(error_of(R"({"data.t": {"verdict": "FAIL", "reason": ""}})"),
              HasSubstr("give a \"reason\""));
  EXPECT_THAT(error_of(R"({"data.t": {"reason": "x"}})"), HasSubstr("give a \"verdict\""));
  EXPECT_THAT(error_of(R"({"data.t": {"verdict": "FAIL", "reason": "x", "bound": 3}})"),
              HasSubstr("unknown key 'bound'; known keys: verdict, reason, max_lost"));
  EXPECT_THAT(error_of(R"({"data.t": {"verdict": "FAIL", "reason": "x", "max_lost": -1}})"),
              HasSubstr("max_lost must be a whole number of rows"));
  EXPECT_THAT(error_of(R"({"data.t": {"verdict": "FLAG", "reason": "x", "max_lost": 3}})"),
              HasSubstr("verdict FLAG loses no rows; drop max_lost"));
  EXPECT_THAT(error_of(R"({"other.t": {"verdict": "FAIL", "reason": "x"}})"),
              HasSubstr("schema 'other' is not one of the profile's schemas"));
  EXPECT_THAT(error_of(R"({"nodot": {"verdict": "FAIL", "reason": "x"}})"),
              HasSubstr("profile 'p.json': accepted.\"nodot\": "));
}

TEST(Accepted, TheWorkingTreesFileIsReadAndATableInBothPlacesIsRefused) {
  testing_support::TempDir dir;
  EXPECT_TRUE(read_accepted_file(dir.path(), kSchemas).empty());
  std::ofstream(dir.path() / "data-test.accepted.json")
      << R"({"data.t": {"verdict": "FAIL", "reason": "on purpose"}})";
  const auto from_file = read_accepted_file(dir.path(), kSchemas);
  ASSERT_EQ(from_file.size(), 1U);
  EXPECT_THAT(from_file[0].origin, HasSubstr("data-test.accepted.json"));

  const auto other = parse(R"({"ops.u": {"verdict": "FLAG", "reason": "new"}})");
  const auto both = merge_accepted(other, from_file);
  ASSERT_EQ(both.size(), 2U);
  EXPECT_EQ(both[0].table, "t");  // sorted: data before ops

  const auto same = parse(R"({"data.t": {"verdict": "FLAG", "reason": "new"}})");
  try {
    merge_accepted(same, from_file);
    ADD_FAILURE() << "a table accepted twice was taken";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("table 'data.t' is accepted in both profile 'p.json' and "
                                    "accepted changes '"));
    EXPECT_THAT(e.what(), HasSubstr("keep it in one"));
  }
}

TEST(Accepted, AMalformedFileNamesItself) {
  testing_support::TempDir dir;
  std::ofstream(dir.path() / "data-test.accepted.json") << "{\"data.t\": ";
  try {
    read_accepted_file(dir.path(), kSchemas);
    ADD_FAILURE() << "a malformed file was read";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("data-test.accepted.json"));
    EXPECT_THAT(e.what(), HasSubstr("invalid JSON"));
  }
}

TEST(Accepted, TheFileIsCheckedAgainstTheProfileSchemasDefinition) {
  EXPECT_TRUE(
      accepted_schema_problems(R"({"data.t": {"verdict": "FAIL", "reason": "x"}})", "f").empty());
  const auto problems = accepted_schema_problems(
      R"({"data.t": {"verdict": "GONE", "reason": "x"}, "data.u": {"verdict": "FAIL"}})", "f");
  ASSERT_EQ(problems.size(), 2U);
  for (const auto& line : problems) EXPECT_EQ(line.rfind("f: ", 0), 0U) << line;
  EXPECT_EQ(accepted_schema_problems("{", "f").size(), 1U);
}

TEST(Accepted, StatusNamesRoundTrip) {
  for (auto s : {AcceptedStatus::accepted, AcceptedStatus::stale, AcceptedStatus::out_of_bounds}) {
    EXPECT_EQ(accepted_status_from_string(to_string(s)), s);
  }
  EXPECT_EQ(to_string(AcceptedStatus::out_of_bounds), "out_of_bounds");
  EXPECT_THROW(accepted_status_from_string("ACCEPTED"), Error);
}

}  // namespace
}  // namespace dt
