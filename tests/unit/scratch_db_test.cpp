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
  // ALTER DATABASE ... RENAME, once the sessions a ServerSession opened in it have ended (their
  // backends exit after the client closes: waited for, bounded for liveness only).
  static void rename_database(const std::string& from, const std::string& to) {
    for (int i = 0; i < 600; ++i) {
      const auto left =
          query("select count(*) from pg_stat_activity where datname = '" + from + "'");
      if (left[0][0] == "0") break;
      ::usleep(50 * 1000);
    }
    cluster().exec("alter database " + from + " rename to " + to);
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

// The primary is known by its oid, never its name: renamed after the run started (to the
// profile's scratch name, marked as this run's), it is still refused, in every mode.
TEST_F(ScratchDb, ThePrimaryUnderAScratchNameIsRefusedByItsOid) {
  cluster().exec("create database renamed_primary");
  query("create table keys (token text)", "renamed_primary");
  ServerSession server(cluster().params("renamed_primary"));
  rename_database("renamed_primary", "example_released");
  cluster().exec("comment on database example_released is '" + render_mark(mark()) + "'");
  for (bool force : {false, true}) {
    const std::string msg = error_of([&] { drop_scratch(server, "example_released", force); });
    EXPECT_TRUE(has(msg, "it is the primary database of the config")) << msg;
    const std::string made =
        error_of([&] { ScratchDatabase db(server, "example_released", mark(), force); });
    EXPECT_TRUE(has(made, "it is the primary database of the config")) << made;
    EXPECT_TRUE(db_exists("example_released"));
  }
  const std::string adopted = error_of([&] {
    ScratchDatabase db(server, "example_released", mark(),
                       ScratchDatabase::Adopt{server.primary_oid(), this_run().run});
  });
  EXPECT_TRUE(has(adopted, "is the primary database of the config")) << adopted;
  EXPECT_TRUE(db_exists("example_released"));
}

// The other way round: the config's name now belongs to a database of this run, the primary
// having moved away. The oid says which is which: the leftover goes, the primary stays.
TEST_F(ScratchDb, TheConfigsNameOnAnotherDatabaseIsNotThePrimary) {
  cluster().exec("create database moved_primary");
  query("create table keys (token text)", "moved_primary");
  ServerSession server(cluster().params("moved_primary"));
  rename_database("moved_primary", "moved_primary_now");
  cluster().exec("create database moved_primary");
  cluster().exec("comment on database moved_primary is '" + render_mark(mark()) + "'");
  EXPECT_TRUE(drop_scratch(server, "moved_primary", false));
  EXPECT_FALSE(db_exists("moved_primary"));
  EXPECT_TRUE(db_exists("moved_primary_now"));
  const std::string msg = error_of([&] { drop_scratch(server, "moved_primary_now", true); });
  EXPECT_TRUE(has(msg, "it is the primary database of the config")) << msg;
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

// --resume adopts only the database the interrupted run collected: the same oid, a mark naming
// that run, its maker gone, and the lock held. Each refusal leaves the database and its mark.
class AdoptScratch : public ScratchDb {
 protected:
  void SetUp() override {
    ScratchDb::SetUp();
    const pid_t gone = ::fork();
    if (gone == 0) ::_exit(0);
    ::waitpid(gone, nullptr, 0);
    interrupted_ = mark();
    interrupted_.owner.run = "feedfacefeedface";
    interrupted_.owner.pid = gone;
    cluster().exec("drop database if exists resumed");
    cluster().exec("create database resumed");
    cluster().exec("comment on database resumed is '" + render_mark(interrupted_) + "'");
    oid_ = query("select oid::text from pg_database where datname = 'resumed'")[0][0];
  }
  std::string adopt_error(ServerSession& server, const std::string& name, const std::string& oid,
                          const std::string& run) {
    return error_of([&] {
      ScratchDatabase db(server, name, mark(), ScratchDatabase::Adopt{oid, run});
    });
  }
  void expect_untouched() {
    EXPECT_TRUE(db_exists("resumed"));
    const auto now = parse_mark(comment_of("resumed"));
    ASSERT_TRUE(now.has_value()) << comment_of("resumed");
    EXPECT_EQ(now->owner.run, interrupted_.owner.run);
  }
  Mark interrupted_;
  std::string oid_;
};

TEST_F(AdoptScratch, AnotherOidIsRefused) {
  ServerSession server(cluster().params());
  const std::string msg = adopt_error(server, "resumed", "1", interrupted_.owner.run);
  EXPECT_TRUE(has(msg, "is not the one the interrupted run collected")) << msg;
  expect_untouched();
  const std::string gone = adopt_error(server, "never_made", oid_, interrupted_.owner.run);
  EXPECT_TRUE(has(gone, "is not the one the interrupted run collected")) << gone;
}

TEST_F(AdoptScratch, AMarkOfAnotherRunIsRefused) {
  ServerSession server(cluster().params());
  const std::string msg = adopt_error(server, "resumed", oid_, "0123012301230123");
  EXPECT_TRUE(has(msg, "does not carry that run's mark")) << msg;
  expect_untouched();
  cluster().exec("comment on database resumed is null");
  const std::string unmarked = adopt_error(server, "resumed", oid_, interrupted_.owner.run);
  EXPECT_TRUE(has(unmarked, "does not carry that run's mark")) << unmarked;
  EXPECT_TRUE(db_exists("resumed"));
}

TEST_F(AdoptScratch, ARunThatStillRunsIsRefused) {
  const pid_t live = ::fork();
  if (live == 0) {
    ::pause();
    ::_exit(0);
  }
  Mark running = interrupted_;
  running.owner.pid = live;
  running.owner.start_ticks = proc::stat(live)->start_ticks;
  cluster().exec("comment on database resumed is '" + render_mark(running) + "'");
  ServerSession server(cluster().params());
  const std::string msg = adopt_error(server, "resumed", oid_, running.owner.run);
  ::kill(live, SIGKILL);
  ::waitpid(live, nullptr, 0);
  EXPECT_TRUE(has(msg, "belongs to a run that still runs")) << msg;
  EXPECT_TRUE(db_exists("resumed"));
}

TEST_F(AdoptScratch, ALockAnotherRunHoldsIsRefused) {
  ServerSession holder(cluster().params());
  holder.lock("resumed");
  ServerSession server(cluster().params());
  const std::string msg = adopt_error(server, "resumed", oid_, interrupted_.owner.run);
  EXPECT_TRUE(has(msg, "another data-test run")) << msg;
  expect_untouched();
}

TEST_F(AdoptScratch, TheProvenDatabaseIsAdoptedMarkedAndDroppedAtTheEnd) {
  ServerSession server(cluster().params());
  {
    ScratchDatabase db(server, "resumed", mark(),
                       ScratchDatabase::Adopt{oid_, interrupted_.owner.run});
    const auto now = parse_mark(comment_of("resumed"));
    ASSERT_TRUE(now.has_value());
    EXPECT_EQ(now->owner.run, this_run().run);
  }
  EXPECT_FALSE(db_exists("resumed"));
}

}  // namespace
}  // namespace dt
