// Run's order through the Backend seam, without git or PostgreSQL: what is acquired in which
// order, released in the reverse one on every path; partial reports on failures and signals;
// locks checked before the verdict; --keep-dbs.
#include "run/run.hpp"

#include <csignal>
#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/server.hpp"
#include "support/files.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/signals.hpp"

namespace dt {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing_support::read_file;
using testing_support::TempDir;

// Everything the fake saw, in order.
struct Journal {
  std::vector<std::string> events;
  std::string fail_at;  // throw dt::Error at this event
  bool interrupt_at_step = false;
  bool lose_lock_before_verdict = false;
  std::string oid;  // what db_oid answers ("": the database is not known)
  void add(const std::string& event) {
    events.push_back(event);
    if (event == fail_at) throw Error("injected failure at " + event);
  }
};

class FakeHeld : public Held {
 public:
  FakeHeld(Journal& journal, std::string name) : journal_(journal), name_(std::move(name)) {}
  ~FakeHeld() override { journal_.events.push_back((kept_ ? "keep " : "release ") + name_); }
  void keep() noexcept override { kept_ = true; }

 private:
  Journal& journal_;
  std::string name_;
  bool kept_ = false;
};

class FakeBackend : public Backend {
 public:
  explicit FakeBackend(Journal& journal) : j_(journal) {}
  void preflight(const Plan&, const std::vector<std::string>& names, std::size_t steps) override {
    std::string event = "preflight";
    for (const auto& name : names) event += " " + name;
    j_.add(event + " " + std::to_string(steps));
  }
  std::unique_ptr<Held> worktree(Plan&, const std::string& name) override {
    j_.add("worktree " + name);
    return std::make_unique<FakeHeld>(j_, "worktree");
  }
  void build(const Plan&, const Side& side) override { j_.add("build " + side.name); }
  std::unique_ptr<Held> scratch_db(const Plan&, const Side& side) override {
    j_.add("create " + side.scratch.dbname);
    return std::make_unique<FakeHeld>(j_, side.scratch.dbname);
  }
  std::unique_ptr<Held> adopt_db(const Plan&, const Side& side, const std::string& oid,
                                 const std::string& previous_run) override {
    j_.add("adopt " + side.scratch.dbname + " " + oid + " " + previous_run);
    return std::make_unique<FakeHeld>(j_, side.scratch.dbname);
  }
  std::string db_oid(const std::string&) override { return j_.oid; }
  void step(const Plan&, const Side& side, const StepRun& run) override {
    j_.add("step " + side.name + " " + std::to_string(run.index + 1) + "/" +
           std::to_string(run.total) + (run.repo ? " repo " + std::to_string(*run.repo) : ""));
    if (j_.interrupt_at_step) std::raise(SIGTERM);
  }
  std::vector<TableCount> tables(const Plan&, const Side& side, bool count) override {
    j_.add(std::string(count ? "count " : "list ") + side.name);
    return {{"s", "t", side.name == "released" ? 5 : 3}};
  }
  std::vector<RepoTableCounts> repo_counts(const Plan&, const Side&) override { return {}; }
  std::vector<EarlyWarning> early_warnings(const Plan&, const Side& released,
                                           const Side& fresh) override {
    j_.add("early warnings " + released.name + " " + fresh.name);
    return {{"s", "t", {"FK_ADDED", "t_fkey", {"a"}, "not deferrable", ""}, std::nullopt}};
  }
  void diagnose(const Plan&, const Side&, const Side&, std::vector<TableResult>& results,
                std::vector<EarlyWarning>& warnings) override {
    j_.add("diagnose " + std::to_string(results.size()));
    for (auto& w : warnings) w.confirmed = true;
  }
  void require_locks(std::string_view before) override {
    j_.add("locks before " + std::string(before));
    if (j_.lose_lock_before_verdict && before == "the verdict") throw LockLost("lost the lock");
  }
  void release_server() noexcept override { j_.events.emplace_back("release server"); }

