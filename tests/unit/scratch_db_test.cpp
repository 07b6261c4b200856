// Scratch databases on a throwaway server: created and marked with the run as owner, dropped
// through reclaim, and never when the proof fails — an unmarked database, the primary (by oid,
// --force-drop or not), PostgreSQL's own, a database a live run marked, a name with a NUL.
#include "scratch_db.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "core/model.hpp"
#include "core/reclaim.hpp"
#include "support/cluster.hpp"
#include "util/proc.hpp"

namespace dt {
namespace {

using testing_support::ClusterTest;
using testing_support::has;

class ScratchDb : public ClusterTest {
 protected:
  static Mark mark(const std::string& side = "released") {
    Mark m;
    m.owner = this_run();
    m.side = side;
    m.profile = "unit";
    m.created = utc_now_iso();
    return m;
  }
  static std::string comment_of(const std::string& name) {
    const auto rows = query(
        "select coalesce(shobj_description(oid, 'pg_database'), '') from pg_database where "
        "datname = '" +
        name + "'");
    return rows.empty() ? "" : rows[0][0];
  }
};

TEST_F(ScratchDb, CreatesMarksWithTheOwnerAndDrops) {
  ServerSession server(cluster().params());
  {
    ScratchDatabase db(server, "scratch_one", mark(), false);
    EXPECT_TRUE(db_exists("scratch_one"));
    const auto parsed = parse_mark(comment_of("scratch_one"));
    ASSERT_TRUE(parsed.has_value()) << comment_of("scratch_one");
    EXPECT_EQ(parsed->owner.run, this_run().run);
    EXPECT_EQ(parsed->owner.pid, ::getpid());
    EXPECT_EQ(parsed->owner.host, this_run().host);
    EXPECT_EQ(parsed->side, "released");
    EXPECT_TRUE(server.holds("scratch_one"));
  }
  EXPECT_FALSE(db_exists("scratch_one"));
}

TEST_F(ScratchDb, KeepLeavesItAndTheNextRunReplacesItsOwnLeftover) {
  {
    ServerSession server(cluster().params());
    ScratchDatabase db(server, "scratch_kept", mark(), false);
    db.keep();
  }
  EXPECT_TRUE(db_exists("scratch_kept"));
  query("create table leftover (x int)", "scratch_kept");
  ServerSession server(cluster().params());
  {
    ScratchDatabase db(server, "scratch_kept", mark(), false);
    EXPECT_TRUE(query("select 1 from pg_class where relname = 'leftover'", "scratch_kept").empty());
  }
  EXPECT_FALSE(db_exists("scratch_kept"));
}

TEST_F(ScratchDb, UnmarkedDatabaseIsRefusedUntilForceDrop) {
  cluster().exec("create database precious");
  query("create table keepme (x int)", "precious");
  ServerSession server(cluster().params());
  std::string msg = error_of([&] { ScratchDatabase db(server, "precious", mark(), false); });
  EXPECT_TRUE(has(msg, "refusing to drop database 'precious'")) << msg;
  EXPECT_TRUE(has(msg, "not created by data-test (no scratch mark)")) << msg;
  EXPECT_TRUE(has(msg, "--force-drop")) << msg;
  EXPECT_FALSE(query("select 1 from pg_class where relname = 'keepme'", "precious").empty());
  // A comment that merely mentions the mark later on is not the mark.
  cluster().exec(std::string("comment on database precious is 'not a ") +
                 std::string(kScratchMark) + "'");
  EXPECT_THROW(drop_scratch(server, "precious", false), Error);
  EXPECT_TRUE(db_exists("precious"));
  // --force-drop takes it, even with a session connected to it.
  auto open = db::connect(cluster().params("precious"));
  { ScratchDatabase db(server, "precious", mark(), true); }
  EXPECT_FALSE(db_exists("precious"));
}

TEST_F(ScratchDb, ThePrimaryIsNeverDroppedWhateverItsNameOrMark) {
  cluster().exec("create database operator_primary");
  query("create table keys (token text)", "operator_primary");
  // Even marked (a restored dump of a scratch database) and with --force-drop.
  cluster().exec(
      "comment on database operator_primary is "
      "'" +
      render_mark(mark()) + "'");
  ServerSession server(cluster().params("operator_primary"));
  for (bool force : {false, true}) {
    const std::string msg = error_of([&] { drop_scratch(server, "operator_primary", force); });
    EXPECT_TRUE(has(msg, "it is the primary database of the config")) << msg;
    EXPECT_TRUE(db_exists("operator_primary"));
  }
}

TEST_F(ScratchDb, SystemDatabasesAndBadNamesAreNeverDropped) {
  ServerSession server(cluster().params());
  for (const char* name : {"postgres", "template1", "template0"}) {
    EXPECT_THROW(drop_scratch(server, name, true), Error) << name;
    EXPECT_TRUE(db_exists(name));
  }
  cluster().exec("create database nul_target");
  const std::string with_nul("nul_target\0_scratch", 19);
  const std::string msg = error_of([&] {
    reclaim::reclaim(reclaim::Database{&server, with_nul, true});
  });
  EXPECT_TRUE(has(msg, "not a valid scratch name")) << msg;
  EXPECT_TRUE(db_exists("nul_target"));
}

TEST_F(ScratchDb, ADatabaseALiveRunMarkedIsNeverDropped) {
  // Another run on this host: a live process with its own start time.
  const pid_t other = ::fork();
  if (other == 0) {
    ::pause();
    ::_exit(0);
  }
  Mark theirs = mark("new");
  theirs.owner.run = "0123456789abcdef";
  theirs.owner.pid = other;
  theirs.owner.start_ticks = proc::stat(other)->start_ticks;
  cluster().exec("create database live_owned");
  cluster().exec("comment on database live_owned is '" + render_mark(theirs) + "'");
  ServerSession server(cluster().params());
  for (bool force : {false, true}) {
    const std::string msg = error_of([&] { drop_scratch(server, "live_owned", force); });
    EXPECT_TRUE(has(msg, "the data-test run that made it still runs")) << msg;
    EXPECT_TRUE(db_exists("live_owned"));
  }
  ::kill(other, SIGKILL);
  ::waitpid(other, nullptr, 0);
  // Its maker is gone: a leftover now, and ours to drop.
  EXPECT_TRUE(drop_scratch(server, "live_owned", false));
  EXPECT_FALSE(db_exists("live_owned"));
}

TEST_F(ScratchDb, ADatabaseWhoseLockAnotherRunHoldsIsRefused) {
  ServerSession holder(cluster().params());
  ScratchDatabase db(holder, "held_elsewhere", mark(), false);
  ServerSession second(cluster().params());
  const std::string msg = error_of([&] { drop_scratch(second, "held_elsewhere", true); });
  EXPECT_TRUE(has(msg, "another data-test run")) << msg;
  EXPECT_TRUE(db_exists("held_elsewhere"));
}

TEST_F(ScratchDb, ALostLockStopsTheDropUntilTakenAgain) {
  ServerSession server(cluster().params());
  auto db = std::make_unique<ScratchDatabase>(server, "scratch_relock", mark(), false);
  cluster().exec(
      "select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and "
      "pid <> pg_backend_pid()");
  EXPECT_THROW(reclaim::reclaim(reclaim::Database{&server, "scratch_relock", false}), LockLost);
  EXPECT_TRUE(db_exists("scratch_relock"));
  // The guard takes the lock again and, the mark being this run's, drops it.
  db.reset();
  EXPECT_FALSE(db_exists("scratch_relock"));
}

}  // namespace
}  // namespace dt
