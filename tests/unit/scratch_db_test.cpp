// Scratch databases, the advisory lock and copy_rows against a throwaway PostgreSQL.
#include "scratch_db.hpp"
#include "copy_rows.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "pg_cluster.hpp"
#include "util/error.hpp"
#include "util/redact.hpp"

namespace {

// One server for the whole file: starting a cluster is the slow part.
class ScratchDb : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { cluster_ = std::make_unique<dt::PgCluster>(); }
  static void TearDownTestSuite() { cluster_.reset(); }

  static dt::PgCluster& cluster() { return *cluster_; }

  static pqxx::result query(const std::string& sql, const std::string& db = "postgres") {
    pqxx::connection c(dt::to_conninfo(cluster().params(db)));
    pqxx::nontransaction tx(c);
    return tx.exec(sql);
  }

  static bool db_exists(const std::string& name) {
    pqxx::connection c(dt::to_conninfo(cluster().params("postgres")));
    pqxx::nontransaction tx(c);
    return !tx.exec("select 1 from pg_database where datname = " + tx.quote(name)).empty();
  }

  static std::string error_of(const std::function<void()>& f) {
    try {
      f();
    } catch (const dt::Error& e) {
      return e.what();
    }
    ADD_FAILURE() << "expected dt::Error";
    return {};
  }

  static std::unique_ptr<dt::PgCluster> cluster_;
};

std::unique_ptr<dt::PgCluster> ScratchDb::cluster_;

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(ScratchDb, CreatesMarksAndDrops) {
  dt::ServerSession server(cluster().params("postgres"), "unit create");
  EXPECT_EQ(server.admin_params().dbname, "postgres");
  server.require_createdb();
  {
    dt::ScratchDatabase db(server, "scratch_one", "profile test, side released", false);
    EXPECT_EQ(db.name(), "scratch_one");
    EXPECT_TRUE(db_exists("scratch_one"));
    EXPECT_TRUE(server.exists("scratch_one"));
    EXPECT_TRUE(server.is_marked("scratch_one"));
    pqxx::result r = query(
        "select shobj_description(oid, 'pg_database') from pg_database "
        "where datname = 'scratch_one'");
    EXPECT_EQ(r[0][0].as<std::string>(),
              std::string(dt::kScratchMark) + " (profile test, side released)");
  }
  EXPECT_FALSE(db_exists("scratch_one"));
  EXPECT_FALSE(server.exists("scratch_one"));
  EXPECT_FALSE(server.is_marked("scratch_one"));
}

TEST_F(ScratchDb, RecreatesItsOwnLeftoverAndKeepsOnRequest) {
  dt::ServerSession server(cluster().params("postgres"), "unit keep");
  {
    dt::ScratchDatabase db(server, "scratch keep \"Ä\"", "first", false);
    query("create table leftover (x int)", "scratch keep \"Ä\"");
    db.keep();
  }
  ASSERT_TRUE(db_exists("scratch keep \"Ä\""));
  {
    // A marked leftover from an earlier run is dropped and created afresh.
    dt::ScratchDatabase db(server, "scratch keep \"Ä\"", "second", false);
    EXPECT_TRUE(query("select 1 from pg_class where relname = 'leftover'", db.name()).empty());
  }
  EXPECT_FALSE(db_exists("scratch keep \"Ä\""));
}

TEST_F(ScratchDb, RefusesToDropAnUnmarkedDatabase) {
  cluster().exec("create database precious");
  query("create table keepme (x int)", "precious");
  dt::ServerSession server(cluster().params("postgres"), "unit refuse");
  EXPECT_FALSE(server.is_marked("precious"));
  const std::string msg =
      error_of([&] { dt::ScratchDatabase db(server, "precious", "test", false); });
  EXPECT_TRUE(has(msg, "database 'precious' exists but was not created by data-test")) << msg;
  EXPECT_TRUE(has(msg, "--force-drop")) << msg;
  EXPECT_TRUE(db_exists("precious"));
  EXPECT_FALSE(query("select 1 from pg_class where relname = 'keepme'", "precious").empty());

  // A comment that merely mentions the mark later on is not the mark.
  cluster().exec(std::string("comment on database precious is 'not a ") + dt::kScratchMark + "'");
  EXPECT_FALSE(server.is_marked("precious"));
  EXPECT_THROW(server.drop_scratch("precious", false), dt::Error);
  EXPECT_TRUE(db_exists("precious"));

  // --force-drop takes it, even with a session connected to it.
  pqxx::connection open(dt::to_conninfo(cluster().params("precious")));
  {
    dt::ScratchDatabase db(server, "precious", "forced", true);
    EXPECT_TRUE(server.is_marked("precious"));
    EXPECT_TRUE(query("select 1 from pg_class where relname = 'keepme'", "precious").empty());
  }
  EXPECT_FALSE(db_exists("precious"));
}