 private:
  Journal& j_;
};

class RunOrder : public ::testing::Test {
 protected:
  Plan plan(bool keep_dbs = false) {
    Plan p{Options{}, Profile{}, AppConfig{}, tmp_.path(), WorkDir::open(tmp_.path() / "work"),
           {},        {"repo"},  {"repo"},    "repo",      "working tree",
           {}};
    p.options.keep_dbs = keep_dbs;
    p.profile.name = "unit";
    p.profile.released_db = "r_db";
    p.profile.new_db = "n_db";
    p.profile.steps.resize(2);
    p.profile.discovery_steps = 1;
    p.config.doc = {{"database", {{"dbname", "primary"}}}};
    return p;
  }
  std::vector<std::string> events_from(const std::string& first) const {
    std::vector<std::string> out;
    bool on = false;
    for (const auto& e : journal_.events) {
      on = on || e == first;
      if (on) out.push_back(e);
    }
    return out;
  }

  TempDir tmp_;
  Journal journal_;
};

TEST_F(RunOrder, PhasesInOrderThenCleanupInReverse) {
  {
    dt::Run run(plan(), std::make_unique<FakeBackend>(journal_));
    const State& state = run.collect();
    ASSERT_EQ(state.results.size(), 1u);
    EXPECT_EQ(state.results[0].verdict, Verdict::fail);
    EXPECT_FALSE(file::kind(tmp_.path() / "work" / "config" / "new.json") == file::Kind::missing);
  }
  EXPECT_THAT(
      journal_.events,
      ElementsAre("preflight r_db n_db 2", "worktree released-src", "build released", "build new",
                  "locks before creating the scratch databases", "create r_db", "create n_db",
                  "step released 1/2", "step new 1/2", "early warnings released new",
                  "step released 2/2", "step new 2/2", "locks before counting the rows",
                  "count released", "count new", "locks before the verdict", "diagnose 1",
                  "release n_db", "release r_db", "release server", "release worktree"));
  // The scratch configs (they hold the password) went with the databases.
  EXPECT_EQ(file::kind(tmp_.path() / "work" / "config" / "new.json"), file::Kind::missing);
  const std::string md = read_file(tmp_.path() / "work" / "report.md");
  EXPECT_THAT(md, HasSubstr("## FAIL"));
  EXPECT_THAT(md, HasSubstr("- s.t: FK_ADDED: foreign key added on a, not deferrable (t_fkey) — "
                            "confirmed by the counts"));
  EXPECT_THAT(read_file(tmp_.path() / "work" / "report.html"), HasSubstr("<!DOCTYPE html>"));
}

TEST_F(RunOrder, AnEarlyWarningThatFailsNeverStopsTheRun) {
  journal_.fail_at = "early warnings released new";
  {
    dt::Run run(plan(), std::make_unique<FakeBackend>(journal_));
    const State& state = run.collect();
    EXPECT_TRUE(state.info.early_warnings.empty());
  }
  EXPECT_THAT(events_from("early warnings released new"), ::testing::Contains("diagnose 1"));
}

TEST_F(RunOrder, AFailureMidRunWritesAPartialReportAndReleasesWhatWasTaken) {
  journal_.fail_at = "step new 2/2";
  {
    dt::Run run(plan(), std::make_unique<FakeBackend>(journal_));
    try {
      run.collect();
      FAIL() << "no error";
    } catch (const Error& e) {
      EXPECT_THAT(e.what(), HasSubstr("injected failure"));
    }
  }
  EXPECT_THAT(events_from("step new 2/2"),
              ElementsAre("step new 2/2", "release n_db", "release r_db", "release server",
                          "release worktree"));
  const std::string md = read_file(tmp_.path() / "work" / "report.md");
  EXPECT_THAT(md, HasSubstr("**Incomplete run:** stopped in phase 4/6 (collect, new side)"));
}

TEST_F(RunOrder, AFailedBuildNeverCreatesADatabase) {
  journal_.fail_at = "build new";
  {
    dt::Run run(plan(), std::make_unique<FakeBackend>(journal_));
    EXPECT_THROW(run.collect(), Error);
  }
  EXPECT_THAT(events_from("build new"),
              ElementsAre("build new", "release server", "release worktree"));
}

TEST_F(RunOrder, ALostLockBeforeTheVerdictIsNoVerdict) {
  journal_.lose_lock_before_verdict = true;
  {
    dt::Run run(plan(), std::make_unique<FakeBackend>(journal_));
    EXPECT_THROW(run.collect(), LockLost);
  }
  EXPECT_EQ(file::kind(tmp_.path() / "work" / "state.json"), file::Kind::missing);
  EXPECT_THAT(read_file(tmp_.path() / "work" / "report.md"), HasSubstr("**Incomplete run:**"));
}

TEST_F(RunOrder, KeepDbsKeepsTheDatabasesAndTheirConfigs) {
  {
    dt::Run run(plan(/*keep_dbs=*/true), std::make_unique<FakeBackend>(journal_));
    run.collect();
  }
  EXPECT_THAT(events_from("locks before the verdict"),
              ElementsAre("locks before the verdict", "diagnose 1", "keep n_db", "keep r_db",
                          "release server", "release worktree"));
  EXPECT_EQ(file::kind(tmp_.path() / "work" / "config" / "new.json"), file::Kind::regular);
}

TEST_F(RunOrder, ListingUsesItsOwnDatabasesAndOnlyTheDiscoverySteps) {
  Discovered found;
  {
    dt::Run run(plan(/*keep_dbs=*/true), std::make_unique<FakeBackend>(journal_));
    found = run.discover();
  }
  EXPECT_EQ(journal_.events.front(), "preflight r_db_discovery n_db_discovery 1");
  EXPECT_THAT(events_from("step released 1/1"),
              ElementsAre("step released 1/1", "step new 1/1", "list released", "list new",
                          "release n_db_discovery", "release r_db_discovery", "release server",
                          "release worktree"));
  ASSERT_EQ(found.released.size(), 1u);
  ASSERT_EQ(found.fresh.size(), 1u);
  EXPECT_EQ(file::kind(tmp_.path() / "work" / "report.md"), file::Kind::missing);
}

TEST_F(RunOrder, ADiscoveryOfTheNewSideAloneTouchesNothingOfTheReleasedSide) {
  Discovered found;
  {
    dt::Run run(plan(), std::make_unique<FakeBackend>(journal_));
    found = run.discover({/*released=*/false, /*fresh=*/true});
  }
  // No worktree, build, database or step for the released side.
  EXPECT_THAT(journal_.events,
              ElementsAre("preflight n_db_discovery 1", "build new",
                          "locks before creating the scratch databases", "create n_db_discovery",
                          "step new 1/1", "list new", "release n_db_discovery", "release server"));
  EXPECT_TRUE(found.released.empty());
  ASSERT_EQ(found.fresh.size(), 1u);
}

TEST_F(RunOrder, ASignalDuringAStepCleansUpAndReportsIt) {
  journal_.interrupt_at_step = true;
  EXPECT_EXIT(
      {
        signals::install();
        dt::Run run(plan(), std::make_unique<FakeBackend>(journal_));
        try {
          run.collect();
        } catch (const Interrupted& e) {
          run.cleanup();
          const std::string md = read_file(tmp_.path() / "work" / "report.md");
          const bool reported =
              md.find("interrupted by SIGTERM during phase 4/6") != std::string::npos;
          const bool released = journal_.events.back() == "release worktree";
          std::_Exit(reported && released ? 40 : 41);
        }
        std::_Exit(42);
      },
      ::testing::ExitedWithCode(40), "");
}

TEST_F(RunOrder, BothSidesRunEveryRepositoryInTheSameOrder) {
  Plan p = plan();
  p.profile.steps[1].argv = {"{bin}", "collect", "{repo}"};
  p.repos = {"https://x/a", "https://x/b"};
  {
    dt::Run run(std::move(p), std::make_unique<FakeBackend>(journal_));
    run.collect();
  }
  EXPECT_THAT(events_from("step released 1/2"),
              ::testing::IsSupersetOf({"step released 1/2", "step released 2/2 repo 0",
                                       "step released 2/2 repo 1", "step new 1/2",
                                       "step new 2/2 repo 0", "step new 2/2 repo 1"}));
  // Both migrations first (the early warning between), then each side's collection, repository
  // by repository in the same order.
  const auto steps = events_from("step released 1/2");
  EXPECT_EQ(
      std::vector<std::string>(steps.begin(), steps.begin() + 7),
      (std::vector<std::string>{"step released 1/2", "step new 1/2", "early warnings released new",
                                "step released 2/2 repo 0", "step released 2/2 repo 1",
                                "step new 2/2 repo 0", "step new 2/2 repo 1"}));
}

TEST_F(RunOrder, AFailureAfterTheReleasedCollectionKeepsItsDatabaseForResume) {
  journal_.fail_at = "step new 2/2";
  journal_.oid = "42";
  {
    Plan p = plan();
    p.options.work_dir = (tmp_.path() / "work").string();  // only a named work dir can resume
    dt::Run run(std::move(p), std::make_unique<FakeBackend>(journal_));
    EXPECT_THROW(run.collect(), Error);
  }
  EXPECT_THAT(events_from("step new 2/2"), ElementsAre("step new 2/2", "release n_db", "keep r_db",
                                                       "release server", "release worktree"));
  const auto saved = load_progress(tmp_.path() / "work");
  ASSERT_TRUE(saved);
  EXPECT_TRUE(saved->has("released", "collect"));
  EXPECT_FALSE(saved->has("new", "collect"));
  EXPECT_EQ(saved->released_oid, "42");
}

TEST_F(RunOrder, AFailureInADefaultWorkDirKeepsNothing) {
  journal_.fail_at = "step new 2/2";
  journal_.oid = "42";
  {
    dt::Run run(plan(), std::make_unique<FakeBackend>(journal_));
    EXPECT_THROW(run.collect(), Error);
  }
  EXPECT_THAT(events_from("step new 2/2"),
              ElementsAre("step new 2/2", "release n_db", "release r_db", "release server",
                          "release worktree"));
}

TEST_F(RunOrder, ResumeAdoptsTheReleasedDatabaseAndRunsOnlyTheNewSide) {
  Plan p = plan();
  p.options.resume = true;
  Progress saved;
  saved.released_key = side_key(p.inputs, "released");
  saved.done = {"released migrate", "new migrate", "released collect"};
  saved.released_db = "r_db";
  saved.released_oid = "42";
  saved.released_owner = "run-1";
  save_progress(tmp_.path() / "work", saved);
  {
    dt::Run run(std::move(p), std::make_unique<FakeBackend>(journal_));
    EXPECT_EQ(run.collect().results.size(), 1u);
  }
  EXPECT_THAT(journal_.events,
              ElementsAre("preflight r_db n_db 2", "build new",
                          "locks before creating the scratch databases", "adopt r_db 42 run-1",
                          "create n_db", "step new 1/2", "early warnings released new",
                          "step new 2/2", "locks before counting the rows", "count released",
                          "count new", "locks before the verdict", "diagnose 1", "release n_db",
                          "release r_db", "release server"));
  // Finished: nothing is left to resume.
  EXPECT_FALSE(resumable(load_progress(tmp_.path() / "work"), saved.released_key));
}

TEST_F(RunOrder, ResumeWithAnotherInputsKeyCollectsBothSides) {
  Plan p = plan();
  p.options.resume = true;
  Progress saved;
  saved.released_key = "another tag commit";
  saved.done = {"released migrate", "released collect"};
  saved.released_db = "r_db";
  saved.released_oid = "42";
  saved.released_owner = "run-1";
  save_progress(tmp_.path() / "work", saved);
  {
    dt::Run run(std::move(p), std::make_unique<FakeBackend>(journal_));
    run.collect();
  }
  EXPECT_THAT(journal_.events, ::testing::Contains("step released 2/2"));
  EXPECT_THAT(journal_.events, ::testing::Not(::testing::Contains(HasSubstr("adopt"))));
}

}  // namespace
}  // namespace dt
