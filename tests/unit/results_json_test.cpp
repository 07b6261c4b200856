// report.json's body (also state.json's): its shape, its inverse, and what the inverse refuses.
#include "core/results_json.hpp"

#include <regex>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/samples.hpp"
#include "util/error.hpp"

namespace dt {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing_support::sample_info;
using testing_support::sample_results;

TEST(Json, Shape) {
  auto info = sample_info();
  info.phases = {{"resolve binaries", 1.5}};
  const auto doc = render_json(info, sample_results());
  std::vector<std::string> keys;
  for (const auto& item : doc.items()) keys.push_back(item.key());
  EXPECT_EQ(keys,
            (std::vector<std::string>{
                "format", "profile", "released", "new", "repo", "repos", "repo_column", "schemas",
                "generated_at", "complete", "incomplete", "summary", "phases", "content_check",
                "fresh_comparison", "self_check", "upgrade", "early_warnings", "tables"}));
  EXPECT_EQ(doc["fresh_comparison"], true);
  EXPECT_EQ(doc["self_check"], false);
  EXPECT_TRUE(doc["upgrade"].is_null());  // no upgrade ran
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
  EXPECT_TRUE(issues["content"].is_null());
  EXPECT_TRUE(issues["diagnosis"].is_null());
  EXPECT_EQ(doc["content_check"], "off");
  EXPECT_TRUE(doc["early_warnings"].empty());

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
    parse_json(json::Json::parse(text), info2, results2);
    expect_same(info, info2);
    expect_same(results, results2);
  }
}

std::string parse_error_of(const json::Json& doc) {
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
  const json::Json full = render_json(sample_info(), sample_results());
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
  const json::Json full = render_json(sample_info(), sample_results());
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
  EXPECT_THAT(parse_error_of(json::Json::array()), HasSubstr("missing key 'format'"));
}

TEST(Json, ParseLeavesOutputsUntouchedOnError) {
  auto doc = json::Json(render_json(sample_info(), sample_results()));
  doc["tables"][4].erase("note");
  RunInfo info;
  info.repo = "keep";
  std::vector<TableResult> results(1);
  EXPECT_THROW(parse_json(doc, info, results), Error);
  EXPECT_EQ(info.repo, "keep");
  EXPECT_EQ(results.size(), 1u);
}

// --- issue 14: several repositories, per-repository counts ---

std::vector<TableResult> split_results() {
  auto results = compare({{"app", "commits", 10}, {"app", "plain", 3}},
                         {{"app", "commits", 8}, {"app", "plain", 3}});
  results[0].by_repo = {{"https://x/one", 6, 6, 0, Verdict::pass},
                        {"https://x/two", 4, 2, -2, Verdict::fail}};
  return results;
}

TEST(Json, ReposAndPerRepositoryCountsRoundTrip) {
  auto info = sample_info();
  info.repos = {"https://x/one", "https://x/two"};
  info.repo = "https://x/one, https://x/two";
  info.repo_column = "repo_id";
  const auto doc = render_json(info, split_results());
  EXPECT_EQ(doc["repos"], json::Json::array({"https://x/one", "https://x/two"}));
  EXPECT_EQ(doc["tables"][0]["repos_losing"], json::Json::array({"https://x/two"}));
  EXPECT_EQ(doc["tables"][0]["by_repo"][1]["verdict"], "FAIL");
  EXPECT_TRUE(doc["tables"][1]["by_repo"].empty());
  RunInfo back_info;
  std::vector<TableResult> back;
  parse_json(json::Json::parse(doc.dump()), back_info, back);
  EXPECT_EQ(back_info.repos, info.repos);
  EXPECT_EQ(back_info.repo_column, "repo_id");
  ASSERT_EQ(back[0].by_repo.size(), 2u);
  EXPECT_EQ(back[0].by_repo[1].repo, "https://x/two");
  EXPECT_EQ(back[0].by_repo[1].new_rows, 2);
}

TEST(Json, PerRepositoryCountsMustAddUpAndAgree) {
  const auto good = render_json(sample_info(), split_results());
  RunInfo info;
  std::vector<TableResult> results;
  auto tampered = good;
  tampered["tables"][0]["by_repo"][1]["new_rows"] = 3;  // no longer adds up, delta disagrees
  EXPECT_THROW(parse_json(tampered, info, results), Error);
  tampered = good;
  tampered["tables"][0]["by_repo"][1]["verdict"] = "PASS";
  EXPECT_THROW(parse_json(tampered, info, results), Error);
  tampered = good;
  tampered["tables"][0]["by_repo"].erase(1);
  try {
    parse_json(tampered, info, results);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("add up to 6 and 6"), std::string::npos) << e.what();
  }
}

