#pragma once
// Phase 5's input: every base table of the given schemas and its exact row count.
#include <cstdint>
#include <string>
#include <vector>

#include "util/conninfo.hpp"

namespace dt {

struct TableCount {
  std::string schema;
  std::string table;
  std::int64_t rows = 0;
};

// Ordinary and partitioned tables from pg_class (never views, materialized views or foreign
// tables), sorted by schema then table. Rows are 0 in the result.
std::vector<TableCount> discover_tables(const ConnParams& db,
                                        const std::vector<std::string>& schemas);
// discover_tables plus an exact count(*) per table (identifiers quoted).
std::vector<TableCount> count_tables(const ConnParams& db, const std::vector<std::string>& schemas);

}  // namespace dt
