// Table discovery and exact counts against a throwaway PostgreSQL.
#include "counts.hpp"

#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "pg_cluster.hpp"
#include "util/error.hpp"

namespace {

class Counts : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cluster_ = std::make_unique<dt::PgCluster>();
    cluster_->exec("create database counts");
    cluster_->exec(R"sql(
      create schema app;
      create schema ops;
      create schema "Ä b""c";
      create schema other;
      create table app.plain (id int);
      insert into app.plain select generate_series(1, 7);
      create table app.empty (id int);
      create table app.events (id int, at date not null) partition by range (at);
      create table app.events_2023 partition of app.events
        for values from ('2023-01-01') to ('2024-01-01');
      create table app.events_2024 partition of app.events
        for values from ('2024-01-01') to ('2025-01-01');
      insert into app.events values (1, '2023-05-01'), (2, '2023-06-01'), (3, '2024-02-02');
      create view app.plain_view as select * from app.plain;
      create materialized view app.plain_mat as select * from app.plain;
      create table ops."Ä b""c" (x text);
      insert into ops."Ä b""c" values ('a'), ('b');
      create table ops."Zeta" (x int);
      insert into ops."Zeta" values (1);
      create table ops.alpha (x int);
      create table "Ä b""c"."Mixed Case" (x int);
      insert into "Ä b""c"."Mixed Case" select generate_series(1, 1000);
      create table other.not_listed (x int);
      insert into other.not_listed values (1);
      create unlogged table app.unlogged (x int);
      insert into app.unlogged values (1), (2);
    )sql",
                   "counts");
  }
  static void TearDownTestSuite() { cluster_.reset(); }

  static std::unique_ptr<dt::PgCluster> cluster_;
};

std::unique_ptr<dt::PgCluster> Counts::cluster_;

std::vector<std::string> names(const std::vector<dt::TableCount>& tables) {
  std::vector<std::string> out;
  for (const auto& t : tables) out.push_back(t.schema + "|" + t.table);
  return out;
}

TEST_F(Counts, DiscoversBaseTablesOnlyInByteOrder) {
  const auto tables =
      dt::discover_tables(cluster_->params("counts"), {"ops", "app", "Ä b\"c", "missing_schema"});
  const std::vector<std::string> expected = {
      "app|empty",    "app|events", "app|events_2023", "app|events_2024", "app|plain",
      "app|unlogged", "ops|Zeta",   "ops|alpha",       "ops|Ä b\"c",      "Ä b\"c|Mixed Case"};
  EXPECT_EQ(names(tables), expected);
  for (const auto& t : tables) EXPECT_EQ(t.rows, 0) << t.table;
}

TEST_F(Counts, CountsExactlyWithQuotedNames) {
  const auto tables = dt::count_tables(cluster_->params("counts"), {"app", "ops", "Ä b\"c"});
  std::vector<std::string> got;
  for (const auto& t : tables)
    got.push_back(t.schema + "|" + t.table + "=" + std::to_string(t.rows));
  const std::vector<std::string> expected = {
      "app|empty=0",  "app|events=3",          "app|events_2023=2", "app|events_2024=1",
      "app|plain=7",  "app|unlogged=2",        "ops|Zeta=1",        "ops|alpha=0",
      "ops|Ä b\"c=2", "Ä b\"c|Mixed Case=1000"};
  EXPECT_EQ(got, expected);
}

std::vector<std::string> counted(const std::vector<dt::TableCount>& tables) {
  std::vector<std::string> out;
  for (const auto& t : tables) {
    out.push_back(t.schema + "|" + t.table + "=" + std::to_string(t.rows) + "/" +
                  std::to_string(t.written));
  }
  return out;
}

TEST_F(Counts, TwoSessionsCountWhatOneCounts) {
  const auto params = cluster_->params("counts");
  const std::vector<std::string> schemas = {"app", "ops", "Ä b\"c"};
  const std::string since = dt::current_xid(params);
  cluster_->exec("insert into app.plain values (100)", "counts");
  const auto one = dt::count_tables(params, schemas, since, std::numeric_limits<long long>::max());
  const auto two = dt::count_tables(params, schemas, since, 0);
  cluster_->exec("delete from app.plain where id = 100", "counts");
  EXPECT_EQ(counted(two), counted(one));
  ASSERT_EQ(two.size(), 10U);
  EXPECT_EQ(two[4].table, "plain");
  EXPECT_EQ(two[4].rows, 8);
  EXPECT_EQ(two[4].written, 1);
}

TEST_F(Counts, ARoleAllowedOneSessionIsCountedInOne) {
  auto params = cluster_->params("counts");
  cluster_->exec("create role one_session login connection limit 1 password '" + params.password +
                 "'");
  cluster_->exec(
      "grant usage on schema app to one_session; grant select on all tables in schema "
      "app to one_session",
      "counts");
  params.user = "one_session";
  const auto tables = dt::count_tables(params, {"app"}, "", 0);
  cluster_->exec("drop owned by one_session", "counts");
  cluster_->exec("drop role one_session");
  std::vector<std::string> got;
  for (const auto& t : tables) got.push_back(t.table + "=" + std::to_string(t.rows));
  const std::vector<std::string> expected = {"empty=0",       "events=3", "events_2023=2",
                                             "events_2024=1", "plain=7",  "unlogged=2"};
  EXPECT_EQ(got, expected);
}

TEST_F(Counts, NoSchemasOrMissingSchemasGiveNoTables) {
  EXPECT_TRUE(dt::count_tables(cluster_->params("counts"), {}).empty());
  EXPECT_TRUE(dt::count_tables(cluster_->params("counts"), {"nope", "APP"}).empty());
}

TEST_F(Counts, MissingDatabaseIsAnError) {
  try {
    dt::count_tables(cluster_->params("no_such_db"), {"app"});
    FAIL() << "expected dt::Error";
  } catch (const dt::Error& e) {
    EXPECT_NE(std::string(e.what()).find("no_such_db"), std::string::npos) << e.what();
  }
}

}  // namespace