TEST_F(ScratchDb, NeverDropsSystemDatabases) {
  dt::ServerSession server(cluster().params("postgres"), "unit system");
  for (const char* name : {"postgres", "template1"}) {
    EXPECT_THROW(server.drop_scratch(name, true), dt::Error) << name;
    EXPECT_TRUE(db_exists(name));
  }
}

TEST_F(ScratchDb, RoleWithoutCreatedbIsTold) {
  cluster().exec("create role nocreate login password 'nocreate-pw-7731' nocreatedb");
  dt::ConnParams params = cluster().params("postgres");
  params.user = "nocreate";
  params.password = "nocreate-pw-7731";
  dt::ServerSession server(params, "unit nocreatedb");
  const std::string msg = error_of([&] { server.require_createdb(); });
  EXPECT_TRUE(has(msg, "role 'nocreate' lacks the CREATEDB privilege")) << msg;
  EXPECT_TRUE(has(msg, "ALTER ROLE \"nocreate\" CREATEDB")) << msg;

  cluster().exec("alter role nocreate createdb");
  EXPECT_NO_THROW(server.require_createdb());
}

TEST_F(ScratchDb, WrongPasswordIsToldWithoutThePassword) {
  dt::ConnParams params = cluster().params("postgres");
  params.password = "wrong-secret-9f3e2d";
  const std::string msg = error_of([&] { dt::ServerSession server(params, "unit password"); });
  EXPECT_TRUE(has(msg, "password authentication failed for user '" + params.user + "'")) << msg;
  EXPECT_TRUE(has(msg, "database.user/password")) << msg;
  EXPECT_FALSE(has(msg, "wrong-secret-9f3e2d")) << msg;
  EXPECT_FALSE(has(msg, "\n")) << msg;
}

TEST_F(ScratchDb, ServerDownIsTold) {
  dt::ConnParams params = cluster().params("postgres");
  params.host = "/nonexistent/dt-socket-dir";
  const std::string msg = error_of([&] { dt::ServerSession server(params, "unit down"); });
  EXPECT_TRUE(has(msg, "cannot connect to PostgreSQL at ")) << msg;
  EXPECT_TRUE(has(msg, "/nonexistent/dt-socket-dir")) << msg;
  EXPECT_TRUE(has(msg, "is the server running?")) << msg;
  if (!params.password.empty()) {
    EXPECT_FALSE(has(msg, params.password)) << msg;
  }
}

TEST_F(ScratchDb, SecondRunWithTheSameLockIsRefused) {
  auto first =
      std::make_unique<dt::ServerSession>(cluster().params("postgres"), "released_db+new_db");
  const std::string msg = error_of(
      [&] { dt::ServerSession second(cluster().params("postgres"), "released_db+new_db"); });
  EXPECT_TRUE(has(msg, "another data-test run holds the lock for 'released_db+new_db'")) << msg;
  // A different lock name is a different run.
  EXPECT_NO_THROW(dt::ServerSession other(cluster().params("postgres"), "other_db+new_db"));
  first.reset();
  EXPECT_NO_THROW(dt::ServerSession again(cluster().params("postgres"), "released_db+new_db"));
}

