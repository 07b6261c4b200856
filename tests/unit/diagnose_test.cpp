// The diagnosis on two real databases: codes, log lines, lost and changed rows with their
// files, content fingerprints (and drift failing with --content=fail), confirmed early
// warnings; and a diagnosis whose parts fail keeps every verdict.
#include "run/diagnose.hpp"

#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "compare.hpp"
#include "counts.hpp"
#include "support/cluster.hpp"
#include "support/files.hpp"

namespace dt {
namespace {

using ::testing::HasSubstr;
using testing_support::ClusterTest;
using testing_support::TempDir;

constexpr const char* kSchema = R"sql(
  create schema app;
  create table app.parents (id text primary key);
  insert into app.parents select 'p' || i from generate_series(1, 5) i;
  create table app.children (sha text not null, idx int not null, parent text not null,
                             primary key (sha, idx));
  insert into app.children select 'c' || i, 0, 'p' || i from generate_series(1, 30) i;
  create table app.same (id serial primary key, name text not null unique);
  insert into app.same (name) select 'n' || i from generate_series(1, 10) i;
  create table app.swapped (k int primary key, a int, b int, at timestamptz default now());
  insert into app.swapped select i, i, 100 - i from generate_series(1, 50) i;
  create table app.dropped (x text);
  insert into app.dropped values ('one'), ('two'), ('three');
  create table app.odd (x int);
  insert into app.odd values (1), (2);
)sql";

class Diagnose : public ClusterTest {
 protected:
  static void SetUpTestSuite() {
    ClusterTest::SetUpTestSuite();
    for (const char* db : {"rel", "neu"}) {
      cluster().exec(std::string("create database ") + db);
      cluster().exec(kSchema, db);
    }
    // The new side: an FK that keeps only children of known parents; swapped values; a dropped
    // table; a lost row in a table whose override names a column it lacks.
    cluster().exec(R"sql(
      delete from app.children where parent not in (select id from app.parents);
      alter table app.children add constraint children_parent_fkey foreign key (parent)
        references app.parents(id);
      update app.swapped set a = b, b = a;
      drop table app.dropped;
      delete from app.odd where x = 2;
    )sql",
                   "neu");
  }

  DiagnoseInputs inputs(const TempDir& work, ContentCheck content) const {
    DiagnoseInputs in;
    in.released = cluster().params("rel");
    in.fresh = cluster().params("neu");
    in.schemas = {"app"};
    in.released_log = work.path() / "logs" / "released.log";
    in.new_log = work.path() / "logs" / "new.log";
    in.work_dir = work.path();
    in.overrides = {{"app", "odd", {"nope"}, {}}};
    in.sample = 3;
    in.content = content;
    std::filesystem::create_directories(work.path() / "logs");
    std::ofstream(in.new_log) << "[new] WARN app.children: violates foreign key constraint "
                                 "\"children_parent_fkey\"\n[new] collect: done\n";
    return in;
  }

  static std::vector<TableResult> results() {
    return compare(count_tables(cluster().params("rel"), {"app"}),
                   count_tables(cluster().params("neu"), {"app"}));
  }

  static TableResult& table(std::vector<TableResult>& results, const std::string& name) {
    for (auto& r : results) {
      if (r.table == name) return r;
    }
    throw std::runtime_error("no table " + name);
  }
};

