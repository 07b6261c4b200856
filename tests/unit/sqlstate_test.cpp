// Issue 26: errors are classified by type and SQLSTATE, never by their words. The SQLSTATEs
// data-test acts on (db/sqlstate.hpp), and libpqxx's exceptions turned into causes by
// db::rethrow, with no server needed.
#include "db/sqlstate.hpp"

#include <string>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "core/server.hpp"
#include "db/connection.hpp"
#include "db/rethrow.hpp"

namespace dt::db {
namespace {

// What db::rethrow makes of ex, thrown and caught as libpqxx would throw it.
template <typename Exception>
QueryError translated(const Exception& ex) {
  try {
    try {
      throw ex;
    } catch (...) {
      rethrow("a test statement");
    }
  } catch (const QueryError& e) {
    return e;
  }
  ADD_FAILURE() << "no QueryError";
  return QueryError("", "", Cause::failed);
}

TEST(Sqlstate, TheCodesDataTestActsOnHaveTheirCause) {
  EXPECT_EQ(sqlstate::cause_of("57014"), Cause::query_canceled);
  EXPECT_EQ(sqlstate::cause_of("57P01"), Cause::connection_lost);  // admin_shutdown
  EXPECT_EQ(sqlstate::cause_of("57P02"), Cause::connection_lost);  // crash_shutdown
  EXPECT_EQ(sqlstate::cause_of("57P03"), Cause::connection_lost);  // cannot_connect_now
  EXPECT_EQ(sqlstate::cause_of("08006"), Cause::connection_lost);  // connection_failure
  EXPECT_EQ(sqlstate::cause_of("08P01"), Cause::connection_lost);  // protocol_violation
}

TEST(Sqlstate, EveryOtherCodeIsOnlyAFailure) {
  for (const char* code : {"42P01", "23505", "53100", "57000", "0A000", "", "08", "57014x"}) {
    EXPECT_EQ(sqlstate::cause_of(code), Cause::failed) << code;
  }
}

TEST(Rethrow, ACancelledStatementIsQueryCanceledByItsSqlstateNotItsWords) {
  const QueryError e =
      translated(pqxx::sql_error("ERROR:  words that name nothing\n", "select 1", "57014"));
  EXPECT_EQ(e.cause(), Cause::query_canceled);
  EXPECT_EQ(e.sqlstate(), "57014");
  EXPECT_FALSE(e.connection_lost());
  EXPECT_EQ(std::string(e.what()), "a test statement: words that name nothing");
}

TEST(Rethrow, AnAdminShutdownIsALostConnection) {
  const QueryError e = translated(pqxx::sql_error(
      "FATAL:  terminating connection due to administrator command\n", "select 1", "57P01"));
  EXPECT_EQ(e.cause(), Cause::connection_lost);
  EXPECT_TRUE(e.connection_lost());
  EXPECT_EQ(e.sqlstate(), "57P01");
}

TEST(Rethrow, ABrokenConnectionIsALostConnectionWithoutSqlstate) {
  const QueryError e = translated(pqxx::broken_connection("server closed the connection"));
  EXPECT_EQ(e.cause(), Cause::connection_lost);
  EXPECT_EQ(e.sqlstate(), "");
  EXPECT_EQ(std::string(e.what()),
            "a test statement: the connection to the server was lost (server closed the "
            "connection)");
}

TEST(Rethrow, AnyOtherServerErrorIsAFailureThatKeepsItsSqlstate) {
  const QueryError e = translated(
      pqxx::sql_error("ERROR:  relation \"t\" does not exist\n", "select * from t", "42P01"));
  EXPECT_EQ(e.cause(), Cause::failed);
  EXPECT_FALSE(e.connection_lost());
  EXPECT_EQ(e.sqlstate(), "42P01");
}

TEST(ErrorCause, PlainErrorsFailAndALostLockSaysSo) {
  EXPECT_EQ(Error("x").cause(), Cause::failed);
  EXPECT_EQ(Error(std::string("x"), Cause::input).cause(), Cause::input);
  const LockLost lost("lost the lock");
  EXPECT_EQ(lost.cause(), Cause::lock_lost);
  EXPECT_EQ(std::string(lost.what()), "lost the lock");
}

}  // namespace
}  // namespace dt::db
