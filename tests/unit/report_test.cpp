// report.md in the seed's layout, report.json and its inverse, cell escaping, timestamps.
#include "report.hpp"

#include <regex>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "util/error.hpp"

namespace dt {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

RunInfo sample_info() {
  RunInfo info;
  info.profile_name = "aveloxis";
  info.released_tag = "0.22.6";
  info.released_commit = "abc1234def5678abc1234def5678abc1234def56";
  info.local_version = "working tree (9f8e7d6, uncommitted changes)";
  info.released_db = "aveloxis_released";
  info.new_db = "aveloxis_new";
  info.repo = "https://github.com/augurlabs/augur";
  info.schemas = {"aveloxis_data", "aveloxis_ops"};
  info.generated_at = "2026-05-17T14:30:00Z";
  return info;
}

std::vector<TableResult> sample_results() {
  return compare({{"aveloxis_data", "issues", 10},
                  {"aveloxis_data", "messages", 4},
                  {"aveloxis_data", "commits", 7},
                  {"aveloxis_ops", "old_table", 3}},
                 {{"aveloxis_data", "issues", 8},
                  {"aveloxis_data", "messages", 6},
                  {"aveloxis_data", "commits", 7},
                  {"aveloxis_ops", "new_table", 2}});
}

TEST(Markdown, ExactLayout) {
  auto info = sample_info();
  info.phases = {{"resolve binaries", 12.34}, {"row-count diff", 0.5}};
  const std::string expected = R"(# aveloxis data-test report

- Released tag: 0.22.6 (commit abc1234, in aveloxis_released)
- Local version: working tree (9f8e7d6, uncommitted changes) (in aveloxis_new)
- Test repo: https://github.com/augurlabs/augur
- Schemas: aveloxis_data, aveloxis_ops
- Generated: 2026-05-17T14:30:00Z

## Summary

- FAIL (released has more rows = data loss): 2
- FLAG (new has more rows = likely new coverage): 2
- PASS (equal counts): 1

## FAIL

| Schema | Table | Released rows | New rows | Delta | Note |
|---|---|---:|---:|---:|---|
| aveloxis_data | issues | 10 | 8 | -2 |  |
| aveloxis_ops | old_table | 3 | 0 | -3 | only in released (table does not exist in new) |

## FLAG

| Schema | Table | Released rows | New rows | Delta | Note |
|---|---|---:|---:|---:|---|
| aveloxis_data | messages | 4 | 6 | +2 |  |
| aveloxis_ops | new_table | 0 | 2 | +2 | only in new (table does not exist in released) |

## PASS

| Schema | Table | Released rows | New rows | Delta | Note |
|---|---|---:|---:|---:|---|
| aveloxis_data | commits | 7 | 7 | 0 |  |

## Phases

- resolve binaries: 12.3 s
- row-count diff: 0.5 s
)";
  EXPECT_EQ(render_markdown(info, sample_results()), expected);
}

TEST(Markdown, EmptySectionsSayNone) {
  const auto md = render_markdown(sample_info(), compare({{"s", "t", 1}}, {{"s", "t", 1}}));
  EXPECT_THAT(md, HasSubstr("## FAIL\n\nNone.\n\n## FLAG\n\nNone.\n\n## PASS\n\n| Schema |"));
  EXPECT_THAT(md, HasSubstr("- FAIL (released has more rows = data loss): 0\n"));
  EXPECT_THAT(md, HasSubstr("- FLAG (new has more rows = likely new coverage): 0\n"));
  EXPECT_THAT(md, HasSubstr("- PASS (equal counts): 1\n"));
  // No phases: no Phases section; one trailing newline.
  EXPECT_THAT(md, Not(HasSubstr("## Phases")));
  EXPECT_EQ(md.substr(md.size() - 2), "|\n");
}

TEST(Markdown, NoCommitKeepsSeedLine) {
  auto info = sample_info();
  info.released_commit.clear();
  info.local_version = "working tree";
  const auto md = render_markdown(info, {});
  EXPECT_THAT(md, HasSubstr("\n- Released tag: 0.22.6 (in aveloxis_released)\n"));
  EXPECT_THAT(md, HasSubstr("\n- Local version: working tree (in aveloxis_new)\n"));
  EXPECT_THAT(md, HasSubstr("## FAIL\n\nNone.\n\n## FLAG\n\nNone.\n\n## PASS\n\nNone.\n"));
}

