// The upgrade's verdicts (harness/phases/upgrade, core/model): counts after each step, schema
// differences against a fresh install, and content.
#include "upgrade.hpp"

#include <gtest/gtest.h>

#include "schema_delta.hpp"
#include "support/shapes.hpp"

namespace dt {
namespace {

using testing_support::shape_of;

ColumnShape column(std::string name, std::string type, bool not_null = false,
                   std::string default_expr = "") {
  ColumnShape c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.not_null = not_null;
  c.default_expr = std::move(default_expr);
  return c;
}

std::vector<std::string> codes(const std::vector<SchemaChange>& changes) {
  std::vector<std::string> out;
  for (const auto& c : changes) out.push_back(c.code);
  return out;
}

TEST(Upgrade, FewerRowsFailMoreRowsFlagEqualRowsPassAndTheStepThatLostThemIsNamed) {
  const std::vector<TableCount> released = {{"s", "gone", 5}, {"s", "grew", 2}, {"s", "same", 3}};
  // Step 1 deletes from "gone", step 2 adds to "grew" and creates "made".
  const std::vector<std::vector<TableCount>> after = {
      {{"s", "gone", 4}, {"s", "grew", 2}, {"s", "same", 3}},
      {{"s", "gone", 4}, {"s", "grew", 3}, {"s", "made", 0}, {"s", "same", 3}}};
  const auto rows = compare_upgrade(released, after, {});
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].table, "gone");
  EXPECT_EQ(rows[0].upgrade.verdict, Verdict::fail);
  EXPECT_EQ(rows[0].upgrade.delta, -1);
  ASSERT_TRUE(rows[0].upgrade.step.has_value());
  EXPECT_EQ(*rows[0].upgrade.step, 0u);
  EXPECT_EQ(rows[1].table, "grew");
  EXPECT_EQ(rows[1].upgrade.verdict, Verdict::flag);
  EXPECT_FALSE(rows[1].upgrade.step.has_value());
  EXPECT_EQ(rows[2].table, "made");
  EXPECT_EQ(rows[2].upgrade.verdict, Verdict::pass);
  EXPECT_EQ(rows[3].table, "same");
  EXPECT_EQ(rows[3].upgrade.verdict, Verdict::pass);
}

TEST(Upgrade, ATableTheUpgradeDropsLosesEveryRowAtThatStep) {
  const auto rows = compare_upgrade({{"s", "t", 7}}, {{{"s", "t", 7}}, {}, {}}, {});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].upgrade.upgraded_rows, 0);
  EXPECT_EQ(rows[0].upgrade.verdict, Verdict::fail);
  EXPECT_EQ(rows[0].upgrade.step, std::optional<std::size_t>(1));
}

TEST(Upgrade, AFreshInstallsTableTheUpgradeNeverMadeGetsARowForItsSchemaCheck) {
  const auto rows =
      compare_upgrade({{"s", "a", 1}}, {{{"s", "a", 1}}}, {{"s", "a", 0}, {"s", "b", 0}});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].table, "b");
  EXPECT_EQ(rows[1].upgrade.released_rows, 0);
  EXPECT_EQ(rows[1].upgrade.upgraded_rows, 0);
}

TEST(Upgrade, ATableIsProvenUntouchedOnlyWithNoRowWrittenAndItsOwnFile) {
  const std::vector<TableCount> released = {{"s", "kept", 5, -1, "100"},
                                            {"s", "updated", 5, -1, "101"},
                                            {"s", "rewritten", 5, -1, "102"},
                                            {"s", "parent", 5, -1, "0"}};
  std::vector<TableCount> after = {{"s", "kept", 5, 0, "100"},
                                   {"s", "updated", 5, 2, "101"},
                                   {"s", "rewritten", 5, 0, "200"},  // TRUNCATE + COPY FREEZE
                                   {"s", "parent", 5, 0, "0"}};
  auto rows = compare_upgrade(released, {after}, {});
  const auto untouched = [&](const std::string& table) {
    for (const auto& r : rows) {
      if (r.table == table) return r.untouched;
    }
    ADD_FAILURE() << table;
    return false;
  };
  EXPECT_TRUE(untouched("kept"));
  EXPECT_FALSE(untouched("updated"));
  EXPECT_FALSE(untouched("rewritten"));
  EXPECT_FALSE(untouched("parent"));  // a rewrite somewhere: a parent's partition may be it
  after[2].file = "102";
  rows = compare_upgrade(released, {after}, {});
  EXPECT_TRUE(untouched("parent"));
  EXPECT_TRUE(untouched("rewritten"));
  after[0].written = -1;  // not counted: nothing is proven
  rows = compare_upgrade(released, {after}, {});
  EXPECT_FALSE(untouched("kept"));
}

