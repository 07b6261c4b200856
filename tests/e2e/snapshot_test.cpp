// Issue 16, the released snapshot: a finished released collection kept on the server as a
// marked database, copied (CREATE DATABASE ... TEMPLATE) by a later run with the same key
// instead of collected. Collections are counted by a step that writes its side to a file.
#include <chrono>
#include <fstream>
#include <map>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "support/cache_case.hpp"
#include "support/e2e.hpp"
#include "support/safety.hpp"
#include "util/process.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

// The quick steps, then one that counts the side's collections.
nlohmann::json counting_steps(const CacheCase& s) {
  nlohmann::json steps = quick_steps();
  steps.push_back(sh_step("echo {side} >> '" + (s.counts / "collects.txt").string() + "'"));
  return steps;
}

fs::path profile_with(const CacheCase& s, const std::string& dir, const nlohmann::json& build) {
  return write_profile(fresh_dir(s.name + "-" + dir), build, counting_steps(s));
}

CacheCase make_case(const std::string& name) {
  CacheCase s = make_cache_case(name);
  s.profile = profile_with(s, "profile", fast_build());
  return s;
}

// How many collections of side ran.
int collections(const CacheCase& s, const std::string& side) {
  return count_lines(s.counts / "collects.txt", side);
}

// The snapshots on the test cluster, comma-separated by name.
std::string snapshots() {
  return query_one("postgres",
                   "select coalesce(string_agg(datname, ',' order by datname), '') from "
                   "pg_database where datname like 'data\\_test\\_snap\\_%'");
}

std::string snapshot_comment(const std::string& name) {
  return query_one("postgres",
                   "select shobj_description(oid, 'pg_database') from pg_database where datname "
                   "= '" +
                       name + "'");
}

// Each table's released and new counts, from report.json.
std::map<std::string, std::pair<long long, long long>> counts_of(const fs::path& work) {
  std::map<std::string, std::pair<long long, long long>> out;
  const nlohmann::json report = read_report_json(work);
  for (const auto& t : report.at("tables")) {
    out[t.at("schema").get<std::string>() + "." + t.at("table").get<std::string>()] = {
        t.at("released_rows").get<long long>(), t.at("new_rows").get<long long>()};
  }
  return out;
}

TEST(Snapshot, ASecondRunOnTheSameTagBuildsNothingAndCollectsTheReleasedSideZeroTimes) {
  CacheCase s = make_case("snap-hit");
  const CaseRun first = run_case(s);
  ASSERT_EQ(first.result.status, 0) << first.result.err;
  EXPECT_EQ(collections(s, "released"), 1);
  EXPECT_NE(first.result.err.find("[released] build"), std::string::npos) << first.result.err;
  const std::string snapshot = snapshots();
  ASSERT_EQ(snapshot.rfind("data_test_snap_", 0), 0u) << first.result.err;
  EXPECT_NE(snapshot_comment(snapshot).find("\"side\":\"snapshot\""), std::string::npos);
  EXPECT_EQ(query_one("postgres", "select datallowconn::text from pg_database where datname = '" +
                                      snapshot + "'"),
            "false");
  EXPECT_FALSE(database_exists("example_released")) << "renamed into the snapshot";

  const CaseRun second = run_case(s);
  ASSERT_EQ(second.result.status, 0) << second.result.err;
  EXPECT_EQ(collections(s, "released"), 1) << "the released side was collected again";
  EXPECT_EQ(collections(s, "new"), 2);
  // Nothing built for the released side: no cached build was even needed.
  EXPECT_EQ(second.result.err.find("released build: cached"), std::string::npos);
  EXPECT_EQ(second.result.err.find("[released] build"), std::string::npos) << second.result.err;
  EXPECT_NE(second.result.err.find("released collection: from snapshot '" + snapshot + "'"),
            std::string::npos)
      << second.result.err;
  const std::string report = read_text(second.work / "report.md");
  EXPECT_NE(report.find("- released collection: snapshot '" + snapshot + "' (collected "),
            std::string::npos)
      << report;
  EXPECT_NE(read_report_json(second.work)
                .at("released")
                .at("collection")
                .get<std::string>()
                .find("snapshot"),
            std::string::npos);
  // The copy holds the same rows the collection made: every count is what the first run saw.
  EXPECT_EQ(counts_of(second.work), counts_of(first.work));
  EXPECT_GT(counts_of(first.work).size(), 3u);
  // The snapshot is still there, untouched, and the run's own copy is gone.
  EXPECT_EQ(snapshots(), snapshot);
  EXPECT_FALSE(database_exists("example_released"));
  // The released log carries the snapshot's collection log (the evidence stays).
  const std::string log = read_text(second.work / "logs" / "released.log");
  EXPECT_NE(log.find("a copy of the snapshot '" + snapshot + "'"), std::string::npos) << log;
  EXPECT_NE(log.find("collect"), std::string::npos) << log;
}