TEST(Markdown, IncompleteBanner) {
  auto info = sample_info();
  info.incomplete = "interrupted by SIGINT during collect (new)";
  const auto md = render_markdown(info, {});
  EXPECT_EQ(md.rfind("# aveloxis data-test report\n\n**Incomplete run:** interrupted by SIGINT "
                     "during collect (new)\n\n",
                     0),
            0u)
      << md;
  EXPECT_THAT(md, HasSubstr("partial or absent"));
  // A complete run has no banner.
  EXPECT_THAT(render_markdown(sample_info(), {}), Not(HasSubstr("Incomplete")));
}

TEST(Markdown, PipeInTableNameEscaped) {
  const auto md = render_markdown(sample_info(), compare({{"s", "a|b", 1}}, {{"s", "a|b", 2}}));
  EXPECT_THAT(md, HasSubstr("| s | a\\|b | 1 | 2 | +1 |  |\n"));
}

TEST(Markdown, NewlinesInHeaderValuesDoNotBreakLines) {
  auto info = sample_info();
  info.repo = "https://x\n## FAIL";
  const auto md = render_markdown(info, {});
  EXPECT_THAT(md, HasSubstr("- Test repo: https://x ## FAIL\n"));
}

TEST(MdCell, Escapes) {
  EXPECT_EQ(md_cell("plain_name"), "plain_name");
  EXPECT_EQ(md_cell("a|b"), "a\\|b");
  EXPECT_EQ(md_cell("a\nb"), "a b");
  EXPECT_EQ(md_cell("a\r\nb"), "a b");
  EXPECT_EQ(md_cell("a\rb"), "a b");
  EXPECT_EQ(md_cell("x`y`"), "x\\`y\\`");
  EXPECT_EQ(md_cell("back\\slash|"), "back\\\\slash\\|");
  EXPECT_EQ(md_cell(""), "");
}

TEST(Json, Shape) {
  auto info = sample_info();
  info.phases = {{"resolve binaries", 1.5}};
  const auto doc = render_json(info, sample_results());
  std::vector<std::string> keys;
  for (const auto& item : doc.items()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"format", "profile", "released", "new", "repo",
                                            "schemas", "generated_at", "complete", "incomplete",
                                            "summary", "phases", "tables"}));
  EXPECT_EQ(doc["format"], 1);
  EXPECT_EQ(doc["released"]["tag"], "0.22.6");
  EXPECT_EQ(doc["released"]["commit"], info.released_commit);
  EXPECT_EQ(doc["released"]["database"], "aveloxis_released");
  EXPECT_EQ(doc["new"]["version"], info.local_version);
  EXPECT_EQ(doc["new"]["database"], "aveloxis_new");
  EXPECT_EQ(doc["complete"], true);
  EXPECT_TRUE(doc["incomplete"].is_null());
  EXPECT_EQ(doc["summary"]["fail"], 2);
  EXPECT_EQ(doc["summary"]["flag"], 2);
  EXPECT_EQ(doc["summary"]["pass"], 1);
  EXPECT_EQ(doc["phases"][0]["name"], "resolve binaries");
  EXPECT_EQ(doc["phases"][0]["seconds"], 1.5);
  ASSERT_EQ(doc["tables"].size(), 5u);
  const auto& first = doc["tables"][0];
  EXPECT_EQ(first["schema"], "aveloxis_data");
  EXPECT_EQ(first["table"], "commits");
  EXPECT_EQ(first["verdict"], "PASS");
  const auto& issues = doc["tables"][1];
  EXPECT_EQ(issues["released_rows"], 10);
  EXPECT_EQ(issues["new_rows"], 8);
  EXPECT_EQ(issues["delta"], -2);
  EXPECT_EQ(issues["verdict"], "FAIL");
  EXPECT_EQ(issues["note"], "");

  info.incomplete = "stopped";
  const auto partial = render_json(info, {});
  EXPECT_EQ(partial["complete"], false);
  EXPECT_EQ(partial["incomplete"], "stopped");
  EXPECT_TRUE(partial["tables"].is_array());
  EXPECT_TRUE(partial["tables"].empty());
}