TEST(Json, AFileWithoutReposReadsAsOneRepository) {
  auto doc = render_json(sample_info(), sample_results());
  doc.erase("repos");
  doc.erase("repo_column");
  for (auto& table : doc["tables"]) {
    table.erase("by_repo");
    table.erase("repos_losing");
  }
  RunInfo info;
  std::vector<TableResult> results;
  parse_json(doc, info, results);
  EXPECT_EQ(info.repos, std::vector<std::string>{info.repo});
  EXPECT_TRUE(info.repo_column.empty());
}

// A result carrying every part of a diagnosis, and a drift.
std::vector<TableResult> diagnosed_results() {
  auto results = sample_results();
  TableResult& issues = results[1];
  issues.diagnosis.changes = {{"FK_ADDED",
                               "issues_repo_fkey",
                               {"repo_id"},
                               "not deferrable",
                               "FOREIGN KEY (repo_id) REFERENCES aveloxis_data.repos(id)"}};
  issues.diagnosis.log = {{"new", "/w/logs/new.log", 40, {"WARN issues: violates"}},
                          {"released", "/w/logs/released.log", 0, {}}};
  issues.diagnosis.key = KeyChoice{
      {"repo_id", "number"}, {"repo_id", "number", "title"}, {"id"}, "primary key issues_pkey"};
  RowEvidence lost;
  lost.total = 2;
  lost.file = "/w/lost/aveloxis_data.issues.csv";
  lost.sample.columns = {"repo_id", "number", "title"};
  lost.sample.rows = {{"1", "7", std::nullopt}, {"1", "9", "a \"quoted\" title"}};
  issues.diagnosis.lost = lost;
  issues.diagnosis.problems = {"content: no column"};
  TableResult& commits = results[0];  // PASS with equal counts
  commits.content = Content::changed;
  RowEvidence changed;
  changed.total = 1;
  changed.sample.columns = {"side", "sha", "n"};
  changed.sample.rows = {{"released", "abc", "1"}, {"new", "abc", "2"}};
  commits.diagnosis.changed = changed;
  return results;
}

TEST(Json, DiagnosisRoundTrips) {
  auto info = sample_info();
  info.content_check = ContentCheck::on;
  info.early_warnings = {
      {"aveloxis_data",
       "issues",
       {"FK_ADDED", "issues_repo_fkey", {"repo_id"}, "not deferrable", "FK"},
       true},
      {"aveloxis_data", "commits", {"CHECK_ADDED", "c", {"x"}, "", "CHECK"}, std::nullopt}};
  const auto results = diagnosed_results();
  const auto doc = render_json(info, results);
  EXPECT_EQ(doc["tables"][1]["diagnosis"]["cause"], "FK_ADDED");
  EXPECT_EQ(doc["tables"][1]["diagnosis"]["changes"][0]["text"],
            "FK_ADDED: foreign key added on repo_id, not deferrable (issues_repo_fkey: FOREIGN KEY "
            "(repo_id) REFERENCES aveloxis_data.repos(id))");
  EXPECT_TRUE(doc["tables"][1]["diagnosis"]["lost"]["rows"][0][2].is_null());
  EXPECT_EQ(doc["tables"][0]["content"], "changed");
  EXPECT_EQ(doc["early_warnings"][0]["confirmed"], true);
  EXPECT_TRUE(doc["early_warnings"][1]["confirmed"].is_null());

  RunInfo info2;
  std::vector<TableResult> results2;
  parse_json(json::Json::parse(doc.dump()), info2, results2);
  EXPECT_EQ(info2.content_check, ContentCheck::on);
  ASSERT_EQ(info2.early_warnings.size(), 2u);
  EXPECT_EQ(info2.early_warnings[0].change, info.early_warnings[0].change);
  EXPECT_EQ(info2.early_warnings[0].confirmed, std::optional<bool>(true));
  EXPECT_FALSE(info2.early_warnings[1].confirmed);
  const Diagnosis& d = results2[1].diagnosis;
  EXPECT_EQ(d.changes, results[1].diagnosis.changes);
  ASSERT_EQ(d.log.size(), 2u);
  EXPECT_EQ(d.log[0].lines, 40);
  EXPECT_EQ(d.log[0].examples, results[1].diagnosis.log[0].examples);
  ASSERT_TRUE(d.key);
  EXPECT_EQ(d.key->columns, results[1].diagnosis.key->columns);
  EXPECT_EQ(d.key->compared, results[1].diagnosis.key->compared);
  EXPECT_EQ(d.key->excluded, results[1].diagnosis.key->excluded);
  EXPECT_EQ(d.key->source, "primary key issues_pkey");
  ASSERT_TRUE(d.lost);
  EXPECT_EQ(d.lost->total, 2);
  EXPECT_EQ(d.lost->file, "/w/lost/aveloxis_data.issues.csv");
  EXPECT_EQ(d.lost->sample.rows, results[1].diagnosis.lost->sample.rows);
  EXPECT_EQ(d.problems, results[1].diagnosis.problems);
  EXPECT_EQ(results2[0].content, Content::changed);
  ASSERT_TRUE(results2[0].diagnosis.changed);
  EXPECT_EQ(results2[0].diagnosis.changed->sample.rows, results[0].diagnosis.changed->sample.rows);
  EXPECT_TRUE(results2[2].diagnosis.empty());
}

