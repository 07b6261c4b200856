// The evidence's JSON form read back: every field of a diagnosis, a table's upgrade, the
// upgrade as a whole and an early warning survives a round trip through text; files written
// before a field existed still parse; a hand-edited upgrade verdict is refused.
#include "core/diagnosis_json.hpp"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "util/error.hpp"

namespace dt {
namespace {

using ::testing::HasSubstr;

// Through text, as report.json and state.json are written and read.
json::Json reparsed(const json::Json& doc) {
  return json::Json::parse(doc.dump());
}

SchemaChange located_change() {
  return {"FK_ADDED",
          "t_account_fkey",
          {"account_id", "ledger"},
          "not deferrable",
          "FOREIGN KEY (account_id) REFERENCES s.accounts(id)",
          SourceLine{"db/schema.sql", 42, "ALTER TABLE t ADD FOREIGN KEY", "/src/db/schema.sql",
                     false}};
}

SchemaChange removed_change() {
  return {"CHECK_CHANGED", "c",
          {"n"},           "CHECK (n > 0)",
          "CHECK (n > 1)", SourceLine{"db/old.sql", 7, "CHECK (n > 0)", "/src/db/old.sql", true}};
}

SchemaChange unlocated_change() {
  return {"NOT_NULL_ADDED", "signed_by", {"signed_by"}, "new column", ""};
}

RowEvidence rows(std::int64_t total, std::string file) {
  return {total, {{"id", "note"}, {{"1", "a"}, {"2", std::nullopt}}}, std::move(file)};
}

void expect_rows(const std::optional<RowEvidence>& back, const RowEvidence& want) {
  ASSERT_TRUE(back);
  EXPECT_EQ(back->total, want.total);
  EXPECT_EQ(back->file, want.file);
  EXPECT_EQ(back->sample.columns, want.sample.columns);
  EXPECT_EQ(back->sample.rows, want.sample.rows);
}

void expect_key(const std::optional<KeyChoice>& back, const KeyChoice& want) {
  ASSERT_TRUE(back);
  EXPECT_EQ(back->columns, want.columns);
  EXPECT_EQ(back->compared, want.compared);
  EXPECT_EQ(back->excluded, want.excluded);
  EXPECT_EQ(back->source, want.source);
  EXPECT_EQ(back->whole_rows, want.whole_rows);
}

Diagnosis full_diagnosis() {
  Diagnosis d;
  d.changes = {located_change(), removed_change(), unlocated_change()};
  d.log = {{"released", "/w/logs/released.log", 2, {"WARN a", "ERROR b"}},
           {"new", "/w/logs/new.log", 40, {"violates t_account_fkey"}}};
  d.key = KeyChoice{{"id"}, {"id", "note"}, {"updated_at"}, "primary key t_pkey", true};
  d.lost = rows(3, "/w/lost/s.t.csv");
  d.changed = rows(1, "/w/changed/s.t.csv");
  d.added = rows(2, "/w/added/s.t.csv");
  d.problems = {"content: no column", "log: unreadable"};
  return d;
}

TEST(DiagnosisJson, EveryFieldOfADiagnosisRoundTrips) {
  const Diagnosis d = full_diagnosis();
  const json::Json doc = reparsed(diagnosis_to_json(d));
  EXPECT_EQ(doc["cause"], cause_codes(d.changes));
  EXPECT_EQ(doc["changes"][0]["text"], change_line(d.changes[0]));
  EXPECT_EQ(doc["changes"][1]["source"]["removed"], true);
  EXPECT_TRUE(doc["changes"][2]["source"].is_null());

  const Diagnosis back = diagnosis_from_json(doc, "table");
  EXPECT_EQ(back.changes, d.changes);
  ASSERT_TRUE(back.changes[1].source);
  EXPECT_TRUE(back.changes[1].source->removed);
  EXPECT_FALSE(back.changes[0].source->removed);
  EXPECT_FALSE(back.changes[2].source);
  ASSERT_EQ(back.log.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(back.log[i].side, d.log[i].side);
    EXPECT_EQ(back.log[i].file, d.log[i].file);
    EXPECT_EQ(back.log[i].lines, d.log[i].lines);
    EXPECT_EQ(back.log[i].examples, d.log[i].examples);
  }
  expect_key(back.key, *d.key);
  expect_rows(back.lost, *d.lost);
  expect_rows(back.changed, *d.changed);
  expect_rows(back.added, *d.added);
  EXPECT_EQ(back.problems, d.problems);
}

TEST(DiagnosisJson, AnEmptyDiagnosisRoundTripsEmpty) {
  const Diagnosis back = diagnosis_from_json(reparsed(diagnosis_to_json(Diagnosis{})), "table");
  EXPECT_TRUE(back.empty());
  EXPECT_FALSE(back.key);
  EXPECT_FALSE(back.lost);
  EXPECT_FALSE(back.changed);
  EXPECT_FALSE(back.added);
}

TEST(DiagnosisJson, AFileFromBeforeSourceLinesParsesWithoutSource) {
  json::Json doc = reparsed(diagnosis_to_json(full_diagnosis()));
  doc["changes"][0].erase("source");
  doc["changes"][1]["source"].erase("removed");  // before removed lines: an added line
  const Diagnosis back = diagnosis_from_json(doc, "table");
  EXPECT_EQ(back.changes[0].source, std::nullopt);
  EXPECT_EQ(back.changes[0].code, "FK_ADDED");
  ASSERT_TRUE(back.changes[1].source);
  EXPECT_FALSE(back.changes[1].source->removed);
  EXPECT_EQ(back.changes[1].source->line, 7u);
}

TEST(DiagnosisJson, ErrorsNameTheKey) {
  json::Json doc = reparsed(diagnosis_to_json(full_diagnosis()));
  doc["changes"][1]["source"].erase("line");
  try {
    diagnosis_from_json(doc, "tables[2].diagnosis");
    FAIL() << "a source without its line was accepted";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "report JSON: missing key 'tables[2].diagnosis.changes[1].source.line'");
  }
  doc = reparsed(diagnosis_to_json(full_diagnosis()));
  doc["log"][0]["lines"] = "many";
  EXPECT_THROW(diagnosis_from_json(doc, "t"), Error);
}

TableUpgrade full_upgrade() {
  TableUpgrade u;
  u.released_rows = 10;
  u.upgraded_rows = 8;
  u.delta = -2;
  u.verdict = Verdict::fail;
  u.content = Content::changed;
  u.changed_columns = {"note", "amount"};
  u.step = 1;
  u.schema = {{"UPGRADE_INDEX_DIFFERS", "t_note_idx", {"note"}, "", "CREATE INDEX ..."},
              removed_change()};
  u.key = KeyChoice{{"id"}, {"id", "note", "amount"}, {}, "primary key t_pkey", false};
  u.lost = rows(2, "/w/upgrade/lost/s.t.csv");
  u.changed = rows(1, "/w/upgrade/changed/s.t.csv");
  u.problems = {"content: timed out"};
  return u;
}

TEST(DiagnosisJson, EveryFieldOfATableUpgradeRoundTrips) {
  const TableUpgrade u = full_upgrade();
  ASSERT_EQ(upgrade_verdict(u), u.verdict);  // the sample is one the reader accepts
  const json::Json doc = reparsed(table_upgrade_to_json(u));
  EXPECT_EQ(doc["cause"], upgrade_cause(u));
  const TableUpgrade back = table_upgrade_from_json(doc, "tables[0].upgrade");
  EXPECT_EQ(back.released_rows, 10);
  EXPECT_EQ(back.upgraded_rows, 8);
  EXPECT_EQ(back.delta, -2);
  EXPECT_EQ(back.verdict, Verdict::fail);
  EXPECT_EQ(back.content, Content::changed);
  EXPECT_EQ(back.changed_columns, u.changed_columns);
  EXPECT_EQ(back.step, std::optional<std::size_t>(1));
  EXPECT_EQ(back.schema, u.schema);
  expect_key(back.key, *u.key);
  expect_rows(back.lost, *u.lost);
  expect_rows(back.changed, *u.changed);
  EXPECT_EQ(back.problems, u.problems);
}

TEST(DiagnosisJson, AnUntouchedTableUpgradeRoundTripsWithNulls) {
  TableUpgrade u;
  u.released_rows = u.upgraded_rows = 4;
  const json::Json doc = reparsed(table_upgrade_to_json(u));
  EXPECT_TRUE(doc["content"].is_null());
  EXPECT_TRUE(doc["step"].is_null());
  const TableUpgrade back = table_upgrade_from_json(doc, "u");
  EXPECT_EQ(back.verdict, Verdict::pass);
  EXPECT_EQ(back.content, Content::not_compared);
  EXPECT_FALSE(back.step);
  EXPECT_FALSE(back.key);
  EXPECT_FALSE(back.lost);
  EXPECT_FALSE(back.changed);
}

TEST(DiagnosisJson, AHandEditedUpgradeVerdictIsRefused) {
  json::Json doc = reparsed(table_upgrade_to_json(full_upgrade()));
  doc["verdict"] = "PASS";
  try {
    table_upgrade_from_json(doc, "tables[0].upgrade");
    FAIL() << "a PASS over lost rows was accepted";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("tables[0].upgrade says delta -2 and PASS"));
  }
  doc = reparsed(table_upgrade_to_json(full_upgrade()));
  doc["delta"] = 0;
  EXPECT_THROW(table_upgrade_from_json(doc, "u"), Error);
  doc = reparsed(table_upgrade_to_json(full_upgrade()));
  doc["content"] = "similar";
  EXPECT_THROW(table_upgrade_from_json(doc, "u"), Error);
}

