#include "repo_counts.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>

#include <fmt/format.h>

#include "db/connection.hpp"
#include "util/log.hpp"

namespace dt {
namespace {

std::string quoted_table(db::Connection& conn, const std::string& qualified) {
  const auto [schema, table] = split_qualified(qualified);
  return conn.quote_name(schema) + "." + conn.quote_name(table);
}

// id (as text) -> repository index, from the lookup table of this side.
std::map<std::string, std::size_t> repo_ids(db::Connection& conn, const RepoLookup& lookup,
                                            const std::vector<std::string>& repos) {
  std::map<std::string, std::size_t> ids;
  const auto [schema, table] = split_qualified(lookup.table);
  const std::string exists =
      conn.scalar(fmt::format("select pg_catalog.count(*) from pg_class c join pg_namespace n on "
                              "n.oid = c.relnamespace "
                              "where n.nspname = {} and c.relname = {} and c.relkind in ('r', 'p')",
                              conn.quote(schema), conn.quote(table)),
                  fmt::format("looking up '{}'", lookup.table));
  if (exists == "0") {
    log::warn(
        fmt::format("'{}' has no table {} (the profile's repo_lookup): its rows are not "
                    "split per repository",
                    conn.params().dbname, lookup.table));
    return ids;
  }
  const auto rows =
      conn.query(fmt::format("select {}::text, {}::text from {}", conn.quote_name(lookup.id_column),
                             conn.quote_name(lookup.url_column), quoted_table(conn, lookup.table)),
                 fmt::format("reading the repository ids of '{}' in '{}'", lookup.table,
                             conn.params().dbname));
  for (const auto& row : rows) {
    if (!row[0] || !row[1]) continue;
    const auto at = std::find(repos.begin(), repos.end(), *row[1]);
    if (at != repos.end()) ids[*row[0]] = static_cast<std::size_t>(at - repos.begin());
  }
  return ids;
}

}  // namespace

std::vector<RepoTableCounts> count_by_repo(const ConnParams& db,
                                           const std::vector<std::string>& schemas,
                                           const std::string& column, const RepoLookup& lookup,
                                           const std::vector<std::string>& repos) {
  std::vector<RepoTableCounts> out;
  if (column.empty() || schemas.empty()) return out;
  auto conn = db::connect(db);
  db::Snapshot snapshot(*conn);
  const auto ids = repo_ids(*conn, lookup, repos);
  std::string list;
  for (const std::string& s : schemas) list += (list.empty() ? "" : ", ") + conn->quote(s);
  const auto tables = conn->query(
      "select n.nspname, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace "
      "join pg_attribute a on a.attrelid = c.oid where c.relkind in ('r', 'p') and a.attnum > 0 "
      "and not a.attisdropped and a.attname = " +
          conn->quote(column) + " and n.nspname in (" + list + ")",
      fmt::format("listing the tables with column '{}' in '{}'", column, db.dbname));
  for (const auto& row : tables) {
    RepoTableCounts counts;
    counts.schema = row[0].value_or("");
    counts.table = row[1].value_or("");
    counts.rows.assign(repos.size(), 0);
    const auto groups =
        conn->query(fmt::format("select {}::text, pg_catalog.count(*) from {}.{} group by 1",
                                conn->quote_name(column), conn->quote_name(counts.schema),
                                conn->quote_name(counts.table)),
                    fmt::format("cannot count the rows of '{}.{}' per repository in '{}'",
                                counts.schema, counts.table, db.dbname));
    for (const auto& group : groups) {
      const std::int64_t rows = std::strtoll(group[1].value_or("0").c_str(), nullptr, 10);
      const auto id = group[0] ? ids.find(*group[0]) : ids.end();
      if (id == ids.end()) {
        counts.other += rows;
      } else {
        counts.rows[id->second] += rows;
      }
    }
    out.push_back(std::move(counts));
  }
  return out;
}

void attach_repo_results(std::vector<TableResult>& results,
                         const std::vector<RepoTableCounts>& released,
                         const std::vector<RepoTableCounts>& fresh,
                         const std::vector<std::string>& repos_shown) {
  const auto find = [](const std::vector<RepoTableCounts>& side, const TableResult& r) {
    const auto at = std::find_if(side.begin(), side.end(), [&](const RepoTableCounts& c) {
      return c.schema == r.schema && c.table == r.table;
    });
    return at == side.end() ? nullptr : &*at;
  };
  const auto entry = [](std::string repo, std::int64_t before, std::int64_t after) {
    return RepoResult{std::move(repo), before, after, after - before, classify(before, after)};
  };
  for (TableResult& result : results) {
    const RepoTableCounts* before = find(released, result);
    const RepoTableCounts* after = find(fresh, result);
    if (before == nullptr && after == nullptr) continue;
    result.by_repo.clear();
    const auto rows = [](const RepoTableCounts* c, std::size_t i) {
      return c != nullptr && i < c->rows.size() ? c->rows[i] : 0;
    };
    for (std::size_t i = 0; i < repos_shown.size(); ++i) {
      result.by_repo.push_back(entry(repos_shown[i], rows(before, i), rows(after, i)));
    }
    // A side where the table lacks the column: its rows belong to no repository.
    const std::int64_t other_before = before != nullptr ? before->other : result.released_rows;
    const std::int64_t other_after = after != nullptr ? after->other : result.new_rows;
    if (other_before != 0 || other_after != 0) {
      result.by_repo.push_back(entry(std::string(kOtherRepos), other_before, other_after));
    }
  }
}

}  // namespace dt
