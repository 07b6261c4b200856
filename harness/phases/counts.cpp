#include "counts.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <future>
#include <numeric>
#include <optional>

#include <fmt/format.h>

#include "db/connection.hpp"
#include "util/error.hpp"

namespace dt {
namespace {

// A table and the server's estimate of its size (from pg_class, which takes no lock, unlike
// pg_relation_size: a locked table blocks only its own count); -1 when never measured.
struct Listed {
  TableCount table;
  long long bytes = 0;
};

// Base tables only: 'r' ordinary (including partitions), 'p' partitioned. Views, matviews and
// foreign tables hold derived or remote data, not what a migration can lose.
std::vector<Listed> discover(db::Connection& conn, const std::vector<std::string>& schemas) {
  if (schemas.empty()) return {};
  std::string list;
  for (const std::string& s : schemas) list += (list.empty() ? "" : ", ") + conn.quote(s);
  const auto rows = conn.query(
      "select n.nspname, c.relname, c.relfilenode::text, case when c.reltuples < 0 then -1 "
      "else c.relpages::int8 * pg_catalog.current_setting('block_size')::int8 end "
      "from pg_class c join pg_namespace n on n.oid = c.relnamespace "
      "where c.relkind in ('r', 'p') and n.nspname in (" +
          list + ")",
      fmt::format("listing the tables of '{}'", conn.params().dbname));
  std::vector<Listed> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    out.push_back(
        Listed{TableCount(row[0].value_or(""), row[1].value_or(""), 0, -1, row[2].value_or("")),
               std::strtoll(row[3].value_or("0").c_str(), nullptr, 10)});
  }
  // Byte order, independent of the server's collation.
  std::sort(out.begin(), out.end(), [](const Listed& a, const Listed& b) {
    return a.table.schema != b.table.schema ? a.table.schema < b.table.schema
                                            : a.table.table < b.table.table;
  });
  return out;
}

std::vector<TableCount> tables_of(std::vector<Listed> listed) {
  std::vector<TableCount> out;
  out.reserve(listed.size());
  for (Listed& l : listed) out.push_back(std::move(l.table));
  return out;
}

// Worth a second session: tables of a size never measured (a fresh collection, before any
// ANALYZE), or at least `from` bytes in all.
bool worth_two(const std::vector<Listed>& listed, long long from) {
  if (listed.size() < 2) return false;
  long long bytes = 0;
  for (const Listed& l : listed) {
    if (l.bytes < 0) return true;
    bytes += l.bytes;
  }
  return bytes >= from;
}

// Two shares of about equal bytes: the largest table first, each to the lighter share (on a
// tie, the one with fewer tables, so that unmeasured tables alternate).
std::array<std::vector<std::size_t>, 2> split(const std::vector<Listed>& listed) {
  std::vector<std::size_t> order(listed.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return listed[a].bytes > listed[b].bytes; });
  std::array<std::vector<std::size_t>, 2> shares;
  std::array<long long, 2> load{0, 0};
  for (std::size_t i : order) {
    const bool first =
        load[0] != load[1] ? load[0] < load[1] : shares[0].size() <= shares[1].size();
    const std::size_t to = first ? 0 : 1;
    shares.at(to).push_back(i);
    load.at(to) += std::max(0LL, listed[i].bytes);
  }
  return shares;
}

// Counts the tables of one share on conn (inside its snapshot). `written`: the extra column.
void count_share(db::Connection& conn, std::vector<Listed>& listed,
                 const std::vector<std::size_t>& share, const std::string& written) {
  for (std::size_t i : share) {
    TableCount& t = listed[i].table;
    const std::string name = conn.quote_name(t.schema) + "." + conn.quote_name(t.table);
    std::string sql = "select pg_catalog.count(*)";
    sql += written;
    sql += " from ";
    sql += name;
    const auto rows = conn.query(sql, fmt::format("cannot count the rows of '{}.{}' in '{}'",
                                                  t.schema, t.table, conn.params().dbname));
    t.rows = std::strtoll(rows.at(0).at(0).value_or("0").c_str(), nullptr, 10);
    if (!written.empty())
      t.written = std::strtoll(rows.at(0).at(1).value_or("0").c_str(), nullptr, 10);
  }
}

// A second session for the other share, or none: a server at its connection limit is still
// counted, in one session.
std::unique_ptr<db::Connection> second_session(const ConnParams& db) {
  try {
    return db::connect(db);
  } catch (const Error&) {
    return nullptr;
  }
}

}  // namespace

std::vector<TableCount> discover_tables(const ConnParams& db,
                                        const std::vector<std::string>& schemas) {
  auto conn = db::connect(db);
  return tables_of(discover(*conn, schemas));
}

std::vector<TableCount> count_tables(const ConnParams& db, const std::vector<std::string>& schemas,
                                     const std::string& since, long long two_sessions_from) {
  auto conn = db::connect(db);
  // One snapshot for the listing and every count, in both sessions.
  db::Snapshot snapshot(*conn);
  std::vector<Listed> listed = discover(*conn, schemas);
  // A row written after `since` has a younger xmin; a frozen one is as old as can be.
  const std::string written = since.empty()
                                  ? std::string()
                                  : ", pg_catalog.count(*) filter (where pg_catalog.age(xmin) < "
                                    "pg_catalog.age(" +
                                        conn->quote(since) + "::pg_catalog.xid))";
  std::unique_ptr<db::Connection> other;
  if (worth_two(listed, two_sessions_from)) other = second_session(db);
  if (!other) {
    std::vector<std::size_t> all(listed.size());
    std::iota(all.begin(), all.end(), std::size_t{0});
    count_share(*conn, listed, all, written);
    return tables_of(std::move(listed));
  }
  // Two sessions on one exported snapshot (as pg_dump -j): about half the wall time where the
  // server has two cores to scan with. Declared in this order so that the other share's thread
  // is joined before its snapshot and session end, also when this share throws.
  const auto shares = split(listed);
  db::Snapshot imported(*other, snapshot.exported());
  auto other_share =
      std::async(std::launch::async, [&] { count_share(*other, listed, shares[1], written); });
  count_share(*conn, listed, shares[0], written);
  other_share.get();
  return tables_of(std::move(listed));
}

std::string current_xid(const ConnParams& db) {
  auto conn = db::connect(db);
  return conn->scalar("select (pg_catalog.txid_current() % 4294967296)::text",
                      fmt::format("cannot read the transaction id of '{}'", db.dbname));
}

}  // namespace dt
