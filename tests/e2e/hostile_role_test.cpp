// Issue 23, another role on the same server: objects it plants where data-test's sessions could
// resolve them. On a server whose `public` schema in `postgres` still grants CREATE to every role
// (the default before PostgreSQL 15, kept through upgrades), another role defines a look-alike of
// a catalog function that data-test calls. data-test's sessions search only pg_catalog (and
// their own pg_temp) and name catalog functions with their schema, so the look-alike is never
// called: no forged mark is believed and no SQL runs as the operator.
#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "support/e2e.hpp"
#include "support/safety.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

// The one snapshot database on the test cluster ("" when none).
std::string the_snapshot() {
  return query_one("postgres",
                   R"(select datname from pg_database where datname like 'data\_test\_snap\_%')");
}

// Database name's mark (its comment) as a quoted SQL literal, to forge it elsewhere.
std::string mark_literal(const std::string& name) {
  return query_one("postgres",
                   "select pg_catalog.quote_literal(pg_catalog.shobj_description(oid, "
                   "'pg_database')) from pg_database where datname = '" +
                       name + "'");
}

// The calls the planted functions recorded, comma-separated ("" when none).
std::string planted_calls(const std::string& db) {
  return query_one(db, "select coalesce(string_agg(fn, ',' order by fn), '') from public.calls");
}

// As role `mallory` (CREATEDB, no superuser), in db: a table recording calls, and look-alikes of
// the catalog functions data-test calls that match its arguments better than pg_catalog's (text
// instead of name) or exactly, and an `=` operator. Each records its call and returns what would
// fool data-test:
// `mark` as every database's comment (the audit's forged snapshot mark).
void plant_lookalikes(const std::string& db, const std::string& mark) {
  exec_sql(db, "grant create on schema public to public");
  exec_sql(db,
           "set role mallory; "
           "create table public.calls (fn text); grant insert on public.calls to public; "
           "create function public.shobj_description(oid, text) returns text language plpgsql as "
           "$f$ begin insert into public.calls values ('shobj_description'); return " +
               mark +
               "; end $f$; "
               "create function public.pg_database_size(oid) returns bigint language plpgsql as "
               "$f$ begin insert into public.calls values ('pg_database_size'); return 0; end $f$; "
               "create function public.count(anyelement) returns bigint language plpgsql as "
               "$f$ begin insert into public.calls values ('count'); return 0; end $f$; "
               // An operator matching `datname = 'literal'` better than pg_catalog's name = name:
               // every comparison would be true.
               "create function public.eq_spy(name, text) returns boolean language plpgsql as "
               "$f$ begin insert into public.calls values ('operator ='); return true; end $f$; "
               "create operator public.= (leftarg = name, rightarg = text, function = "
               "public.eq_spy); "
               "reset role");
}