UpgradeInfo full_info() {
  UpgradeInfo info;
  info.database = "data_test_upgrade_x";
  info.source = "snapshot 'data_test_snap_ab'";
  info.steps = {{"upgrade step 1/2: migrate", 0, 1.5}, {"upgrade step 2/2: backfill", 3, 0.25}};
  info.migration_failed = true;
  info.error = "upgrade step 2/2 exited with 3";
  info.output = {"ERROR: relation missing", "hint: ***"};
  info.summary.fail = 2;
  info.summary.flag = 1;
  info.summary.pass = 7;
  info.parts = {{"count released", 0.5}, {"copy", 2.0}};
  return info;
}

TEST(DiagnosisJson, EveryFieldOfTheUpgradeInfoRoundTrips) {
  const UpgradeInfo info = full_info();
  const json::Json doc = reparsed(upgrade_info_to_json(info));
  EXPECT_EQ(doc["migration"], "failed");
  const UpgradeInfo back = upgrade_info_from_json(doc, "upgrade");
  EXPECT_EQ(back.database, info.database);
  EXPECT_EQ(back.source, info.source);
  ASSERT_EQ(back.steps.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(back.steps[i].step, info.steps[i].step);
    EXPECT_EQ(back.steps[i].exit, info.steps[i].exit);
    EXPECT_DOUBLE_EQ(back.steps[i].seconds, info.steps[i].seconds);
  }
  EXPECT_TRUE(back.migration_failed);
  EXPECT_EQ(back.error, info.error);
  EXPECT_EQ(back.output, info.output);
  EXPECT_EQ(back.summary.fail, 2u);
  EXPECT_EQ(back.summary.flag, 1u);
  EXPECT_EQ(back.summary.pass, 7u);
  ASSERT_EQ(back.parts.size(), 2u);
  EXPECT_EQ(back.parts[1].name, "copy");
  EXPECT_DOUBLE_EQ(back.parts[1].seconds, 2.0);
}