TEST(Upgrade, VerdictFollowsRowsSchemaAndContent) {
  TableUpgrade u;
  u.released_rows = u.upgraded_rows = 4;
  EXPECT_EQ(upgrade_verdict(u), Verdict::pass);
  EXPECT_EQ(upgrade_cause(u), "NO_CHANGE");
  u.content = Content::changed;
  EXPECT_EQ(upgrade_verdict(u), Verdict::flag);  // a backfill may change values on purpose
  EXPECT_EQ(upgrade_cause(u), "CONTENT_CHANGED");
  u.schema = {{"UPGRADE_COLUMN_MISSING", "c", {"c"}, "", "text"}};
  EXPECT_EQ(upgrade_verdict(u), Verdict::fail);  // production would run an untested schema
  EXPECT_EQ(upgrade_cause(u), "UPGRADE_COLUMN_MISSING,CONTENT_CHANGED");
  u.schema.clear();
  u.content = Content::not_compared;
  u.upgraded_rows = 3;
  EXPECT_EQ(upgrade_verdict(u), Verdict::fail);
  EXPECT_EQ(upgrade_cause(u), "ROWS_LOST");
  u.upgraded_rows = 5;
  EXPECT_EQ(upgrade_verdict(u), Verdict::flag);
  EXPECT_EQ(upgrade_cause(u), "ROWS_ADDED");
}

TEST(Upgrade, ContentColumnsLeaveOutTheExcludedOnes) {
  const TableShape t =
      shape_of({column("id", "integer"), column("v", "text"), column("at", "date")});
  EXPECT_EQ(content_columns(t, {"at"}), (std::vector<std::string>{"id", "v"}));
  EXPECT_EQ(content_columns(t, {}), (std::vector<std::string>{"id", "v", "at"}));
}

TEST(UpgradeDelta, TheSameShapeHasNoDifference) {
  const TableShape t = shape_of({column("id", "integer", true), column("v", "text", false, "'x'")},
                                {{'p', "t_pkey", {"id"}, "PRIMARY KEY (id)", false, false}});
  EXPECT_TRUE(upgrade_delta(&t, &t).empty());
  EXPECT_TRUE(upgrade_delta(nullptr, nullptr).empty());
}

TEST(UpgradeDelta, ATableOnOneSideOnly) {
  const TableShape t = shape_of({column("id", "integer")});
  EXPECT_EQ(codes(upgrade_delta(nullptr, &t)), std::vector<std::string>{"UPGRADE_TABLE_MISSING"});
  EXPECT_EQ(codes(upgrade_delta(&t, nullptr)), std::vector<std::string>{"UPGRADE_TABLE_EXTRA"});
}

TEST(UpgradeDelta, ColumnsMissingExtraAndDiffering) {
  // A column added only to CREATE TABLE IF NOT EXISTS never reaches an upgraded table.
  const TableShape fresh =
      shape_of({column("id", "integer", true), column("signed", "boolean", true, "false"),
                column("ms", "bigint"), column("v", "text", true, "'a'")});
  const TableShape up = shape_of({column("id", "integer", true), column("ms", "integer"),
                                  column("v", "text", false, "'b'"), column("old", "text")});
  const auto changes = upgrade_delta(&up, &fresh);
  EXPECT_EQ(codes(changes),
            (std::vector<std::string>{"UPGRADE_COLUMN_MISSING", "UPGRADE_COLUMN_EXTRA",
                                      "UPGRADE_TYPE_DIFFERS", "UPGRADE_NOT_NULL_DIFFERS",
                                      "UPGRADE_DEFAULT_DIFFERS"}));
  EXPECT_EQ(changes[0].subject, "signed");
  EXPECT_EQ(changes[0].definition, "boolean NOT NULL DEFAULT false");
  EXPECT_EQ(change_line(changes[0]),
            "UPGRADE_COLUMN_MISSING: column signed missing on the upgrade path (a fresh install "
            "has it): boolean NOT NULL DEFAULT false");
  EXPECT_EQ(changes[2].detail, "upgraded integer, fresh install bigint");
  EXPECT_EQ(change_line(changes[4]),
            "UPGRADE_DEFAULT_DIFFERS: column v: upgraded default 'b', fresh install default 'a'");
}