// The newcomer's case: editing only how results are diagnosed and reported (natural_keys,
// content_exclude, repo_column) changes no collection, so the snapshot is still this profile's.
TEST(Snapshot, EditingOnlyHowResultsAreDiagnosedKeepsTheSnapshot) {
  CacheCase s = make_case("snap-diag");
  ASSERT_EQ(run_case(s).result.status, 0);
  EXPECT_EQ(collections(s, "released"), 1);
  auto edited = nlohmann::json::parse(read_text(s.profile));
  edited["natural_keys"] = {{"example_data.commits", {{"key", {"sha"}}, {"exclude", {"subject"}}}}};
  edited["content_exclude"] = {"collected_at"};
  const fs::path dir = fresh_dir("snap-diag-edited");
  std::ofstream(dir / "profile.json") << edited.dump(2);
  const CaseRun second = run_case(s, {}, "v1.0", dir / "profile.json");
  ASSERT_EQ(second.result.status, 0) << second.result.err;
  EXPECT_EQ(collections(s, "released"), 1) << second.result.err;
  EXPECT_NE(second.result.err.find("released collection: from snapshot"), std::string::npos)
      << second.result.err;
  // A step that writes something else is another collection: not this snapshot.
  edited["steps"].push_back(sh_step("true"));
  std::ofstream(dir / "profile.json") << edited.dump(2);
  ASSERT_EQ(run_case(s, {}, "v1.0", dir / "profile.json").result.status, 0);
  EXPECT_EQ(collections(s, "released"), 2);
}

TEST(Snapshot, AChangedCommitProfileRepoKeysExpiredOrFreshCollectsAgain) {
  CacheCase s = make_case("snap-miss");
  ASSERT_EQ(run_case(s).result.status, 0);
  ASSERT_EQ(run_case(s).result.status, 0);
  EXPECT_EQ(collections(s, "released"), 1);

  const CaseRun fresh = run_case(s, {"--fresh"});
  ASSERT_EQ(fresh.result.status, 0) << fresh.result.err;
  EXPECT_EQ(collections(s, "released"), 2) << "--fresh used the snapshot";
  EXPECT_NE(fresh.result.err.find("released snapshot: --fresh"), std::string::npos);
  ASSERT_EQ(run_case(s).result.status, 0);
  EXPECT_EQ(collections(s, "released"), 2) << "--fresh did not keep its collection";

  // Older than --snapshot-max-age: collected again, and replaced.
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const CaseRun expired = run_case(s, {"--snapshot-max-age", "1s"});
  ASSERT_EQ(expired.result.status, 0) << expired.result.err;
  EXPECT_EQ(collections(s, "released"), 3);
  EXPECT_NE(expired.result.err.find("is older than --snapshot-max-age"), std::string::npos);

  const fs::path other_build =
      profile_with(s, "build",
                   nlohmann::json::array(
                       {"sh", "-c", "cp '" + prebuilt_collector().string() + "' {bin} && true"}));
  ASSERT_EQ(run_case(s, {}, "v1.0", other_build).result.status, 0);
  EXPECT_EQ(collections(s, "released"), 4) << "another profile used the snapshot";

  const fs::path other_repo = fresh_dir("snap-miss-repo") / "repo";
  ASSERT_EQ(process::capture({"git", "clone", "-q", history_repo().string(), other_repo.string()},
                             fs::current_path())
                .status,
            0);
  auto args_repo = run_case(s, {"--repo", other_repo.string()});
  // Two repositories now (the standard one and the copy): another key.
  ASSERT_EQ(args_repo.result.status, 0) << args_repo.result.err;
  EXPECT_EQ(collections(s, "released"), 5) << "another repository list used the snapshot";

  exec_sql("example_primary", "update example_ops.api_keys set token = token || 'x'");
  ASSERT_EQ(run_case(s).result.status, 0);
  EXPECT_EQ(collections(s, "released"), 6) << "changed keys used the snapshot";

  ASSERT_NO_FATAL_FAILURE(tag_next_release(s.clone, "v2.0"));
  ASSERT_EQ(run_case(s, {}, "v2.0").result.status, 0);
  EXPECT_EQ(collections(s, "released"), 7) << "another tag commit used the snapshot";
  // Every key still has its own snapshot: the first tag's is used again.
  ASSERT_EQ(run_case(s, {}, "v2.0").result.status, 0);
  EXPECT_EQ(collections(s, "released"), 7);
}

