#pragma once
// Reads the shape of every base table of the given schemas from one database's catalog
// (pg_class, pg_attribute, pg_attrdef, pg_constraint, pg_index), in one snapshot.
#include <string>
#include <vector>

#include "core/table_shape.hpp"
#include "db/conninfo.hpp"

namespace dt {

// Ordinary and partitioned tables (never views), sorted by schema then table; their live
// columns in order; primary key, unique, check and foreign key constraints, plus unique indexes
// on plain columns without a predicate. Throws dt::Error when the database cannot be read.
Catalog read_catalog(const ConnParams& db, const std::vector<std::string>& schemas);

}  // namespace dt