TEST_F(Diagnose, EvidenceBesideEachVerdict) {
  TempDir work;
  auto res = results();
  std::vector<EarlyWarning> warnings =
      early_warnings(cluster().params("rel"), cluster().params("neu"), {"app"});
  ASSERT_EQ(warnings.size(), 2u);  // FK_ADDED on children, TABLE_ONLY_IN_RELEASED dropped
  diagnose(inputs(work, ContentCheck::fail), res, warnings);

  TableResult& children = table(res, "children");
  EXPECT_EQ(children.verdict, Verdict::fail);
  ASSERT_EQ(children.diagnosis.changes.size(), 1u);
  EXPECT_EQ(children.diagnosis.changes[0].code, "FK_ADDED");
  EXPECT_EQ(children.diagnosis.changes[0].columns, std::vector<std::string>{"parent"});
  ASSERT_TRUE(children.diagnosis.key);
  EXPECT_EQ(children.diagnosis.key->columns, (std::vector<std::string>{"sha", "idx"}));
  ASSERT_TRUE(children.diagnosis.lost);
  EXPECT_EQ(children.diagnosis.lost->total, 25);
  ASSERT_EQ(children.diagnosis.lost->sample.rows.size(), 3u);
  EXPECT_EQ(children.diagnosis.lost->sample.columns,
            (std::vector<std::string>{"sha", "idx", "parent"}));
  EXPECT_EQ(children.diagnosis.lost->sample.rows[0][0], std::optional<std::string>("c10"));
  EXPECT_EQ(children.diagnosis.lost->file, (work.path() / "lost" / "app.children.csv").string());
  EXPECT_THAT(testing_support::read_file(children.diagnosis.lost->file),
              HasSubstr("sha,idx,parent\r\nc10,0,p10\r\n"));
  ASSERT_EQ(children.diagnosis.log.size(), 2u);
  EXPECT_EQ(children.diagnosis.log[0].side, "new");
  EXPECT_EQ(children.diagnosis.log[0].lines, 1);
  EXPECT_EQ(children.diagnosis.log[1].lines, 0);  // no released log at all
  EXPECT_TRUE(children.diagnosis.problems.empty());

  TableResult& dropped = table(res, "dropped");
  EXPECT_EQ(dropped.diagnosis.changes.at(0).code, "TABLE_ONLY_IN_RELEASED");
  ASSERT_TRUE(dropped.diagnosis.lost);
  EXPECT_EQ(dropped.diagnosis.lost->total, 3);
  EXPECT_EQ(dropped.diagnosis.key->source, "all shared columns");

  // --content=fail: the swapped values FAIL with equal counts; `at` (default now()) is left out.
  TableResult& swapped = table(res, "swapped");
  EXPECT_EQ(swapped.content, Content::changed);
  EXPECT_EQ(swapped.verdict, Verdict::fail);
  ASSERT_TRUE(swapped.diagnosis.changed);
  EXPECT_EQ(swapped.diagnosis.changed->total, 49);  // all but k = 50 (a = b = 50)
  EXPECT_EQ(swapped.diagnosis.key->excluded, std::vector<std::string>{"at"});
  EXPECT_EQ(swapped.diagnosis.changed->sample.rows.size(), 6u);
  EXPECT_TRUE(std::filesystem::exists(swapped.diagnosis.changed->file));
  EXPECT_EQ(table(res, "same").content, Content::same);
  EXPECT_EQ(table(res, "same").verdict, Verdict::pass);

  // A part that cannot be worked out is a problem, not an error; the verdict stays.
  TableResult& odd = table(res, "odd");
  EXPECT_EQ(odd.verdict, Verdict::fail);
  EXPECT_FALSE(odd.diagnosis.lost);
  ASSERT_FALSE(odd.diagnosis.problems.empty());
  EXPECT_THAT(odd.diagnosis.problems[0], HasSubstr("lost rows: the profile's natural_keys"));

  for (const auto& w : warnings) EXPECT_EQ(w.confirmed, std::optional<bool>(true)) << w.table;
}

TEST_F(Diagnose, ContentExcludeLeavesAColumnOutOfEveryContentCheck) {
  TempDir work;
  auto res = results();
  std::vector<EarlyWarning> warnings;
  DiagnoseInputs in = inputs(work, ContentCheck::fail);
  in.content_exclude = {"a", "b"};
  diagnose(in, res, warnings);
  TableResult& swapped = table(res, "swapped");
  EXPECT_EQ(swapped.content, Content::same);
  EXPECT_EQ(swapped.verdict, Verdict::pass);
}