TEST(Snapshot, ASnapshotIsNeverUsedForADifferentKeyAndAForeignOneIsNeverTouched) {
  CacheCase s = make_case("snap-key");
  ASSERT_EQ(run_case(s).result.status, 0);
  const std::string first = snapshots();
  ASSERT_NO_FATAL_FAILURE(tag_next_release(s.clone, "v2.0"));
  ASSERT_EQ(run_case(s, {}, "v2.0").result.status, 0);
  ASSERT_EQ(collections(s, "released"), 2);
  std::string second = snapshots();
  second.erase(second.find(first), first.size());
  second.erase(second.find(','), 1);
  ASSERT_EQ(second.rfind("data_test_snap_", 0), 0u) << second;

  // The first tag's collection under the name of the second tag's key.
  exec_sql("postgres", "drop database " + second);
  exec_sql("postgres", "alter database " + first + " rename to " + second);
  const CaseRun renamed = run_case(s, {}, "v2.0");
  ASSERT_EQ(renamed.result.status, 0) << renamed.result.err;
  EXPECT_EQ(collections(s, "released"), 3) << "another key's collection was used";
  // Issue 23: the cache dir records another oid under this name, so the renamed database is not
  // provably the snapshot data-test made there: neither used nor replaced (the first tag's
  // collection stays under the name).
  EXPECT_NE(renamed.result.err.find("was not made by this user's data-test, or changed since"),
            std::string::npos)
      << renamed.result.err;
  const std::string commit =
      process::capture({"git", "rev-parse", "v2.0^{commit}"}, s.clone).out.substr(0, 40);
  EXPECT_EQ(snapshot_comment(second).find(commit), std::string::npos);

  // A database of the snapshot's name that data-test did not make: never used, never dropped.
  exec_sql("postgres", "drop database " + second);
  exec_sql("postgres", "create database " + second);
  exec_sql(second, "create table precious(v int); insert into precious values (42)");
  const CaseRun foreign = run_case(s, {}, "v2.0");
  ASSERT_EQ(foreign.result.status, 0) << foreign.result.err;
  EXPECT_EQ(collections(s, "released"), 4);
  EXPECT_NE(foreign.result.err.find("without data-test's snapshot mark"), std::string::npos)
      << foreign.result.err;
  EXPECT_EQ(query_one(second, "select v from precious"), "42");
  EXPECT_FALSE(database_exists("example_released")) << "the released copy was left behind";
}

TEST(Snapshot, ListShowsDiskUseAndPruneDropsOnlyExpiredSnapshots) {
  CacheCase s = make_case("snap-list");
  const CaseRun first = run_case(s);
  ASSERT_EQ(first.result.status, 0) << first.result.err;
  const std::string snapshot = snapshots();
  const std::vector<std::string> where = {"--source-dir",    s.clone.string(), "--config",
                                          s.config.string(), "--profile",      s.profile.string(),
                                          "--cache-dir",     s.cache.string()};
  auto command = [&](std::vector<std::string> args) {
    args.insert(args.end(), where.begin(), where.end());
    return run_data_test(args);
  };
  const Result listed = command({"snapshots", "list"});
  ASSERT_EQ(listed.status, 0) << listed.err;
  EXPECT_NE(listed.out.find(snapshot + "  profile example, tag v1.0"), std::string::npos)
      << listed.out;
  EXPECT_NE(listed.out.find("1 snapshot, "), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find(" on disk"), std::string::npos) << listed.out;
  EXPECT_EQ(listed.out.find("expired"), std::string::npos) << listed.out;

  const Result kept = command({"snapshots", "prune"});
  ASSERT_EQ(kept.status, 0) << kept.err;
  EXPECT_EQ(snapshots(), snapshot) << "a snapshot within --snapshot-max-age was pruned";

  // Only data-test's snapshots are pruned: a scratch-marked database and a foreign one stay.
  exec_sql("postgres", "create database data_test_snap_0000000000000000");
  const Result pruned = command({"snapshots", "prune", "--snapshot-max-age", "0"});
  ASSERT_EQ(pruned.status, 0) << pruned.err;
  EXPECT_NE(pruned.out.find("dropped snapshot '" + snapshot + "'"), std::string::npos)
      << pruned.out;
  EXPECT_EQ(snapshots(), "data_test_snap_0000000000000000");
  EXPECT_EQ(command({"snapshots"}).out, "no released snapshots on this server\n");

  const Result bad = command({"snapshots", "purge"});
  EXPECT_EQ(bad.status, 2);
  EXPECT_EQ(count_lines_starting(bad.err, "data-test: error: unknown snapshots action 'purge'"), 1)
      << bad.err;
}

TEST(Snapshot, KeepDbsKeepsTheReleasedDatabaseAndASnapshotCopy) {
  CacheCase s = make_case("snap-keep");
  const CaseRun first = run_case(s, {"--keep-dbs"});
  ASSERT_EQ(first.result.status, 0) << first.result.err;
  EXPECT_TRUE(database_exists("example_released"));
  EXPECT_EQ(snapshots().rfind("data_test_snap_", 0), 0u);
  EXPECT_NE(query_one("example_released", "select count(*) from example_data.commits"), "0");
}

}  // namespace
}  // namespace dt::e2e
