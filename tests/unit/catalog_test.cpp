// The catalog as read from a real database, and the delta between two real databases migrated
// with the example scenarios' kinds of change.
#include "catalog.hpp"

#include <map>

#include <gtest/gtest.h>

#include "schema_delta.hpp"
#include "support/cluster.hpp"

namespace dt {
namespace {

using testing_support::ClusterTest;

constexpr const char* kBase = R"sql(
  create schema app;
  create table app.repos (id serial primary key, url text not null unique);
  create table app.commits (sha text primary key, repo_id int not null references app.repos(id));
  create table app.parents (sha text not null references app.commits(sha), parent text not null,
                            idx int not null, primary key (sha, idx));
  create table app.files (sha text not null, path text not null, additions int, deletions int,
                          primary key (sha, path));
  create table app.tags (name text primary key, at timestamptz not null default now());
  create table app.people (id int generated always as identity, email text not null,
                           lower_email text generated always as (lower(email)) stored);
  create unique index people_email_idx on app.people (email);
  create index people_lower_idx on app.people (lower_email) where lower_email <> '';
  comment on table app.people is 'one row a person';
  comment on column app.people.email is 'as written';
  create table app.activity (sha text not null, at date not null) partition by range (at);
  create table app.activity_early partition of app.activity for values from (minvalue) to ('2025-04-01');
  create table app.gone (id int);
  create table other.hidden (id int);
)sql";

class Catalog : public ClusterTest {
 protected:
  static void SetUpTestSuite() {
    ClusterTest::SetUpTestSuite();
    for (const char* db : {"rel", "neu"}) {
      cluster().exec(std::string("create database ") + db);
      cluster().exec("create schema other", db);
      cluster().exec(kBase, db);
    }
    cluster().exec(R"sql(
      alter table app.parents add constraint parents_parent_fkey foreign key (parent)
        references app.commits(sha);
      alter table app.files rename column additions to lines_added;
      alter table app.tags add column signed_by text not null;
      alter table app.tags alter column at drop default;
      alter table app.commits add constraint commits_sha_check check (length(sha) = 40);
      alter table app.commits alter column repo_id type bigint;
      drop table app.gone;
      create table app.branches (name text primary key);
      alter table app.activity detach partition app.activity_early;
      alter table app.activity attach partition app.activity_early for values from (minvalue) to ('2025-05-01');
    )sql",
                   "neu");
  }
  static ConnParams db(const char* name) { return cluster().params(name); }
};

TEST_F(Catalog, ReadsColumnsConstraintsAndPartitions) {
  const auto catalog = read_catalog(db("rel"), {"app"});
  std::vector<std::string> names;
  for (const auto& t : catalog) names.push_back(t.table);
  EXPECT_EQ(names, (std::vector<std::string>{"activity", "activity_early", "commits", "files",
                                             "gone", "parents", "people", "repos", "tags"}));
  const TableShape* people = find_table(catalog, "app", "people");
  ASSERT_NE(people, nullptr);
  ASSERT_EQ(people->columns.size(), 3u);
  EXPECT_TRUE(people->columns[0].identity);
  EXPECT_TRUE(volatile_column(people->columns[0]));
  EXPECT_FALSE(volatile_column(people->columns[1]));
  EXPECT_TRUE(people->columns[2].generated);
  EXPECT_EQ(people->columns[1].position, 2);
  ASSERT_EQ(people->constraints.size(), 1u);  // the unique index
  // The other index, without its name; the comments.
  EXPECT_EQ(people->indexes,
            std::vector<std::string>{"USING btree (lower_email) WHERE (lower_email <> ''::text)"});
  EXPECT_EQ(people->comment, "one row a person");
  EXPECT_EQ(people->columns[1].comment, "as written");
  EXPECT_EQ(people->columns[0].comment, "");
  EXPECT_EQ(people->constraints[0].kind, 'u');
  EXPECT_EQ(people->constraints[0].name, "people_email_idx");
  EXPECT_EQ(people->constraints[0].columns, std::vector<std::string>{"email"});
  const TableShape* repos = find_table(catalog, "app", "repos");
  ASSERT_NE(repos, nullptr);
  EXPECT_TRUE(volatile_column(repos->columns[0]));  // serial
  const TableShape* tags = find_table(catalog, "app", "tags");
  EXPECT_TRUE(volatile_column(tags->columns[1]));  // default now()
  const TableShape* parents = find_table(catalog, "app", "parents");
  ASSERT_EQ(parents->constraints.size(), 2u);
  EXPECT_EQ(parents->constraints[0].kind, 'p');
  EXPECT_EQ(parents->constraints[0].columns, (std::vector<std::string>{"sha", "idx"}));
  EXPECT_EQ(parents->constraints[1].kind, 'f');
  EXPECT_EQ(find_table(catalog, "app", "activity_early")->partition_bound,
            "FOR VALUES FROM (MINVALUE) TO ('2025-04-01')");
  EXPECT_TRUE(read_catalog(db("rel"), {}).empty());
}