// The upgrade's evidence on real databases: rel is the released collection, neu its upgraded
// copy, and "fresh" a fresh install of the new version (neu's schema, one column more on
// app.same).
TEST_F(Diagnose, TheUpgradesEvidenceRowsContentAndSchema) {
  cluster().exec("drop database if exists fresh");
  cluster().exec("create database fresh template neu");
  cluster().exec("alter table app.same add column extra int", "fresh");
  TempDir work;
  const auto released = count_tables(cluster().params("rel"), {"app"});
  const auto upgraded = count_tables(cluster().params("neu"), {"app"});
  const auto fresh = count_tables(cluster().params("fresh"), {"app"});
  auto rows = compare_upgrade(released, {upgraded}, fresh);  // written not counted: read all
  UpgradeInputs in;
  in.released = cluster().params("rel");
  in.upgraded = cluster().params("neu");
  in.fresh = cluster().params("fresh");
  in.schemas = {"app"};
  in.work_dir = work.path();
  in.sample = 3;
  in.content_exclude = {"at"};
  diagnose_upgrade(in, rows);
  const auto row = [&](const std::string& name) -> const TableUpgrade& {
    for (const auto& r : rows) {
      if (r.table == name) return r.upgrade;
    }
    throw std::runtime_error("no row " + name);
  };
  const TableUpgrade& children = row("children");
  EXPECT_EQ(children.verdict, Verdict::fail);
  ASSERT_TRUE(children.lost);
  EXPECT_EQ(children.lost->total, 25);
  EXPECT_EQ(children.lost->file, (work.path() / "upgrade-lost" / "app.children.csv").string());
  EXPECT_TRUE(children.schema.empty());
  const TableUpgrade& swapped = row("swapped");
  EXPECT_EQ(swapped.verdict, Verdict::flag);
  EXPECT_EQ(swapped.content, Content::changed);
  EXPECT_EQ(swapped.changed_columns, (std::vector<std::string>{"a", "b"}));
  ASSERT_TRUE(swapped.changed);
  EXPECT_EQ(swapped.changed->total, 49);
  const TableUpgrade& dropped = row("dropped");
  EXPECT_EQ(dropped.verdict, Verdict::fail);
  ASSERT_TRUE(dropped.lost);
  EXPECT_EQ(dropped.lost->total, 3);
  const TableUpgrade& same = row("same");
  EXPECT_EQ(same.content, Content::same);
  ASSERT_EQ(same.schema.size(), 1u);
  EXPECT_EQ(same.schema[0].code, "UPGRADE_COLUMN_MISSING");
  EXPECT_EQ(same.schema[0].subject, "extra");
  EXPECT_EQ(same.verdict, Verdict::fail);
  for (const auto& r : rows) EXPECT_TRUE(r.upgrade.problems.empty()) << r.table;
}

// A TEMPLATE copy keeps each table's file; rows written after a transaction id are counted in
// the same scan as the rows, so a table nobody wrote to is proven untouched without reading it.
TEST_F(Diagnose, ACopyNobodyWroteToIsProvenUntouched) {
  cluster().exec("drop database if exists copied");
  cluster().exec("create database copied template neu");
  const std::string since = current_xid(cluster().params("copied"));
  cluster().exec("update app.same set name = name where id = 1", "copied");
  const auto before = count_tables(cluster().params("neu"), {"app"});
  const auto after = count_tables(cluster().params("copied"), {"app"}, since);
  for (const auto& r : compare_upgrade(before, {after}, {})) {
    EXPECT_EQ(r.untouched, r.table != "same") << r.table;
  }
  for (const auto& t : after) EXPECT_EQ(t.written, t.table == "same" ? 1 : 0) << t.table;
}

TEST_F(Diagnose, UnreadableCatalogKeepsTheVerdicts) {
  TempDir work;
  auto res = results();
  auto in = inputs(work, ContentCheck::on);
  in.released.dbname = "no_such_database";
  std::vector<EarlyWarning> warnings = {
      {"app", "same", {"CHECK_ADDED", "c", {"name"}, "", ""}, std::nullopt}};
  diagnose(in, res, warnings);
  for (const auto& r : res) {
    EXPECT_EQ(r.verdict, expected_verdict(r, ContentCheck::off)) << r.table;
    if (r.verdict == Verdict::fail) {
      ASSERT_FALSE(r.diagnosis.problems.empty()) << r.table;
      EXPECT_THAT(r.diagnosis.problems[0], HasSubstr("schema delta: "));
      EXPECT_EQ(r.diagnosis.log.size(), 2u);  // the logs are still read
    }
    EXPECT_EQ(r.content, Content::not_compared) << r.table;
  }
  EXPECT_EQ(warnings[0].confirmed, std::optional<bool>(false));
}

TEST(SamplePath, SafeNames) {
  EXPECT_EQ(sample_path("/w", "app", "children"), std::filesystem::path("/w/app.children.csv"));
  const auto odd = sample_path("/w", "app", "Tag Labels").filename().string();
  EXPECT_EQ(odd.rfind("app.Tag_Labels_", 0), 0u) << odd;
  EXPECT_NE(sample_path("/w", "a", "x y"), sample_path("/w", "a", "x_y"));
  EXPECT_EQ(sample_path("/w", "..", "x").parent_path(), std::filesystem::path("/w"));
}

}  // namespace
}  // namespace dt
