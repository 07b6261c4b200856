#pragma once
// Phase 5's input: every base table of the given schemas and its exact row count.
#include <string>
#include <vector>

#include "core/model.hpp"
#include "db/conninfo.hpp"

namespace dt {

// Ordinary and partitioned tables from pg_class (never views, materialized views or foreign
// tables), sorted by schema then table (byte order). Rows are 0 in the result.
std::vector<TableCount> discover_tables(const ConnParams& db,
                                        const std::vector<std::string>& schemas);
// Below this many bytes of tables in all (the server's estimate), count_tables uses one session.
constexpr long long kTwoSessionBytes = 64LL << 20;

// discover_tables plus an exact count(*) per table (identifiers quoted), all in one snapshot:
// from `two_sessions_from` bytes on, or with tables the server has not measured yet, split
// between two sessions sharing it (one, if the server refuses a second). With `since` (a
// transaction id from current_xid), also each table's rows written by later transactions
// (TableCount::written), in the same scan.
std::vector<TableCount> count_tables(const ConnParams& db, const std::vector<std::string>& schemas,
                                     const std::string& since = "",
                                     long long two_sessions_from = kTwoSessionBytes);
// A new transaction id of the server (32 bits, as xmin holds it): rows written after this call
// carry a later one.
std::string current_xid(const ConnParams& db);

}  // namespace dt
