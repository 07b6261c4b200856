#include "pg_cluster.hpp"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>
#include <pqxx/pqxx>

#include "util/error.hpp"
#include "util/proc.hpp"
#include "util/process.hpp"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

int select_one(const dt::ConnParams& params) {
  pqxx::connection conn(dt::to_conninfo(params));
  pqxx::nontransaction tx(conn);
  return tx.exec1("select 1")[0].as<int>();
}

// Waits, up to a liveness deadline, until done() holds.
template <class Done>
bool eventually(Done done) {
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(50ms);
  }
  return true;
}

TEST(PgCluster, StartsAndAcceptsConnections) {
  dt::PgCluster cluster;
  EXPECT_TRUE(fs::is_directory(cluster.dir()));
  EXPECT_GT(cluster.port(), 0);
  EXPECT_TRUE(dt::proc::alive(cluster.server_pid()));
  EXPECT_EQ(select_one(cluster.params()), 1);
  cluster.exec("create database app");
  cluster.exec("create table t (x int); insert into t values (1), (2)", "app");
  pqxx::connection conn(dt::to_conninfo(cluster.params("app")));
  pqxx::nontransaction tx(conn);
  EXPECT_EQ(tx.exec1("select count(*) from t")[0].as<int>(), 2);
}

// Once a cluster's passwords are registered secrets, the next cluster from the same template
// must still start (reading the template's password file must not pass through scrubbing).
TEST(PgCluster, SeveralClustersInOneProcess) {
  for (int i = 0; i < 3; ++i) {
    dt::PgCluster cluster;
    EXPECT_EQ(select_one(cluster.params()), 1) << "cluster " << i;
  }
  dt::PgCluster first;
  dt::PgCluster second;
  EXPECT_NE(first.port(), second.port());
  EXPECT_EQ(select_one(first.params()), 1);
  EXPECT_EQ(select_one(second.params()), 1);
}

TEST(PgCluster, PasswordIsEnforced) {
  dt::PgCluster cluster;
  dt::ConnParams wrong = cluster.params();
  wrong.password = "not-the-password";
  EXPECT_THROW(select_one(wrong), pqxx::broken_connection);
  dt::ConnParams none = cluster.params();
  none.password.clear();
  EXPECT_THROW(select_one(none), pqxx::broken_connection);
  EXPECT_EQ(select_one(cluster.params()), 1);
}

TEST(PgCluster, GivenSuperuserAndPasswordOverTcp) {
  dt::ClusterOptions options;
  options.tcp = true;
  options.superuser = "dt_admin";
  options.password = "given-password-42";
  dt::PgCluster cluster(options);
  dt::ConnParams tcp = cluster.params();
  tcp.host = "127.0.0.1";
  EXPECT_EQ(tcp.password, "given-password-42");
  pqxx::connection conn(dt::to_conninfo(tcp));
  pqxx::nontransaction tx(conn);
  EXPECT_EQ(tx.exec1("select current_user")[0].as<std::string>(), "dt_admin");
  tcp.password = "wrong-password";
  EXPECT_THROW(select_one(tcp), pqxx::broken_connection);
}

TEST(PgCluster, UnusualSuperuserNameIsInitdbedDirectly) {
  dt::ClusterOptions options;
  options.superuser = "data-test admin";  // not usable in a template's file name
  dt::PgCluster cluster(options);
  EXPECT_EQ(select_one(cluster.params()), 1);
}

TEST(PgCluster, EverythingIsGoneAfterDestruction) {
  fs::path dir;
  pid_t server = 0;
  {
    dt::PgCluster cluster;
    dir = cluster.dir();
    server = cluster.server_pid();
    // A connection still open does not keep the server up.
    pqxx::connection conn(dt::to_conninfo(cluster.params()));
    ASSERT_TRUE(dt::proc::alive(server));
  }
  EXPECT_FALSE(fs::exists(dir));
  EXPECT_FALSE(dt::proc::alive(server));
}

TEST(PgCluster, SqlErrorsAreDtErrors) {
  dt::PgCluster cluster;
  EXPECT_THROW(cluster.exec("select * from no_such_table"), dt::Error);
}

TEST(PgCluster, BindirIsFound) {
  const fs::path bindir = dt::pg_bindir();
  EXPECT_TRUE(fs::exists(bindir / "initdb"));
  EXPECT_TRUE(fs::exists(bindir / "pg_ctl"));
}

// A child process owns a cluster and is killed by sig without running any destructor code
// of ours (no dt::signals handlers): the reaper must stop the server and remove the directory.
class PgClusterKilled : public ::testing::TestWithParam<int> {};

TEST_P(PgClusterKilled, ReaperCleansUp) {
  const int sig = GetParam();
  std::string pattern = (fs::temp_directory_path() / "data-test-pgkill-XXXXXX").string();
  ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
  const fs::path work = pattern;
  const fs::path info = work / "info";

  std::fflush(nullptr);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    try {
      dt::PgCluster cluster;
      {
        std::ofstream out(work / "info.tmp");
        out << cluster.dir().string() << '\n' << cluster.server_pid() << '\n';
      }
      fs::rename(work / "info.tmp", info);
      for (;;) ::pause();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "child: %s\n", e.what());
      ::_exit(1);
    }
  }

  const bool started = eventually([&] { return fs::exists(info); });
  ::kill(child, sig);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(started) << "the child did not start a cluster";
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == sig);

  std::ifstream in(info);
  std::string dir_line;
  pid_t server = 0;
  std::getline(in, dir_line);
  in >> server;
  const fs::path dir = dir_line;
  ASSERT_FALSE(dir.empty());
  ASSERT_GT(server, 0);
  EXPECT_TRUE(eventually([&] { return !dt::proc::alive(server); }))
      << "postmaster " << server << " still runs";
  EXPECT_TRUE(eventually([&] { return !fs::exists(dir); })) << dir << " still exists";
  fs::remove_all(work);
}

INSTANTIATE_TEST_SUITE_P(Signals, PgClusterKilled, ::testing::Values(SIGTERM, SIGINT, SIGKILL),
                         [](const ::testing::TestParamInfo<int>& p) {
                           return p.param == SIGTERM  ? std::string("SIGTERM")
                                  : p.param == SIGINT ? std::string("SIGINT")
                                                      : std::string("SIGKILL");
                         });

}  // namespace
