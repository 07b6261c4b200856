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
// discover_tables plus an exact count(*) per table (identifiers quoted), all in one snapshot.
std::vector<TableCount> count_tables(const ConnParams& db, const std::vector<std::string>& schemas);

}  // namespace dt