TEST(Json, DriftFailsOnlyWhenTheRunSaysSo) {
  auto info = sample_info();
  info.content_check = ContentCheck::fail;
  auto results = diagnosed_results();
  results[0].verdict = Verdict::fail;  // commits: equal counts, changed content
  auto doc = render_json(info, results);
  RunInfo info2;
  std::vector<TableResult> results2;
  parse_json(doc, info2, results2);
  EXPECT_EQ(results2[0].verdict, Verdict::fail);
  // The same FAIL under a run that did not fail drift is a tampered file.
  doc["content_check"] = "on";
  EXPECT_THAT(parse_error_of(doc), HasSubstr("tables[0] (aveloxis_data.commits)"));
  // And a drift PASS in a --content=fail run is one too.
  doc["content_check"] = "fail";
  doc["tables"][0]["verdict"] = "PASS";
  EXPECT_THAT(parse_error_of(doc), HasSubstr("tables[0] (aveloxis_data.commits)"));
  doc["tables"][0]["verdict"] = "FAIL";
  doc["tables"][0]["content"] = "maybe";
  EXPECT_THAT(parse_error_of(doc), HasSubstr("content is 'maybe'"));
  doc["tables"][0]["content"] = "changed";
  doc["content_check"] = "sometimes";
  EXPECT_THAT(parse_error_of(doc), HasSubstr("unknown content check 'sometimes'"));
}

TEST(Json, DiagnosisErrorsNameTheKey) {
  const json::Json full = render_json(sample_info(), diagnosed_results());
  auto doc = full;
  doc["tables"][1]["diagnosis"]["changes"][0].erase("code");
  EXPECT_EQ(parse_error_of(doc), "report JSON: missing key 'tables[1].diagnosis.changes[0].code'");
  doc = full;
  doc["tables"][1]["diagnosis"]["lost"]["rows"][1][0] = 5;
  EXPECT_THAT(parse_error_of(doc), HasSubstr("'tables[1].diagnosis.lost.rows[1]' holds a number"));
  doc = full;
  doc["tables"][1]["diagnosis"]["log"] = "none";
  EXPECT_THAT(parse_error_of(doc), HasSubstr("'tables[1].diagnosis.log' must be an array"));
}

// A state written before the evidence existed has none of its keys, and still reads.
TEST(Json, FilesWithoutEvidenceKeysStillRead) {
  auto doc = render_json(sample_info(), sample_results());
  doc.erase("content_check");
  doc.erase("early_warnings");
  for (auto& t : doc["tables"]) {
    t.erase("content");
    t.erase("diagnosis");
  }
  RunInfo info;
  std::vector<TableResult> results;
  parse_json(doc, info, results);
  EXPECT_EQ(info.content_check, ContentCheck::off);
  EXPECT_EQ(results.size(), 5u);
  EXPECT_TRUE(results[1].diagnosis.empty());
}