TEST_F(ScratchDb, CopyRowsOverCommonColumns) {
  cluster().exec("create database primary_keys");
  cluster().exec(
      "create schema ops; "
      "create table ops.\"API keys\" (id int primary key, token text not null, "
      "label varchar(80), legacy text, created_by int)",
      "primary_keys");
  const std::vector<std::string> tokens = {"ghp_plainToken12345", "tab\there 'quote' \"dq\"",
                                           "line1\nline2\\backslash", "ünïcødé-键-🔑-token"};
  {
    pqxx::connection c(dt::to_conninfo(cluster().params("primary_keys")));
    pqxx::work tx(c);
    int id = 1;
    for (const std::string& t : tokens) {
      tx.exec("insert into ops.\"API keys\" values (" + std::to_string(id) + ", " + tx.quote(t) +
              ", " + (id == 2 ? std::string("null") : tx.quote("label " + std::to_string(id))) +
              ", 'old', 7)");
      ++id;
    }
    tx.commit();
  }
  dt::ServerSession server(cluster().params("postgres"), "unit copy");
  dt::ScratchDatabase scratch(server, "scratch_copy", "copy test", false);
  // The new version: no legacy column, columns in another order, a new one with a default.
  cluster().exec(
      "create schema ops; "
      "create table ops.\"API keys\" (label varchar(80), token text not null, id int primary "
      "key, added timestamptz not null default now(), kind text not null default 'github', "
      "doubled int generated always as (id * 2) stored)",
      "scratch_copy");

  for (const std::string& t : tokens) EXPECT_EQ(dt::redact::scrub(t), t);
  const long long rows = dt::copy_rows(cluster().params("primary_keys"),
                                       cluster().params("scratch_copy"), "ops.API keys");
  EXPECT_EQ(rows, 4);

  pqxx::result r = query(
      "select id, token, label, kind, doubled, added is not null from ops.\"API keys\" order by id",
      "scratch_copy");
  ASSERT_EQ(r.size(), 4u);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(r[i][0].as<int>(), i + 1);
    EXPECT_EQ(r[i][1].as<std::string>(), tokens[static_cast<std::size_t>(i)]);
    if (i == 1) {
      EXPECT_TRUE(r[i][2].is_null());
    } else {
      EXPECT_EQ(r[i][2].as<std::string>(), "label " + std::to_string(i + 1));
    }
    EXPECT_EQ(r[i][3].as<std::string>(), "github");
    EXPECT_EQ(r[i][4].as<int>(), 2 * (i + 1));
    EXPECT_TRUE(r[i][5].as<bool>());
  }
  // The credential column's values are now secrets; the other text columns (label, kind) are
  // not, so ordinary words such as "github" stay readable.
  for (const std::string& t : tokens) {
    EXPECT_EQ(dt::redact::scrub("key=" + t + ";"), "key=********;") << t;
  }
  EXPECT_EQ(dt::redact::scrub("label 3"), "label 3");
  EXPECT_EQ(dt::redact::scrub("https://github.com/x"), "https://github.com/x");
  EXPECT_EQ(dt::redact::scrub("id 1234"), "id 1234");
}

TEST_F(ScratchDb, WithoutACredentialNamedColumnEveryTextValueIsASecret) {
  cluster().exec("create database primary_plain");
  cluster().exec(
      "create schema ops; create table ops.keys (id int, value text, note text); "
      "insert into ops.keys values (1, 'plainvalue-7c1d', 'note-x9q2')",
      "primary_plain");
  dt::ServerSession server(cluster().params("postgres"), "unit copy plain");
  dt::ScratchDatabase scratch(server, "scratch_plain", "copy test", false);
  cluster().exec("create schema ops; create table ops.keys (id int, value text, note text)",
                 "scratch_plain");
  EXPECT_EQ(dt::copy_rows(cluster().params("primary_plain"), cluster().params("scratch_plain"),
                          "ops.keys"),
            1);
  EXPECT_EQ(dt::redact::scrub("plainvalue-7c1d note-x9q2"), "******** ********");
}

TEST_F(ScratchDb, CopyRowsNamesTheMissingTable) {
  cluster().exec("create database primary_empty");
  dt::ServerSession server(cluster().params("postgres"), "unit copy missing");
  dt::ScratchDatabase scratch(server, "scratch_missing", "copy test", false);
  std::string msg = error_of([&] {
    dt::copy_rows(cluster().params("primary_empty"), cluster().params("scratch_missing"),
                  "ops.api_keys");
  });
  EXPECT_TRUE(has(msg,
                  "key table 'ops.api_keys' not found in the primary database "
                  "'primary_empty'"))
      << msg;

  cluster().exec("create schema ops; create table ops.api_keys (token text)", "primary_empty");
  msg = error_of([&] {
    dt::copy_rows(cluster().params("primary_empty"), cluster().params("scratch_missing"),
                  "ops.api_keys");
  });
  EXPECT_TRUE(has(msg, "'ops.api_keys' not found in the scratch database 'scratch_missing'"))
      << msg;
  EXPECT_TRUE(has(msg, "migration")) << msg;

  // A view of that name is not a table either.
  cluster().exec("create schema ops; create view ops.api_keys as select 'x'::text as token",
                 "scratch_missing");
  EXPECT_THROW(dt::copy_rows(cluster().params("primary_empty"), cluster().params("scratch_missing"),
                             "ops.api_keys"),
               dt::Error);
}

}  // namespace
