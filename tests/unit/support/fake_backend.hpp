#pragma once
// Run's unit tests: a recording fake of the Backend seam (no git, no PostgreSQL) and a fixture
// with a small plan, shared by run_test.cpp and run_snapshot_test.cpp.
#include <csignal>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/server.hpp"
#include "run/run.hpp"
#include "support/files.hpp"
#include "util/error.hpp"

namespace dt::testing_support {

// Everything the fake saw, in order.
struct Journal {
  std::vector<std::string> events;
  std::string fail_at;  // throw dt::Error at this event
  bool interrupt_at_step = false;
  int upgrade_exit = 0;  // the upgrade step's exit status (non-zero: it fails)
  bool lose_lock_before_verdict = false;
  std::string oid;                        // what db_oid answers ("": the database is not known)
  std::optional<SnapshotFound> snapshot;  // what find_snapshot answers
  std::string snapshot_collected;         // the time keep_snapshot was given
  // Per step run: "<side> <bin> <src>", the executable and the directory the step was given.
  std::vector<std::string> step_paths;
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
  std::unique_ptr<Held> worktree(Plan&, const std::string& name,
                                 const std::string& commit) override {
    j_.add("worktree " + name + (commit.empty() ? "" : " " + commit));
    // The released tag's is "worktree" in the journal; another (bisect's new-src) by its name.
    return std::make_unique<FakeHeld>(j_, name == "released-src" ? "worktree" : "worktree " + name);
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
  std::optional<SnapshotFound> find_snapshot(const Plan&) override {
    j_.add("find snapshot");
    return j_.snapshot;
  }
  std::unique_ptr<Held> snapshot_db(const Plan&, const Side& side,
                                    const SnapshotFound& found) override {
    j_.add("copy " + found.name + " to " + side.scratch.dbname);
    return std::make_unique<FakeHeld>(j_, side.scratch.dbname);
  }
  void keep_snapshot(const Plan&, const Side& released, const SnapshotFound& found,
                     const std::string& collected) override {
    j_.snapshot_collected = collected;
    j_.add("keep " + released.scratch.dbname + " as " + found.name);
  }
  void step(const Plan&, const Side& side, const StepRun& run) override {
    j_.step_paths.push_back(side.name + " " + side.bin.string() + " " + side.src.string());
    j_.add("step " + side.name + " " + std::to_string(run.index + 1) + "/" +
           std::to_string(run.total) + (run.repo ? " repo " + std::to_string(*run.repo) : "") +
           (run.upgrade ? " upgrade" : ""));
    if (j_.interrupt_at_step) std::raise(SIGTERM);
    if (run.upgrade && j_.upgrade_exit != 0) {
      throw StepFailed(
          "upgraded upgrade step 1/1 failed (exit status " + std::to_string(j_.upgrade_exit) + ")",
          j_.upgrade_exit);
    }
  }
  std::unique_ptr<Held> upgraded_db(const Plan&, const Side& upgraded,
                                    const Side& released) override {
    j_.add("copy " + released.scratch.dbname + " to " + upgraded.scratch.dbname);
    return std::make_unique<FakeHeld>(j_, upgraded.scratch.dbname);
  }
  void diagnose_upgrade(const Plan&, const Side&, const Side& upgraded, const Side& fresh,
                        std::vector<UpgradeRow>& rows) override {
    j_.add("diagnose upgrade " + upgraded.name + " " + fresh.name + " " +
           std::to_string(rows.size()));
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
  // The progress of an interrupted run whose released collection finished (r_db, oid 42, owner
  // run-1), saved in the plan's work dir for --resume.
  Progress save_finished_released(const Plan& p) const {
    Progress saved;
    saved.released_key = side_key(p.inputs, "released");
    saved.done = {"released migrate", "new migrate", "released collect"};
    saved.released_db = "r_db";
    saved.released_oid = "42";
    saved.released_owner = "run-1";
    save_progress(tmp_.path() / "work", saved);
    return saved;
  }
  // The plan with an upgrade: one upgrade step, the copy named u_db.
  Plan with_upgrade(Plan p) const {
    p.profile.upgraded_db = "u_db";
    p.profile.upgrade_steps.resize(1);
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

}  // namespace dt::testing_support
