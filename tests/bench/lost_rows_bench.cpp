// The lost-row sample's cost against one sequential scan of both sides, on a throwaway cluster:
// a table of N rows (default 2,000,000) collected on the released side, the same table missing
// 1% of its rows on the new side. Prints min/median/max seconds of each over R rounds.
// Usage: lost_rows_bench [ROWS=2000000] [ROUNDS=5]
//   scan (count)  select count(*) on each side: the server reads every row once
//   scan (stream) COPY of every row of each side to the client: what any comparison of two
//                 databases must read at least, since PostgreSQL cannot join across them
//   scan (keys)   the same for the key column only, in the table's physical order
//   row sample    diff_rows as a run calls it: both sides' keys streamed in key order (here the
//                 primary key's index order) and merged, then the sampled rows read by key
//   (key as text) the same with the key sorted as text: a text key whose collation is not C
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "catalog.hpp"
#include "db/connection.hpp"
#include "lost_rows.hpp"
#include "natural_key.hpp"
#include "pg_cluster.hpp"
#include "run/diagnose.hpp"
#include "util/error.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

void summary(const char* what, std::vector<double> values) {
  std::sort(values.begin(), values.end());
  fmt::print("{:<14} min {:.3f} s, median {:.3f} s, max {:.3f} s (n={})\n", what, values.front(),
             median(values), values.back(), values.size());
}

}  // namespace

int main(int argc, char** argv) {
  const long rows = argc > 1 ? std::max(1000L, std::atol(argv[1])) : 2000000L;
  const int rounds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
  try {
    dt::PgCluster pg;
    const auto setup = Clock::now();
    pg.exec("create database bench_released");
    // A commits-like table: a natural text key, a few columns of each kind.
    pg.exec(fmt::format(R"sql(
      create table commits (sha text primary key, repo_id int not null, author text not null,
                            additions int, deletions int, committed_at timestamptz not null);
      insert into commits
        select md5(i::text), 1, 'author ' || (i % 997), i % 500, i % 300,
               timestamptz '2020-01-01' + i * interval '1 minute'
        from generate_series(1, {}) i;
    )sql",
                        rows),
            "bench_released");
    pg.exec("vacuum analyze commits", "bench_released");
    pg.exec("create database bench_new template bench_released");
    // 1% of the rows lost, spread over the key range.
    pg.exec("delete from commits where ('x' || substr(sha, 1, 8))::bit(32)::int % 100 = 0",
            "bench_new");
    pg.exec("vacuum analyze commits", "bench_new");
    fmt::print("setup ({} rows): {:.1f} s\n", rows, seconds_since(setup));

    const auto released = pg.params("bench_released");
    const auto fresh = pg.params("bench_new");
    // The spec data-test itself would use: the catalogs, the natural key, the key's order.
    const auto rel = dt::read_catalog(released, {"public"});
    const auto neu = dt::read_catalog(fresh, {"public"});
    const dt::TableShape* r_shape = dt::find_table(rel, "public", "commits");
    const dt::TableShape* n_shape = dt::find_table(neu, "public", "commits");
    const dt::KeyChoice key = dt::choose_key(*r_shape, n_shape, nullptr);
    const dt::RowDiffSpec spec = dt::row_diff_spec(*r_shape, n_shape, key, 20);
    // The same key sorted as text: a text key under a collation other than C.
    dt::RowDiffSpec sorted = spec;
    sorted.order.clear();
    fmt::print("key: {} ({}), read in its index order: {}\n", key.columns.at(0), key.source,
               spec.order.at(0).released_native ? "yes" : "no");

    std::vector<double> count_scan, stream_scan, key_scan, sample, sorted_sample;
    long lost = 0;
    for (int round = 0; round <= rounds; ++round) {  // round 0 warms the cache
      auto start = Clock::now();
      for (const auto* db : {&released, &fresh}) {
        auto conn = dt::db::connect(*db);
        conn->scalar("select count(*) from commits", "count");
      }
      const double c = seconds_since(start);

      start = Clock::now();
      long lines = 0;
      for (const auto* db : {&released, &fresh}) {
        auto conn = dt::db::connect(*db);
        dt::db::CopyReader reader(*conn, "select * from commits", "stream");
        std::string line;
        while (reader.next(line)) ++lines;
      }
      const double s = seconds_since(start);

      start = Clock::now();
      for (const auto* db : {&released, &fresh}) {
        auto conn = dt::db::connect(*db);
        dt::db::CopyReader reader(*conn, "select sha from commits", "stream keys");
        std::string line;
        while (reader.next(line)) ++lines;
      }
      const double k = seconds_since(start);

      start = Clock::now();
      const dt::RowDiff diff = dt::diff_rows(released, fresh, spec);
      const double d = seconds_since(start);
      start = Clock::now();
      const dt::RowDiff as_text = dt::diff_rows(released, fresh, sorted);
      const double t = seconds_since(start);
      lost = diff.lost;
      if (round == 0) continue;
      count_scan.push_back(c);
      stream_scan.push_back(s);
      key_scan.push_back(k);
      sample.push_back(d);
      sorted_sample.push_back(t);
      if (lines <= 0 || diff.lost_sample.rows.size() != 20 || as_text.lost != diff.lost) {
        fmt::print(stderr, "bench: unexpected result ({} lines, {} sampled)\n", lines,
                   diff.lost_sample.rows.size());
        return 1;
      }
    }
    fmt::print("lost rows found: {} of {}\n", lost, rows);
    summary("scan (count)", count_scan);
    summary("scan (stream)", stream_scan);
    summary("scan (keys)", key_scan);
    summary("row sample", sample);
    summary("(key as text)", sorted_sample);
    fmt::print(
        "row sample / scan (stream): {:.2f}x; / scan (keys): {:.2f}x; / scan (count): "
        "{:.2f}x (medians)\n",
        median(sample) / median(stream_scan), median(sample) / median(key_scan),
        median(sample) / median(count_scan));
    fmt::print("key sorted as text / scan (stream): {:.2f}x; / scan (keys): {:.2f}x (medians)\n",
               median(sorted_sample) / median(stream_scan),
               median(sorted_sample) / median(key_scan));
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "bench: {}\n", e.what());
    return 2;
  }
}