void expect_same(const RunInfo& a, const RunInfo& b) {
  EXPECT_EQ(a.profile_name, b.profile_name);
  EXPECT_EQ(a.released_tag, b.released_tag);
  EXPECT_EQ(a.released_commit, b.released_commit);
  EXPECT_EQ(a.local_version, b.local_version);
  EXPECT_EQ(a.released_db, b.released_db);
  EXPECT_EQ(a.new_db, b.new_db);
  EXPECT_EQ(a.repo, b.repo);
  EXPECT_EQ(a.schemas, b.schemas);
  EXPECT_EQ(a.generated_at, b.generated_at);
  EXPECT_EQ(a.incomplete, b.incomplete);
  ASSERT_EQ(a.phases.size(), b.phases.size());
  for (std::size_t i = 0; i < a.phases.size(); ++i) {
    EXPECT_EQ(a.phases[i].name, b.phases[i].name);
    EXPECT_EQ(a.phases[i].seconds, b.phases[i].seconds);
  }
}

void expect_same(const std::vector<TableResult>& a, const std::vector<TableResult>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].schema, b[i].schema);
    EXPECT_EQ(a[i].table, b[i].table);
    EXPECT_EQ(a[i].released_rows, b[i].released_rows);
    EXPECT_EQ(a[i].new_rows, b[i].new_rows);
    EXPECT_EQ(a[i].delta, b[i].delta);
    EXPECT_EQ(a[i].verdict, b[i].verdict);
    EXPECT_EQ(a[i].note, b[i].note);
  }
}

TEST(Json, RoundTripThroughText) {
  for (const std::string incomplete : {"", "interrupted by SIGTERM"}) {
    auto info = sample_info();
    info.incomplete = incomplete;
    info.phases = {{"resolve binaries", 0.25}, {"collect released", 1234.5}};
    const auto results = sample_results();
    const auto text = render_json(info, results).dump(2);
    RunInfo info2;
    std::vector<TableResult> results2;
    parse_json(nlohmann::json::parse(text), info2, results2);
    expect_same(info, info2);
    expect_same(results, results2);
  }
}

std::string parse_error_of(const nlohmann::json& doc) {
  RunInfo info;
  std::vector<TableResult> results;
  try {
    parse_json(doc, info, results);
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "parse_json accepted " << doc.dump();
  return {};
}

TEST(Json, ParseNamesMissingKey) {
  const nlohmann::json full = render_json(sample_info(), sample_results());
  auto doc = full;
  doc.erase("repo");
  EXPECT_EQ(parse_error_of(doc), "report JSON: missing key 'repo'");
  doc = full;
  doc["released"].erase("commit");
  EXPECT_EQ(parse_error_of(doc), "report JSON: missing key 'released.commit'");
  doc = full;
  doc["tables"][2].erase("verdict");
  EXPECT_EQ(parse_error_of(doc), "report JSON: missing key 'tables[2].verdict'");
  doc = full;
  doc.erase("format");
  EXPECT_EQ(parse_error_of(doc), "report JSON: missing key 'format'");
}

TEST(Json, ParseRejectsWrongTypesAndTampering) {
  const nlohmann::json full = render_json(sample_info(), sample_results());
  auto doc = full;
  doc["tables"][0]["released_rows"] = "ten";
  EXPECT_THAT(parse_error_of(doc), HasSubstr("'tables[0].released_rows' has the wrong type"));
  doc = full;
  doc["format"] = 2;
  EXPECT_THAT(parse_error_of(doc), HasSubstr("format 2 is not supported"));
  doc = full;
  doc["tables"][1]["verdict"] = "PASS";  // issues lost rows
  EXPECT_THAT(parse_error_of(doc), HasSubstr("tables[1] (aveloxis_data.issues)"));
  doc = full;
  doc["tables"][1]["verdict"] = "MAYBE";
  EXPECT_THAT(parse_error_of(doc), HasSubstr("unknown verdict 'MAYBE'"));
  EXPECT_THAT(parse_error_of(nlohmann::json::array()), HasSubstr("missing key 'format'"));
}

TEST(Json, ParseLeavesOutputsUntouchedOnError) {
  auto doc = nlohmann::json(render_json(sample_info(), sample_results()));
  doc["tables"][4].erase("note");
  RunInfo info;
  info.repo = "keep";
  std::vector<TableResult> results(1);
  EXPECT_THROW(parse_json(doc, info, results), Error);
  EXPECT_EQ(info.repo, "keep");
  EXPECT_EQ(results.size(), 1u);
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