TEST_F(Catalog, DeltaBetweenTwoDatabases) {
  const auto delta =
      schema_delta(read_catalog(db("rel"), {"app"}), read_catalog(db("neu"), {"app"}));
  std::map<std::string, std::vector<std::string>> got;
  for (const auto& t : delta) {
    for (const auto& c : t.changes) got[t.table].push_back(c.code + ":" + c.subject);
  }
  EXPECT_EQ(got["parents"], std::vector<std::string>{"FK_ADDED:parents_parent_fkey"});
  EXPECT_EQ(got["files"], std::vector<std::string>{"COLUMN_RENAMED:additions"});
  EXPECT_EQ(got["tags"], (std::vector<std::string>{"NOT_NULL_ADDED:signed_by", "DEFAULT_REMOVED:at",
                                                   "COLUMN_ADDED:signed_by"}));
  EXPECT_EQ(got["commits"],
            (std::vector<std::string>{"CHECK_ADDED:commits_sha_check", "TYPE_CHANGED:repo_id"}));
  EXPECT_EQ(got["gone"], std::vector<std::string>{"TABLE_ONLY_IN_RELEASED:app.gone"});
  EXPECT_EQ(got["branches"], std::vector<std::string>{"TABLE_ONLY_IN_NEW:app.branches"});
  EXPECT_EQ(got["activity_early"],
            std::vector<std::string>{"PARTITION_BOUNDS_CHANGED:app.activity_early"});
  EXPECT_EQ(got.count("repos"), 0u);
  EXPECT_EQ(got.count("people"), 0u);
  for (const auto& t : delta) {
    for (const auto& c : t.changes) {
      if (c.code == "FK_ADDED") {
        EXPECT_EQ(c.detail, "not deferrable");
      }
      if (c.code == "CHECK_ADDED") {
        EXPECT_EQ(c.columns, std::vector<std::string>{"sha"});
      }
    }
  }
}

// Issue 27, item 1: a foreign key names the referenced table's schema in every report, even
// where the database's and the role's own search_path would make the name visible unqualified.
TEST_F(Catalog, ForeignKeyNamesTheReferencedSchema) {
  cluster().exec("create database searched");
  cluster().exec(R"sql(
    create schema ledger_ops;
    create schema "Ledger Ops";
    create table ledger_ops.accounts (id int primary key);
    create table public.users (id int primary key);
    create table "Ledger Ops".books (id int primary key);
    create table ledger_ops.entries (account_id int references ledger_ops.accounts(id),
                                     user_id int references public.users(id),
                                     book_id int references "Ledger Ops".books(id));
    alter database searched set search_path = ledger_ops, public, "Ledger Ops";
    alter role current_user in database searched set search_path = ledger_ops, public;
  )sql",
                 "searched");
  const auto catalog = read_catalog(db("searched"), {"ledger_ops"});
  const TableShape* entries = find_table(catalog, "ledger_ops", "entries");
  ASSERT_NE(entries, nullptr);
  std::vector<std::string> definitions;
  for (const auto& c : entries->constraints) definitions.push_back(c.definition);
  EXPECT_EQ(definitions,
            (std::vector<std::string>{"FOREIGN KEY (account_id) REFERENCES ledger_ops.accounts(id)",
                                      "FOREIGN KEY (book_id) REFERENCES \"Ledger Ops\".books(id)",
                                      "FOREIGN KEY (user_id) REFERENCES public.users(id)"}));
}

TEST_F(Catalog, UnreadableDatabaseIsAnError) {
  EXPECT_THROW(read_catalog(db("no_such_db"), {"app"}), Error);
}

}  // namespace
}  // namespace dt
