// The per-repository breakdown: counts grouped by the repo column and matched through the
// lookup table on a throwaway PostgreSQL, and their merge into table results (pure).
#include "repo_counts.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/cluster.hpp"

namespace dt {
namespace {

class RepoCounts : public testing_support::ClusterTest {
 protected:
  static void SetUpTestSuite() {
    ClusterTest::SetUpTestSuite();
    cluster().exec("create database by_repo");
    cluster().exec(R"sql(
      create schema app;
      create table app.repos (repo_id int primary key, url text);
      insert into app.repos values (7, 'https://x/one'), (9, 'https://x/two'), (11, 'https://x/gone');
      create table app.commits (sha text, repo_id int);
      insert into app.commits values ('a', 7), ('b', 7), ('c', 9), ('d', null), ('e', 11), ('f', 42);
      create table app.events (repo_id int, at date not null) partition by range (at);
      create table app.events_old partition of app.events for values from (minvalue) to ('2024-01-01');
      create table app.events_new partition of app.events for values from ('2024-01-01') to (maxvalue);
      insert into app.events values (7, '2023-01-01'), (9, '2025-01-01'), (9, '2025-02-01');
      create table app.no_column (x int);
      insert into app.no_column values (1);
      create view app.v as select * from app.commits;
    )sql",
                   "by_repo");
  }

  static const RepoTableCounts& find(const std::vector<RepoTableCounts>& all,
                                     const std::string& table) {
    for (const auto& c : all) {
      if (c.table == table) return c;
    }
    throw std::runtime_error("no " + table);
  }
};

const RepoLookup kLookup{"app.repos", "url", "repo_id"};
const std::vector<std::string> kRepos = {"https://x/one", "https://x/two"};

TEST_F(RepoCounts, GroupsByTheColumnAndMatchesThroughTheLookup) {
  const auto all = count_by_repo(cluster().params("by_repo"), {"app"}, "repo_id", kLookup, kRepos);
  // Base tables with the column only: never the view, never a table without it.
  std::vector<std::string> tables;
  for (const auto& c : all) tables.push_back(c.table);
  EXPECT_THAT(tables, ::testing::UnorderedElementsAre("repos", "commits", "events", "events_old",
                                                      "events_new"));
  const auto& commits = find(all, "commits");
  EXPECT_EQ(commits.rows, (std::vector<std::int64_t>{2, 1}));
  EXPECT_EQ(commits.other, 3);  // NULL, an id of no test repository, an id with no lookup row
  EXPECT_EQ(find(all, "events").rows, (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(find(all, "events_new").rows, (std::vector<std::int64_t>{0, 2}));
  EXPECT_EQ(find(all, "repos").other, 1);
}

TEST_F(RepoCounts, NoColumnNoBreakdownAndAMissingLookupCountsAsOther) {
  EXPECT_TRUE(count_by_repo(cluster().params("by_repo"), {"app"}, "", kLookup, kRepos).empty());
  const auto all = count_by_repo(cluster().params("by_repo"), {"app"}, "repo_id",
                                 {"app.nope", "url", "repo_id"}, kRepos);
  EXPECT_EQ(find(all, "commits").rows, (std::vector<std::int64_t>{0, 0}));
  EXPECT_EQ(find(all, "commits").other, 6);
}

TEST(RepoResults, OneEntryPerRepoInOrderPlusTheRestAddingUp) {
  std::vector<TableResult> results(3);
  results[0].schema = "app";
  results[0].table = "commits";
  results[0].released_rows = 10;
  results[0].new_rows = 8;
  results[1].schema = "app";
  results[1].table = "plain";
  results[2].schema = "app";
  results[2].table = "added";  // the column exists on the new side only
  results[2].released_rows = 4;
  results[2].new_rows = 4;
  const std::vector<RepoTableCounts> released = {{"app", "commits", {6, 4}, 0}};
  const std::vector<RepoTableCounts> fresh = {{"app", "commits", {6, 1}, 1},
                                              {"app", "added", {3, 1}, 0}};
  attach_repo_results(results, released, fresh, {"one", "two"});
  ASSERT_EQ(results[0].by_repo.size(), 3u);
  EXPECT_EQ(results[0].by_repo[0].repo, "one");
  EXPECT_EQ(results[0].by_repo[0].verdict, Verdict::pass);
  EXPECT_EQ(results[0].by_repo[1].repo, "two");
  EXPECT_EQ(results[0].by_repo[1].delta, -3);
  EXPECT_EQ(results[0].by_repo[1].verdict, Verdict::fail);
  EXPECT_EQ(results[0].by_repo[2].repo, kOtherRepos);
  EXPECT_EQ(results[0].by_repo[2].verdict, Verdict::flag);
  EXPECT_EQ(repos_losing(results[0]), (std::vector<std::string>{"two"}));
  EXPECT_TRUE(results[1].by_repo.empty());
  // The side without the column: its rows belong to no repository, and the sums still hold.
  std::int64_t released_sum = 0, new_sum = 0;
  for (const auto& r : results[2].by_repo) {
    released_sum += r.released_rows;
    new_sum += r.new_rows;
  }
  EXPECT_EQ(released_sum, 4);
  EXPECT_EQ(new_sum, 4);
}

}  // namespace
}  // namespace dt
