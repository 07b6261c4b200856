// The profile's commands (profile_steps.cpp): build, toolchain, steps, discovery_steps, their
// placeholders and once steps, every validation message.
#include "profile.hpp"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/profile_error.hpp"
#include "support/profile_sample.hpp"

namespace dt {
namespace {

using ::testing::HasSubstr;
using testing_support::minimal_profile;
using testing_support::profile_doc_error;
using Json = nlohmann::ordered_json;

TEST(Profile, DiscoveryStepsRange) {
  auto doc = minimal_profile();
  doc["discovery_steps"] = 3;
  EXPECT_EQ(parse_profile(doc.dump(), "p").discovery_steps, 3u);
  for (const Json& bad : {Json(0), Json(4), Json(-1), Json(1.5), Json("1"), Json(true)}) {
    doc["discovery_steps"] = bad;
    EXPECT_THAT(profile_doc_error(doc), HasSubstr("discovery_steps must be an integer from 1 to 3"))
        << bad.dump();
  }
}

TEST(Profile, ToolchainIsAnOptionalArgv) {
  auto doc = minimal_profile();
  EXPECT_TRUE(parse_profile(doc.dump(), "p.json").toolchain.empty());
  doc["toolchain"] = Json::array({"go", "version"});
  EXPECT_EQ(parse_profile(doc.dump(), "p.json").toolchain,
            (std::vector<std::string>{"go", "version"}));
  doc["toolchain"] = "go version";
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("toolchain must be a non-empty array of strings"));
}

TEST(Profile, UnknownPlaceholderNamedWithPosition) {
  auto doc = minimal_profile();
  doc["steps"].push_back({{"run", {"{bin}", "-c", "x", "{cfg}"}}});
  EXPECT_EQ(profile_doc_error(doc),
            "profile 'p.json': steps[3].run[3]: unknown placeholder '{cfg}'; known: {bin} "
            "{config} {database_url} {dbname} {repo} {side} {src} {work_dir}");
  doc = minimal_profile();
  doc["build"] = {"make", "OUT={bin}/{binary}"};
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("build[1]: unknown placeholder '{binary}'"));
}

TEST(Profile, BracesThatAreNotPlaceholdersAreLiteral) {
  auto doc = minimal_profile();
  doc["steps"][0]["run"] = {"{bin}", R"({"a": 1})", "{}", "{ bin }", "{src"};
  const Profile p = parse_profile(doc.dump(), "p");
  EXPECT_EQ(p.steps[0].argv[1], R"({"a": 1})");
}

TEST(Profile, AllPlaceholdersAccepted) {
  auto doc = minimal_profile();
  doc["steps"][0]["run"] = {"{bin}",  "{src}",      "{config}", "{repo}",
                            "{side}", "{work_dir}", "{dbname}", "{database_url}"};
  EXPECT_NO_THROW(parse_profile(doc.dump(), "p"));
  // The build runs once per side: every placeholder but {repo}.
  doc["build"] = {"{bin}",      "{src}",    "{config}",      "{side}",
                  "{work_dir}", "{dbname}", "{database_url}"};
  EXPECT_NO_THROW(parse_profile(doc.dump(), "p"));
  doc["build"] = {"make", "{repo}"};
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("build[1]: '{repo}' cannot be used in build"));
}

TEST(Profile, UnknownStep) {
  const std::vector<Json> bad = {
      Json{{"runn", {"x"}}},
      Json{{"run", {"x"}}, {"copy_rows", "a.b"}},
      Json::object(),
      Json("run x"),
  };
  for (const auto& step : bad) {
    auto doc = minimal_profile();
    doc["steps"][1] = step;
    const auto message = profile_doc_error(doc);
    EXPECT_EQ(message.rfind("profile 'p.json': steps[1]: unknown step", 0), 0u) << message;
  }
}

TEST(Profile, StepShapes) {
  auto doc = minimal_profile();
  doc["steps"][0]["run"] = Json::array();
  EXPECT_THAT(profile_doc_error(doc),
              HasSubstr("steps[0].run must be a non-empty array of strings"));
  doc["steps"][0]["run"] = {"x", 3};
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("steps[0].run[1] must be a string, got number"));
  doc["steps"][0]["run"] = {""};
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("steps[0].run[0] must not be empty"));
  doc = minimal_profile();
  doc["steps"][1]["copy_rows"] = "keys";
  EXPECT_THAT(profile_doc_error(doc),
              HasSubstr("steps[1].copy_rows: table name 'keys' has no schema"));
  doc["steps"][1]["copy_rows"] = 5;
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("steps[1].copy_rows must be a string"));
  doc = minimal_profile();
  doc["steps"] = Json::array();
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("steps must be a non-empty array"));
}

TEST(Profile, ParsedSteps) {
  const Profile p = parse_profile(minimal_profile().dump(), "p");
  ASSERT_EQ(p.steps.size(), 3u);
  EXPECT_EQ(p.steps[1].kind, Step::Kind::copy_rows);
  EXPECT_EQ(p.steps[1].table, "ops.keys");
  EXPECT_TRUE(p.steps[1].argv.empty());
  EXPECT_EQ(p.steps[2].argv, (std::vector<std::string>{"{bin}", "collect", "{repo}"}));
}

TEST(Profile, OnceSteps) {
  auto doc = minimal_profile();
  doc["steps"][2]["once"] = true;
  doc["steps"][2]["run"] = {"{bin}", "collect", "{repo}", "--all"};
  const Profile p = parse_profile(doc.dump(), "p");
  EXPECT_TRUE(p.steps[2].once);
  EXPECT_FALSE(p.steps[0].once);
  doc["steps"][2]["run"] = {"{bin}", "collect", "--repo={repo}"};
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("takes '{repo}' only as a whole argument"));
  doc = minimal_profile();
  doc["steps"][1]["once"] = true;
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("steps[1].once applies to run steps only"));
  doc = minimal_profile();
  doc["steps"][0]["once"] = "yes";
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("steps[0].once must be true or false"));
  doc = minimal_profile();
  doc["steps"][0]["twice"] = true;
  EXPECT_THAT(profile_doc_error(doc), HasSubstr("steps[0]: unknown step"));
}

}  // namespace
}  // namespace dt
