// The server session: connecting (and why it fails), one advisory lock per scratch name, the
// primary's identity, CREATEDB, and a lock lost when the session's backend goes away.
#include "core/server.hpp"

#include <gtest/gtest.h>

#include "support/cluster.hpp"

namespace dt {
namespace {

using testing_support::ClusterTest;
using testing_support::has;

class Server : public ClusterTest {};

TEST_F(Server, KnowsThePrimaryByWhatTheServerReports) {
  cluster().exec("create database server_primary");
  ServerSession server(cluster().params("server_primary"));
  EXPECT_EQ(server.primary_name(), "server_primary");
  EXPECT_EQ(server.oid_of("server_primary"), server.primary_oid());
  EXPECT_FALSE(server.oid_of("no_such_database").has_value());
}

TEST_F(Server, OneLockPerScratchName) {
  ServerSession first(cluster().params());
  ServerSession second(cluster().params());
  first.lock("shared_x");
  first.lock("shared_y");
  EXPECT_TRUE(first.holds("shared_x"));
  // Another run using X with another partner is refused: the lock is X's, not the pair's.
  const std::string msg = error_of([&] { second.lock("shared_x"); });
  EXPECT_TRUE(has(msg, "another data-test run")) << msg;
  EXPECT_TRUE(has(msg, "'shared_x'")) << msg;
  EXPECT_FALSE(second.holds("shared_x"));
  EXPECT_NO_THROW(second.lock("shared_z"));
  EXPECT_NO_THROW(first.require_locks("a test"));
}

TEST_F(Server, RunsWithDifferentPrimariesStillExcludeEachOther) {
  // Advisory locks live in one database: two runs whose configs name different primaries must
  // still meet on the same lock.
  cluster().exec("create database primary_a");
  cluster().exec("create database primary_b");
  ServerSession a(cluster().params("primary_a"));
  ServerSession b(cluster().params("primary_b"));
  a.lock("shared_across_primaries");
  EXPECT_THROW(b.lock("shared_across_primaries"), Error);
}

TEST_F(Server, LocksGoWithTheSession) {
  {
    ServerSession first(cluster().params());
    first.lock("released_with_session");
  }
  ServerSession again(cluster().params());
  EXPECT_NO_THROW(again.lock("released_with_session"));
}

TEST_F(Server, ATerminatedBackendIsALostLock) {
  ServerSession server(cluster().params());
  server.lock("lost_a");
  server.lock("lost_b");
  server.require_locks("a test");
  // An administrator (or a restart) ends the session that holds the locks.
  cluster().exec(
      "select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and "
      "pid <> pg_backend_pid()");
  try {
    server.require_locks("dropping 'lost_a'");
    FAIL() << "no LockLost";
  } catch (const LockLost& e) {
    const std::string msg = e.what();
    EXPECT_TRUE(has(msg, "lost the lock on the scratch databases 'lost_a', 'lost_b'")) << msg;
    EXPECT_TRUE(has(msg, "before dropping 'lost_a'")) << msg;
  }
  // For cleanup: the locks can be taken again when nobody else took them meanwhile.
  EXPECT_TRUE(server.relock());
  EXPECT_NO_THROW(server.require_locks("a test"));
  ServerSession other(cluster().params());
  EXPECT_THROW(other.lock("lost_a"), Error);
}

TEST_F(Server, RelockFailsWhenAnotherRunTookTheLock) {
  ServerSession server(cluster().params());
  server.lock("taken_meanwhile");
  cluster().exec(
      "select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and "
      "pid <> pg_backend_pid()");
  ServerSession thief(cluster().params());
  thief.lock("taken_meanwhile");
  EXPECT_FALSE(server.relock());
}

TEST_F(Server, RoleWithoutCreatedbIsTold) {
  cluster().exec("create role nocreate login password 'nocreate-pw-7731' nocreatedb");
  ConnParams params = cluster().params();
  params.user = "nocreate";
  params.password = "nocreate-pw-7731";
  ServerSession server(params);
  const std::string msg = error_of([&] { server.require_createdb(); });
  EXPECT_TRUE(has(msg, "role 'nocreate' lacks the CREATEDB privilege")) << msg;
  EXPECT_TRUE(has(msg, "ALTER ROLE \"nocreate\" CREATEDB")) << msg;
  cluster().exec("alter role nocreate createdb");
  EXPECT_NO_THROW(server.require_createdb());
}

TEST_F(Server, WrongPasswordIsToldWithoutThePassword) {
  ConnParams params = cluster().params();
  params.password = "wrong-secret-9f3e2d";
  const std::string msg = error_of([&] { ServerSession server(params); });
  EXPECT_TRUE(has(msg, "the server refused the login")) << msg;
  EXPECT_TRUE(has(msg, "database.user/password")) << msg;
  EXPECT_FALSE(has(msg, "wrong-secret-9f3e2d")) << msg;
  EXPECT_FALSE(has(msg, "\n")) << msg;
}

TEST_F(Server, MissingPasswordIsTold) {
  ConnParams params = cluster().params();
  params.password.clear();
  const std::string msg = error_of([&] { ServerSession server(params); });
  EXPECT_TRUE(has(msg, "the server asks for a password and the config has none")) << msg;
}

TEST_F(Server, MissingPrimaryDatabaseIsARefusalNotADeadServer) {
  const std::string msg = error_of([&] { ServerSession server(cluster().params("no_such_db")); });
  EXPECT_TRUE(has(msg, "the server refused the connection")) << msg;
  EXPECT_TRUE(has(msg, "no_such_db")) << msg;
}

TEST_F(Server, ServerDownIsTold) {
  ConnParams params = cluster().params();
  params.host = "/nonexistent/dt-socket-dir";
  const std::string msg = error_of([&] { ServerSession server(params); });
  EXPECT_TRUE(has(msg, "cannot connect to PostgreSQL at ")) << msg;
  EXPECT_TRUE(has(msg, "/nonexistent/dt-socket-dir")) << msg;
  EXPECT_TRUE(has(msg, "is the server running?")) << msg;
  EXPECT_FALSE(has(msg, params.password)) << msg;
}

}  // namespace
}  // namespace dt
