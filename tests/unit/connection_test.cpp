// The database adapter on a throwaway server: rows as text with NULLs, errors with their
// SQLSTATE, one snapshot for several statements, COPY out and in, and a signal that cancels a
// running statement.
#include "db/connection.hpp"

#include <csignal>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "db/probe.hpp"
#include "support/cluster.hpp"
#include "util/signals.hpp"

namespace dt::db {
namespace {

using testing_support::ClusterTest;
using testing_support::has;

class Connection : public ClusterTest {};

TEST_F(Connection, RowsAsTextWithNulls) {
  auto conn = connect(cluster().params());
  const auto rows =
      conn->query("select 1, null::text, 'a''b' union all select 2, 'x', ''", "a test query");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], std::optional<std::string>("1"));
  EXPECT_FALSE(rows[0][1].has_value());
  EXPECT_EQ(rows[0][2], std::optional<std::string>("a'b"));
  EXPECT_EQ(rows[1][2], std::optional<std::string>(""));
  EXPECT_EQ(conn->scalar("select 'only'", "a test"), "only");
  EXPECT_EQ(conn->scalar("select 1 where false", "a test"), "");
  EXPECT_TRUE(conn->alive());
}

TEST_F(Connection, AFailedStatementNamesWhatAndCarriesItsSqlstate) {
  auto conn = connect(cluster().params());
  try {
    conn->query("select * from no_such_table", "reading the test table");
    FAIL() << "no error";
  } catch (const QueryError& e) {
    EXPECT_EQ(e.sqlstate(), "42P01");
    EXPECT_FALSE(e.connection_lost());
    EXPECT_TRUE(has(e.what(), "reading the test table: relation \"no_such_table\" does not exist"))
        << e.what();
  }
}

TEST_F(Connection, ATerminatedSessionIsALostConnection) {
  auto conn = connect(cluster().params());
  const std::string pid = conn->scalar("select pg_backend_pid()", "pid");
  cluster().exec("select pg_terminate_backend(" + pid + ")");
  try {
    conn->query("select 1", "after termination");
    FAIL() << "no error";
  } catch (const QueryError& e) {
    EXPECT_TRUE(e.connection_lost()) << e.what();
  }
  EXPECT_FALSE(conn->alive());
}

// Issue 23, item 1: whatever the database's or the role's default search_path says, and
// whatever another role planted in public, a session resolves only PostgreSQL's own functions.
TEST_F(Connection, EverySessionSearchesOnlyPgCatalogWithRowSecurityOff) {
  cluster().exec("create database safe_db");
  cluster().exec("alter database safe_db set search_path = public, pg_catalog");
  cluster().exec(
      "create function public.lower(text) returns text language sql as $$ select 'planted' $$",
      "safe_db");
  auto conn = connect(cluster().params("safe_db"));
  EXPECT_EQ(conn->scalar("show search_path", "search_path"), "pg_catalog, pg_temp");
  EXPECT_EQ(conn->scalar("show row_security", "row_security"), "off");
  EXPECT_EQ(conn->scalar("select lower('ABC')", "lower"), "abc");
}

// data-test's sessions search only pg_catalog (db/safe_session.hpp): tables are named with
// their schema, as every query of data-test's names them.
TEST_F(Connection, ASnapshotSeesOneStateOfTheData) {
  cluster().exec("create database snap_db");
  cluster().exec("create table t (x int); insert into t values (1)", "snap_db");
  auto conn = connect(cluster().params("snap_db"));
  {
    Snapshot snapshot(*conn);
    EXPECT_EQ(conn->scalar("select count(*) from public.t", "count"), "1");
    cluster().exec("insert into t values (2)", "snap_db");
    EXPECT_EQ(conn->scalar("select count(*) from public.t", "count"), "1");
  }
  EXPECT_EQ(conn->scalar("select count(*) from public.t", "count"), "2");
}

