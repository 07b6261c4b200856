// The schema delta on hand-made shapes: every code, renames, and what is not a change.
#include "schema_delta.hpp"

#include <gtest/gtest.h>

#include "support/shapes.hpp"

namespace dt {
namespace {

ColumnShape col(std::string name, std::string type, int position, bool not_null = false,
                std::string def = "") {
  ColumnShape c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.position = position;
  c.not_null = not_null;
  c.default_expr = std::move(def);
  return c;
}

ConstraintShape con(char kind, std::string name, std::vector<std::string> columns,
                    std::string definition, bool deferrable = false, bool deferred = false) {
  return {kind, std::move(name), std::move(columns), std::move(definition), deferrable, deferred};
}

TableShape base() {
  return testing_support::shape_of(
      {col("id", "integer", 1, true, "nextval('s.t_id_seq'::regclass)"),
       col("email", "text", 2, true), col("n", "integer", 3),
       col("at", "timestamp", 4, true, "now()")},
      {con('p', "t_pkey", {"id"}, "PRIMARY KEY (id)"),
       con('u', "t_email_key", {"email"}, "UNIQUE (email)")});
}

std::vector<std::string> codes(const std::vector<SchemaChange>& changes) {
  std::vector<std::string> out;
  for (const auto& c : changes) out.push_back(c.code);
  return out;
}

TEST(SchemaDelta, SameShapeNoChange) {
  const TableShape t = base();
  EXPECT_TRUE(table_delta(&t, &t).empty());
}

TEST(SchemaDelta, TableOnOneSide) {
  const TableShape t = base();
  const auto dropped = table_delta(&t, nullptr);
  ASSERT_EQ(codes(dropped), std::vector<std::string>{"TABLE_ONLY_IN_RELEASED"});
  EXPECT_EQ(dropped[0].subject, "s.t");
  EXPECT_EQ(codes(table_delta(nullptr, &t)), std::vector<std::string>{"TABLE_ONLY_IN_NEW"});
}

TEST(SchemaDelta, Columns) {
  const TableShape r = base();
  TableShape n = base();
  n.columns[2] = col("count", "integer", 3);               // n renamed (same type, same place)
  n.columns[3].default_expr = "";                          // at: DEFAULT removed
  n.columns[1].type = "character varying(10)";             // email: type changed
  n.columns.push_back(col("signed_by", "text", 5, true));  // NOT NULL, no DEFAULT
  n.columns.push_back(col("note", "text", 6));             // harmless
  const auto changes = table_delta(&r, &n);
  EXPECT_EQ(codes(changes),
            (std::vector<std::string>{"NOT_NULL_ADDED", "COLUMN_RENAMED", "TYPE_CHANGED",
                                      "DEFAULT_REMOVED", "COLUMN_ADDED", "COLUMN_ADDED"}));
  EXPECT_EQ(changes[0].subject, "signed_by");
  EXPECT_EQ(changes[0].detail, "new column");
  EXPECT_EQ(changes[1].subject, "n");
  EXPECT_EQ(changes[1].detail, "count");
  EXPECT_EQ(changes[2].detail, "text -> character varying(10)");
  EXPECT_EQ(changes[3].definition, "now()");
  EXPECT_EQ(changes[4].detail, "text NOT NULL");
}

TEST(SchemaDelta, ADropAndAnAddElsewhereAreNoRename) {
  const TableShape r = base();
  TableShape n = base();
  n.columns.erase(n.columns.begin() + 2);  // n dropped
  n.columns[2].position = 3;
  n.columns.push_back(col("m", "integer", 4));  // another position
  EXPECT_EQ(codes(table_delta(&r, &n)),
            (std::vector<std::string>{"COLUMN_DROPPED", "COLUMN_ADDED"}));
  // Same position, other type: no rename either.
  TableShape t = base();
  t.columns[2] = col("m", "bigint", 3);
  EXPECT_EQ(codes(table_delta(&r, &t)),
            (std::vector<std::string>{"COLUMN_DROPPED", "COLUMN_ADDED"}));
}

TEST(SchemaDelta, NotNullOnAnExistingColumn) {
  const TableShape r = base();
  TableShape n = base();
  n.columns[2].not_null = true;
  const auto changes = table_delta(&r, &n);
  ASSERT_EQ(codes(changes), std::vector<std::string>{"NOT_NULL_ADDED"});
  EXPECT_EQ(changes[0].detail, "existing column");
  n.columns[2].default_expr = "0";  // with a DEFAULT, inserts that omit it still work
  EXPECT_EQ(codes(table_delta(&r, &n)), std::vector<std::string>{});
}

TEST(SchemaDelta, Constraints) {
  const TableShape r = base();
  TableShape n = base();
  n.constraints.push_back(con('f', "t_n_fkey", {"n"}, "FOREIGN KEY (n) REFERENCES s.o(id)"));
  n.constraints.push_back(con('c', "t_n_check", {"n"}, "CHECK ((n > 0))"));
  n.constraints[1] = con('u', "t_email_key", {"email", "n"}, "UNIQUE (email, n)");
  const auto changes = table_delta(&r, &n);
  EXPECT_EQ(codes(changes),
            (std::vector<std::string>{"FK_ADDED", "CHECK_ADDED", "UNIQUE_CHANGED"}));
  EXPECT_EQ(changes[0].columns, std::vector<std::string>{"n"});
  EXPECT_EQ(changes[0].detail, "not deferrable");
  EXPECT_EQ(changes[2].detail, "UNIQUE (email)");

  TableShape d = base();
  d.constraints.push_back(con('f', "t_n_fkey", {"n"},
                              "FOREIGN KEY (n) REFERENCES s.o(id) "
                              "DEFERRABLE INITIALLY DEFERRED",
                              true, true));
  EXPECT_EQ(table_delta(&r, &d)[0].detail, "deferrable, initially deferred");
  // A deferred FK made immediate is a change of the same constraint.
  d.constraints.back().deferred = false;
  d.constraints.back().definition = "FOREIGN KEY (n) REFERENCES s.o(id) DEFERRABLE";
  TableShape e = d;
  e.constraints.back() = con('f', "t_n_fkey", {"n"}, "FOREIGN KEY (n) REFERENCES s.o(id)");
  const auto fk = table_delta(&d, &e);
  ASSERT_EQ(codes(fk), std::vector<std::string>{"FK_CHANGED"});
  EXPECT_EQ(fk[0].detail, "not deferrable");
}

TEST(SchemaDelta, PrimaryKeysAndDrops) {
  const TableShape r = base();
  TableShape n = base();
  n.constraints[0] = con('p', "t_pk2", {"email"}, "PRIMARY KEY (email)");
  auto changes = table_delta(&r, &n);
  ASSERT_EQ(codes(changes), std::vector<std::string>{"PK_CHANGED"});
  EXPECT_EQ(changes[0].detail, "PRIMARY KEY (id)");
  // A constraint renamed but the same rule is no change.
  n = base();
  n.constraints[1].name = "t_email_unique";
  EXPECT_TRUE(table_delta(&r, &n).empty());
  // A new PK where there was none; a dropped unique.
  TableShape without = base();
  without.constraints.clear();
  EXPECT_EQ(codes(table_delta(&without, &r)),
            (std::vector<std::string>{"UNIQUE_ADDED", "PK_ADDED"}));
  changes = table_delta(&r, &without);
  EXPECT_EQ(codes(changes), (std::vector<std::string>{"CONSTRAINT_DROPPED", "CONSTRAINT_DROPPED"}));
  EXPECT_EQ(changes[0].detail, "primary key");
}

TEST(SchemaDelta, PartitionBoundsAndWholeCatalogs) {
  TableShape r = base();
  r.table = "p1";
  r.partition_bound = "FOR VALUES FROM (MINVALUE) TO ('2025-04-01')";
  TableShape n = r;
  n.partition_bound = "FOR VALUES FROM (MINVALUE) TO ('2025-05-01')";
  const auto changes = table_delta(&r, &n);
  ASSERT_EQ(codes(changes), std::vector<std::string>{"PARTITION_BOUNDS_CHANGED"});
  EXPECT_EQ(changes[0].detail, r.partition_bound);
  EXPECT_EQ(changes[0].definition, n.partition_bound);

  const TableShape same = base();
  TableShape only_new = base();
  only_new.table = "u";
  const auto delta = schema_delta({r, same}, {n, same, only_new});
  ASSERT_EQ(delta.size(), 2u);
  EXPECT_EQ(delta[0].table, "p1");
  EXPECT_EQ(delta[1].table, "u");
  EXPECT_EQ(delta[1].changes[0].code, "TABLE_ONLY_IN_NEW");
}

}  // namespace
}  // namespace dt