TEST(HostileRole, PlantedLookalikesOfCatalogFunctionsAreNeverCalled) {
  exec_sql("postgres",
           "do $$ begin if not exists (select from pg_roles where rolname = 'mallory') then "
           "create role mallory login createdb; end if; end $$");
  const fs::path clone = make_app_clone("hostile-fn", "");
  const fs::path config = make_operator_config(clone.parent_path(), "hostile_primary");
  const fs::path cache = fresh_dir("hostile-fn-cache") / "data-test";
  const fs::path profile = write_profile(fresh_dir("hostile-fn-profile"), fast_build(),
                                         quick_steps(), "hostile_released", "hostile_new");

  // A real run leaves a real snapshot, whose mark the look-alike then returns for every
  // database: before the fix, `snapshots prune` dropped a database data-test never made.
  auto args = run_args(clone, fresh_dir("hostile-fn-work"), config, profile);
  args.insert(args.end(), {"--cache-dir", cache.string()});
  const Result first = run_data_test(args);
  ASSERT_EQ(first.status, 0) << first.err;
  const std::string snapshot = the_snapshot();
  ASSERT_FALSE(snapshot.empty());
  const std::string mark = mark_literal(snapshot);
  exec_sql("postgres", "create database op_precious");
  exec_sql("op_precious", "create table precious (v int); insert into precious values (42)");
  plant_lookalikes("postgres", mark);
  plant_lookalikes("hostile_primary", mark);

  const std::vector<std::string> where = {"--source-dir",  clone.string(), "--config",
                                          config.string(), "--profile",    profile.string(),
                                          "--cache-dir",   cache.string()};
  std::vector<std::string> prune = {"snapshots", "prune", "--snapshot-max-age", "0"};
  prune.insert(prune.end(), where.begin(), where.end());
  const Result pruned = run_data_test(prune);
  EXPECT_EQ(pruned.status, 0) << pruned.out << pruned.err;
  EXPECT_EQ(query_one("op_precious", "select v from precious"), "42")
      << "a database data-test never made was pruned: " << pruned.out << pruned.err;

  // A whole run against the primary that holds look-alikes too.
  auto again = run_args(clone, fresh_dir("hostile-fn-work"), config, profile);
  again.insert(again.end(), {"--cache-dir", cache.string()});
  const Result second = run_data_test(again);
  EXPECT_EQ(second.status, 0) << second.err;

  EXPECT_EQ(planted_calls("postgres"), "") << "a look-alike ran as the operator";
  EXPECT_EQ(planted_calls("hostile_primary"), "") << "a look-alike ran as the operator";
  exec_sql("postgres", "revoke create on schema public from public");
  drop_database("op_precious");
  // The second run's snapshot: not left for the next test in this process.
  const std::string kept =
      query_one("postgres",
                "select coalesce(string_agg(datname, ','), '') from pg_database where datname like "
                "'data\\_test\\_snap\\_%'");
  for (std::size_t start = 0; start < kept.size();) {
    const auto end = std::min(kept.find(',', start), kept.size());
    drop_database(kept.substr(start, end - start));
    start = end + 1;
  }
}

// Issue 23, item 2: the snapshot's name and mark are computable by anyone who can read the
// marks. Another CREATEDB role plants a database under the name with the real mark, holding what
// makes the comparison PASS. Before the fix the next run copied it and reported PASS on a tree
// that FAILs. A snapshot is used only when this role owns it, it is closed to connections, and
// the operator's cache dir records its name with its oid.
TEST(HostileRole, APlantedSnapshotIsNeverUsedOrTouched) {
  exec_sql("postgres",
           "do $$ begin if not exists (select from pg_roles where rolname = 'mallory') then "
           "create role mallory login createdb; end if; end $$");
  const fs::path clone = make_app_clone("hostile-snap", "fk_regression");
  const fs::path work = fresh_dir("hostile-snap-work");
  const fs::path config = make_operator_config(work.parent_path(), "snap_primary");
  auto args = standard_args(clone, work, config);
  args.emplace_back("--keep-dbs");
  const Result first = run_data_test(args);
  ASSERT_EQ(first.status, 1) << first.err;
  const std::string snapshot = the_snapshot();
  ASSERT_FALSE(snapshot.empty());
  const std::string mark = mark_literal(snapshot);
  // The plant: the real snapshot gone (pruned, say), a database of mallory's under its name with
  // its mark and the NEW side's collection as "released" rows, closed like data-test's.
  exec_sql("postgres", "drop database " + snapshot);
  exec_sql("postgres", "create database " + snapshot + " template example_new owner mallory");
  exec_sql("postgres", "comment on database " + snapshot + " is " + mark);
  exec_sql("postgres", "alter database " + snapshot + " with allow_connections false");
  const std::string planted_oid =
      query_one("postgres", "select oid from pg_database where datname = '" + snapshot + "'");

  const Result second =
      run_data_test(standard_args(clone, fresh_dir("hostile-snap-again"), config));
  EXPECT_EQ(second.status, 1) << "the planted snapshot made the run PASS:\n"
                              << second.out << second.err;
  EXPECT_NE((second.out + second.err).find("was not made by this user's data-test"),
            std::string::npos)
      << second.out << second.err;
  EXPECT_EQ(query_one("postgres", "select oid from pg_database where datname = '" + snapshot + "'"),
            planted_oid)
      << "the planted database was replaced or dropped";
  drop_database(snapshot);
}

}  // namespace
}  // namespace dt::e2e