TEST(DiagnosisJson, UpgradeInfoFromBeforePartsAndAPassedMigration) {
  UpgradeInfo info = full_info();
  info.migration_failed = false;
  info.error.clear();
  json::Json doc = reparsed(upgrade_info_to_json(info));
  EXPECT_TRUE(doc["error"].is_null());
  doc.erase("parts");
  const UpgradeInfo back = upgrade_info_from_json(doc, "upgrade");
  EXPECT_FALSE(back.migration_failed);
  EXPECT_EQ(back.error, "");
  EXPECT_TRUE(back.parts.empty());
  doc["migration"] = "maybe";
  try {
    upgrade_info_from_json(doc, "upgrade");
    FAIL() << "an unknown migration outcome was accepted";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("upgrade.migration is 'maybe'"));
  }
}

TEST(DiagnosisJson, EarlyWarningsRoundTripWithTheirSourceAndConfirmation) {
  const EarlyWarning confirmed{"s", "t", removed_change(), true};
  const EarlyWarning refuted{"s", "u", located_change(), false};
  const EarlyWarning unknown{"s", "v", unlocated_change(), std::nullopt};
  for (const EarlyWarning& w : {confirmed, refuted, unknown}) {
    const EarlyWarning back = early_warning_from_json(reparsed(early_warning_to_json(w)), "w");
    EXPECT_EQ(back.schema, w.schema);
    EXPECT_EQ(back.table, w.table);
    EXPECT_EQ(back.change, w.change);
    EXPECT_EQ(back.confirmed, w.confirmed);
  }
  const EarlyWarning back =
      early_warning_from_json(reparsed(early_warning_to_json(confirmed)), "w");
  ASSERT_TRUE(back.change.source);
  EXPECT_TRUE(back.change.source->removed);
}

}  // namespace
}  // namespace dt