TEST_F(Connection, CopyOutAndIntoKeepEveryByte) {
  cluster().exec("create database copy_a");
  cluster().exec("create database copy_b");
  cluster().exec(
      "create table t (id int, v text); insert into t values (1, E'tab\\there'), "
      "(2, E'new\\nline'), (3, null), (4, 'ünï \\\\ back')",
      "copy_a");
  cluster().exec("create table t (id int, v text)", "copy_b");
  auto a = connect(cluster().params("copy_a"));
  auto b = connect(cluster().params("copy_b"));
  std::vector<std::string> lines;
  a->copy_out(
      "select id, v from public.t order by id", [&](std::string_view l) { lines.emplace_back(l); },
      "copying out");
  EXPECT_EQ(lines, (std::vector<std::string>{"1\ttab\\there", "2\tnew\\nline", "3\t\\N",
                                             "4\tünï \\\\\\\\ back"}));
  a->copy_into("select id, v from public.t", *b, "public.t", {"id", "v"}, "copying in");
  EXPECT_EQ(
      b->scalar("select string_agg(coalesce(v, '<null>'), '|' order by id) from public.t", "check"),
      "tab\there|new\nline|<null>|ünï \\\\ back");
}

// A COPY whose source fails half-way: the server's error, named once with its SQLSTATE, and not
// a row written; a failure of copy_out's caller is named as the stream's own are.
TEST_F(Connection, ACopyThatFailsHalfWayNamesWhatOnceAndWritesNothing) {
  cluster().exec("create database copy_fail");
  cluster().exec("create table t (id int, v int)", "copy_fail");
  auto conn = connect(cluster().params("copy_fail"));
  auto to = connect(cluster().params("copy_fail"));
  const std::string select = "select id, 10 / (5000 - id) from generate_series(1, 10000) id";
  try {
    conn->copy_into(select, *to, "public.t", {"id", "v"}, "copying in");
    FAIL() << "no error";
  } catch (const QueryError& e) {
    EXPECT_EQ(e.sqlstate(), "22012");
    EXPECT_EQ(std::string(e.what()).rfind("copying in: division by zero", 0), 0u) << e.what();
  }
  EXPECT_EQ(to->scalar("select count(*) from public.t", "count"), "0");
  long long seen = 0;
  try {
    conn->copy_out(
        "select 1 from generate_series(1, 10)",
        [&](std::string_view) {
          if (++seen == 3) throw Error("no room left");
        },
        "copying out");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "copying out: no room left");
  }
  EXPECT_EQ(seen, 3);
  EXPECT_EQ(conn->scalar("select 1", "after a COPY left half-way"), "1");
}

TEST_F(Connection, ASignalCancelsARunningStatement) {
  // In a child process: the pending signal would otherwise stay set for the other tests. Re-run
  // from exec ("threadsafe"), so that the child starts its own watchdog thread.
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const ConnParams params = cluster().params();
  EXPECT_EXIT(
      {
        signals::install();
        auto conn = connect(params);
        // The signal comes once the server shows the statement running, not after a guess.
        std::thread raiser([&params] {
          auto watcher = connect(params);
          for (int i = 0; i < 3000; ++i) {
            if (watcher->scalar("select count(*) from pg_catalog.pg_stat_activity where query = "
                                "'select pg_sleep(60)' and state = 'active'",
                                "watching") != "0") {
              break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
          }
          std::raise(SIGINT);
        });
        int code = 3;
        try {
          conn->query("select pg_sleep(60)", "sleeping");
        } catch (const Interrupted& e) {
          code = e.signal() == SIGINT ? 40 : 4;
        } catch (const std::exception&) {
          code = 5;
        }
        raiser.join();
        std::_Exit(code);
      },
      ::testing::ExitedWithCode(40), "");
}

TEST(ConnectTimeout, WholeSecondsFromTwoToAnHour) {
  using std::chrono::seconds;
  EXPECT_EQ(parse_connect_timeout(nullptr), seconds(30));
  EXPECT_EQ(parse_connect_timeout(""), seconds(30));
  EXPECT_EQ(parse_connect_timeout("2"), seconds(2));
  EXPECT_EQ(parse_connect_timeout("3600"), seconds(3600));
  for (const char* bad : {"0", "1", "3601", "-5", " 5", "+5", "5s", "5 ", "abc",
                          "9223372036854775808", "99999999999999999999999"}) {
    const std::string msg = [&] {
      try {
        parse_connect_timeout(bad);
      } catch (const Error& e) {
        return std::string(e.what());
      }
      return std::string("accepted");
    }();
    EXPECT_TRUE(has(msg, "is not a whole number of seconds from 2 to 3600")) << bad << ": " << msg;
  }
}

}  // namespace
}  // namespace dt::db