TEST(UpgradeDelta, RulesOnOneSideOnlyWhateverTheirNames) {
  const ConstraintShape check{'c', "t_v_check", {"v"}, "CHECK ((v <> ''::text))", false, false};
  const ConstraintShape fk{'f',   "t_id_fkey", {"id"}, "FOREIGN KEY (id) REFERENCES s.p(id)",
                           false, false};
  const ConstraintShape unique{'u', "t_v_key", {"v"}, "UNIQUE (v)", false, false};
  ConstraintShape renamed = unique;
  renamed.name = "t_v_unique";
  const TableShape fresh =
      shape_of({column("id", "integer"), column("v", "text")}, {check, fk, unique});
  const TableShape up = shape_of({column("id", "integer"), column("v", "text")}, {renamed});
  const auto changes = upgrade_delta(&up, &fresh);
  EXPECT_EQ(codes(changes),
            (std::vector<std::string>{"UPGRADE_FK_DIFFERS", "UPGRADE_CHECK_DIFFERS"}));
  EXPECT_EQ(change_line(changes[1]),
            "UPGRADE_CHECK_DIFFERS: check constraint missing on the upgrade path (a fresh install "
            "has it): t_v_check on v (CHECK ((v <> ''::text)))");
  const auto reverse = upgrade_delta(&fresh, &up);
  ASSERT_FALSE(reverse.empty());
  EXPECT_NE(reverse[0].detail.find("only on the upgrade path"), std::string::npos);
}

TEST(UpgradeDelta, AnIndexOrACommentOnOneSideIsAFlag) {
  TableShape fresh = shape_of({column("id", "integer"), column("v", "text")});
  fresh.indexes = {"USING btree (v)"};
  fresh.comment = "rows";
  fresh.columns[1].comment = "the value";
  const TableShape up = shape_of({column("id", "integer"), column("v", "text")});
  const auto changes = upgrade_delta(&up, &fresh);
  EXPECT_EQ(codes(changes),
            (std::vector<std::string>{"UPGRADE_INDEX_DIFFERS", "UPGRADE_COMMENT_DIFFERS",
                                      "UPGRADE_COMMENT_DIFFERS"}));
  EXPECT_EQ(change_line(changes[0]),
            "UPGRADE_INDEX_DIFFERS: index missing on the upgrade path (a fresh install has it): "
            "USING btree (v)");
  TableUpgrade u;
  u.released_rows = u.upgraded_rows = 3;
  u.schema = changes;
  EXPECT_EQ(upgrade_verdict(u), Verdict::flag);
  u.schema.push_back({"UPGRADE_TYPE_DIFFERS", "v", {"v"}, "", ""});
  EXPECT_EQ(upgrade_verdict(u), Verdict::fail);
}

TEST(UpgradeDelta, EveryCodeIsAKnownFailingCodeAndNoneIsAnEarlyWarning) {
  for (const char* code :
       {"UPGRADE_TABLE_MISSING", "UPGRADE_TABLE_EXTRA", "UPGRADE_COLUMN_MISSING",
        "UPGRADE_COLUMN_EXTRA", "UPGRADE_TYPE_DIFFERS", "UPGRADE_NOT_NULL_DIFFERS",
        "UPGRADE_DEFAULT_DIFFERS", "UPGRADE_PK_DIFFERS", "UPGRADE_UNIQUE_DIFFERS",
        "UPGRADE_FK_DIFFERS", "UPGRADE_CHECK_DIFFERS", "UPGRADE_PARTITION_DIFFERS"}) {
    EXPECT_TRUE(known_change_code(code)) << code;
    EXPECT_FALSE(risky(code)) << code;
  }
}

}  // namespace
}  // namespace dt
