// The schema change codes: their plain words, their order, which are risky, the `cause` value;
// and the verdict counts and content call for.
#include "core/diagnosis.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/diagnosis_json.hpp"
#include "core/model.hpp"
#include "util/error.hpp"

namespace dt {
namespace {

SchemaChange change(std::string code, std::string subject, std::vector<std::string> columns = {},
                    std::string detail = "", std::string definition = "") {
  return {std::move(code), std::move(subject), std::move(columns), std::move(detail),
          std::move(definition)};
}

TEST(Diagnosis, EveryCodeInPlainWords) {
  EXPECT_EQ(change_line(change("FK_ADDED", "t_account_fkey", {"account_id"}, "not deferrable",
                               "FOREIGN KEY (account_id) REFERENCES ledger_ops.accounts(id)")),
            "FK_ADDED: foreign key added on account_id, not deferrable (t_account_fkey: FOREIGN "
            "KEY (account_id) REFERENCES ledger_ops.accounts(id))");
  EXPECT_EQ(change_line(change("FK_CHANGED", "f", {"a"}, "not deferrable", "FOREIGN KEY (a)")),
            "FK_CHANGED: foreign key changed on a, now not deferrable (f: FOREIGN KEY (a))");
  EXPECT_EQ(change_line(change("NOT_NULL_ADDED", "signed_by", {"signed_by"}, "new column")),
            "NOT_NULL_ADDED: NOT NULL added on signed_by without a DEFAULT (new column)");
  EXPECT_EQ(change_line(change("CHECK_ADDED", "plain_email", {"email"}, "", "CHECK (x)")),
            "CHECK_ADDED: check constraint added on email (plain_email: CHECK (x))");
  EXPECT_EQ(change_line(change("CHECK_CHANGED", "c", {"n"}, "CHECK (n > 0)", "CHECK (n > 1)")),
            "CHECK_CHANGED: check constraint changed on n (c: CHECK (n > 1); was CHECK (n > 0))");
  EXPECT_EQ(change_line(change("UNIQUE_ADDED", "u", {"a", "b"}, "", "UNIQUE (a, b)")),
            "UNIQUE_ADDED: unique constraint added on a, b (u: UNIQUE (a, b))");
  EXPECT_EQ(change_line(change("UNIQUE_CHANGED", "u", {"a"}, "UNIQUE (b)", "UNIQUE (a)")),
            "UNIQUE_CHANGED: unique constraint changed on a (u: UNIQUE (a); was UNIQUE (b))");
  EXPECT_EQ(change_line(change("PK_ADDED", "p", {"id"}, "", "PRIMARY KEY (id)")),
            "PK_ADDED: primary key added on id (p: PRIMARY KEY (id))");
  EXPECT_EQ(
      change_line(change("PK_CHANGED", "p", {"a", "b"}, "PRIMARY KEY (a)", "PRIMARY KEY (a, b)")),
      "PK_CHANGED: primary key changed on a, b (p: PRIMARY KEY (a, b); was PRIMARY KEY (a))");
  EXPECT_EQ(change_line(
                change("COLUMN_RENAMED", "additions", {"additions", "lines_added"}, "lines_added")),
            "COLUMN_RENAMED: column additions renamed to lines_added (same type, same position)");
  EXPECT_EQ(change_line(change("COLUMN_ADDED", "x", {"x"}, "text NOT NULL")),
            "COLUMN_ADDED: column x added (text NOT NULL)");
  EXPECT_EQ(change_line(change("COLUMN_DROPPED", "x", {"x"}, "integer")),
            "COLUMN_DROPPED: column x dropped (was integer)");
  EXPECT_EQ(change_line(change("TYPE_CHANGED", "n", {"n"}, "integer -> bigint")),
            "TYPE_CHANGED: type of n changed: integer -> bigint");
  EXPECT_EQ(change_line(change("DEFAULT_REMOVED", "at", {"at"}, "", "now()")),
            "DEFAULT_REMOVED: DEFAULT removed from at (was now())");
  EXPECT_EQ(change_line(change("TABLE_ONLY_IN_RELEASED", "s.t")),
            "TABLE_ONLY_IN_RELEASED: table exists only in released (dropped or renamed in new)");
  EXPECT_EQ(change_line(change("TABLE_ONLY_IN_NEW", "s.t")),
            "TABLE_ONLY_IN_NEW: table exists only in new (added)");
  EXPECT_EQ(change_line(change("PARTITION_BOUNDS_CHANGED", "s.p", {}, "FOR VALUES FROM (1) TO (2)",
                               "FOR VALUES FROM (1) TO (3)")),
            "PARTITION_BOUNDS_CHANGED: partition bounds changed to FOR VALUES FROM (1) TO (3) (was "
            "FOR VALUES FROM (1) TO (2))");
  EXPECT_EQ(change_line(change("CONSTRAINT_DROPPED", "no_vendor", {"path"}, "check constraint")),
            "CONSTRAINT_DROPPED: check constraint no_vendor dropped (on path)");
}

TEST(Diagnosis, RiskyCodesAndOrder) {
  for (const char* code : {"TABLE_ONLY_IN_RELEASED", "NOT_NULL_ADDED", "FK_ADDED", "CHECK_ADDED",
                           "COLUMN_RENAMED", "COLUMN_DROPPED", "TYPE_CHANGED", "DEFAULT_REMOVED",
                           "PARTITION_BOUNDS_CHANGED", "UNIQUE_ADDED", "PK_CHANGED"}) {
    EXPECT_TRUE(risky(code)) << code;
    EXPECT_TRUE(known_change_code(code)) << code;
  }
  for (const char* code : {"COLUMN_ADDED", "CONSTRAINT_DROPPED", "TABLE_ONLY_IN_NEW"}) {
    EXPECT_FALSE(risky(code)) << code;
    EXPECT_TRUE(known_change_code(code)) << code;
  }
  EXPECT_FALSE(risky("SOMETHING"));
  EXPECT_FALSE(known_change_code("SOMETHING"));

  std::vector<SchemaChange> changes = {change("COLUMN_ADDED", "a"), change("NOT_NULL_ADDED", "a"),
                                       change("COLUMN_ADDED", "b"), change("FK_ADDED", "f")};
  sort_changes(changes);
  EXPECT_EQ(changes[0].code, "NOT_NULL_ADDED");
  EXPECT_EQ(changes[1].code, "FK_ADDED");
  EXPECT_EQ(changes[2].subject, "a");  // stable among equal codes
  EXPECT_EQ(changes[3].subject, "b");
  EXPECT_EQ(cause_codes(changes), "NOT_NULL_ADDED,FK_ADDED,COLUMN_ADDED");
  EXPECT_EQ(cause_codes({}), "NO_SCHEMA_CHANGE");
}

TEST(Diagnosis, ContentCheckAndVerdict) {
  for (auto c : {ContentCheck::off, ContentCheck::on, ContentCheck::fail}) {
    EXPECT_EQ(content_check_from_string(to_string(c)), c);
  }
  EXPECT_THROW(content_check_from_string("yes"), Error);
  TableResult r;
  r.released_rows = r.new_rows = 5;
  EXPECT_EQ(expected_verdict(r, ContentCheck::fail), Verdict::pass);
  r.content = Content::changed;
  EXPECT_EQ(expected_verdict(r, ContentCheck::on), Verdict::pass);
  EXPECT_EQ(expected_verdict(r, ContentCheck::fail), Verdict::fail);
  r.new_rows = 6;  // a FLAG stays a FLAG
  EXPECT_EQ(expected_verdict(r, ContentCheck::fail), Verdict::flag);
  EXPECT_TRUE(Diagnosis{}.empty());
  Diagnosis d;
  d.problems = {"x"};
  EXPECT_FALSE(d.empty());
}

TEST(Diagnosis, DriftDetailSaysHowTheRowsDiffer) {
  Diagnosis d;
  EXPECT_EQ(drift_detail(d), "");
  d.changed = RowEvidence{1, {}, ""};
  EXPECT_EQ(drift_detail(d), " (1 row differs)");
  d.changed = RowEvidence{3, {}, ""};
  EXPECT_EQ(drift_detail(d), " (3 rows differ)");
  d.changed.reset();
  d.key = KeyChoice{{"a"}, {"a"}, {}, "all shared columns", true};
  d.lost = RowEvidence{2, {}, ""};
  EXPECT_EQ(drift_detail(d), " (2 rows only on released, 0 only on new; no key)");
  d.added = RowEvidence{1, {}, ""};
  EXPECT_EQ(drift_detail(d), " (2 rows only on released, 1 only on new; no key)");
}

TEST(Diagnosis, WholeRowsAndTheRowsOnlyOnNewRoundTrip) {
  Diagnosis d;
  d.key = KeyChoice{{"note", "n"}, {"note", "n"}, {}, "all shared columns", true};
  d.lost = RowEvidence{1, {{"note", "n"}, {{"b", "2"}}}, "/w/lost/s.t.csv"};
  d.added = RowEvidence{1, {{"note", "n"}, {{"b", "3"}}}, "/w/added/s.t.csv"};
  const Diagnosis back =
      diagnosis_from_json(json::Json::parse(diagnosis_to_json(d).dump()), "table");
  ASSERT_TRUE(back.key);
  EXPECT_TRUE(back.key->whole_rows);
  ASSERT_TRUE(back.added);
  EXPECT_EQ(back.added->total, 1);
  EXPECT_EQ(back.added->file, "/w/added/s.t.csv");
  EXPECT_EQ(back.added->sample.rows, d.added->sample.rows);
  EXPECT_FALSE(back.empty());
  // A state written before whole-row matching: a key without the field was a chosen key.
  auto old = diagnosis_to_json(d);
  old["key"].erase("whole_rows");
  old.erase("added");
  const Diagnosis before = diagnosis_from_json(old, "table");
  EXPECT_FALSE(before.key->whole_rows);
  EXPECT_FALSE(before.added);
}

}  // namespace
}  // namespace dt