TEST(Json, TheUpgradeRoundTripsAndATamperedVerdictIsRefused) {
  auto info = sample_info();
  UpgradeInfo up;
  up.database = "aveloxis_released_upgraded";
  up.source = "snapshot 'x'";
  up.steps = {{"upgrade step 1/1: {bin} migrate", 0, 1.5}};
  up.summary = {1, 0, 4};
  info.upgrade = up;
  auto results = sample_results();
  TableUpgrade u;
  u.released_rows = 10;
  u.upgraded_rows = 8;
  u.delta = -2;
  u.step = 0;
  u.schema = {{"UPGRADE_COLUMN_MISSING", "c", {"c"}, "missing", "text"}};
  u.verdict = upgrade_verdict(u);
  u.lost = RowEvidence{2, {{"id"}, {{"1"}, {std::nullopt}}}, "/w/upgrade-lost/a.csv"};
  results[0].upgrade = u;
  const auto doc = render_json(info, results);
  EXPECT_EQ(doc["upgrade"]["migration"], "passed");
  EXPECT_TRUE(doc["upgrade"]["error"].is_null());
  EXPECT_EQ(doc["upgrade"]["summary"]["fail"], 1);
  EXPECT_EQ(doc["upgrade"]["steps"][0]["exit"], 0);
  EXPECT_EQ(doc["tables"][0]["upgrade"]["verdict"], "FAIL");
  EXPECT_EQ(doc["tables"][0]["upgrade"]["cause"], "UPGRADE_COLUMN_MISSING,ROWS_LOST");
  EXPECT_EQ(doc["tables"][0]["upgrade"]["step"], 0);
  EXPECT_EQ(doc["tables"][0]["upgrade"]["schema"][0]["code"], "UPGRADE_COLUMN_MISSING");
  EXPECT_TRUE(doc["tables"][1]["upgrade"].is_null());
  RunInfo back_info;
  std::vector<TableResult> back;
  parse_json(json::Json::parse(doc.dump()), back_info, back);
  ASSERT_TRUE(back_info.upgrade.has_value());
  EXPECT_EQ(back_info.upgrade->database, up.database);
  EXPECT_EQ(back_info.upgrade->steps[0].seconds, 1.5);
  ASSERT_TRUE(back[0].upgrade.has_value());
  EXPECT_EQ(back[0].upgrade->verdict, Verdict::fail);
  EXPECT_EQ(back[0].upgrade->schema, u.schema);
  ASSERT_TRUE(back[0].upgrade->lost.has_value());
  EXPECT_EQ(back[0].upgrade->lost->sample.rows[1][0], std::nullopt);
  // A hand edit must not turn a loss into a pass.
  auto tampered = doc;
  tampered["tables"][0]["upgrade"]["verdict"] = "PASS";
  EXPECT_THAT(parse_error_of(tampered), HasSubstr("tables[0].upgrade says delta -2 and PASS"));
  tampered = doc;
  tampered["upgrade"]["migration"] = "maybe";
  EXPECT_THAT(parse_error_of(tampered), HasSubstr("upgrade.migration is 'maybe'"));
}

TEST(Json, UpgradeOnlyStatesNoFreshVerdictAndReadsBack) {
  auto info = sample_info();
  info.fresh_compared = false;
  info.upgrade = UpgradeInfo{};
  auto results = sample_results();
  const auto doc = render_json(info, results);
  EXPECT_EQ(doc["fresh_comparison"], false);
  EXPECT_TRUE(doc["summary"].is_null());
  EXPECT_TRUE(doc["tables"][1]["verdict"].is_null());
  EXPECT_TRUE(doc["tables"][1]["new_rows"].is_null());
  EXPECT_TRUE(doc["tables"][1]["delta"].is_null());
  EXPECT_EQ(doc["tables"][1]["released_rows"], 10);
  RunInfo back_info;
  std::vector<TableResult> back;
  parse_json(json::Json::parse(doc.dump()), back_info, back);
  EXPECT_FALSE(back_info.fresh_compared);
  ASSERT_EQ(back.size(), results.size());
  for (const auto& r : back) EXPECT_EQ(r.verdict, Verdict::pass) << r.table;  // never a FAIL
}

TEST(Json, ASelfCheckSaysSoAndReadsBack) {
  auto info = sample_info();
  info.self_check = true;
  const auto doc = render_json(info, sample_results());
  EXPECT_EQ(doc["self_check"], true);
  RunInfo back_info;
  std::vector<TableResult> back;
  parse_json(json::Json::parse(doc.dump()), back_info, back);
  EXPECT_TRUE(back_info.self_check);
  // A file written before the key existed is no self-check.
  auto older = doc;
  older.erase("self_check");
  parse_json(json::Json::parse(older.dump()), back_info, back);
  EXPECT_FALSE(back_info.self_check);
}

}  // namespace
}  // namespace dt
