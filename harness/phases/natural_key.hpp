#pragma once
// Which columns match a table's rows across the two scratch databases. Pure.
#include "core/app_profile.hpp"
#include "core/diagnosis.hpp"
#include "core/table_shape.hpp"

namespace dt {

// The natural key of a table and the columns its content is compared over:
// - the profile's key when it gives one;
// - else the primary key, then a unique constraint or index (by name), whose columns are on
//   both sides, NOT NULL, and not filled by the database (sequence, identity, now(), ...);
// - else every column both sides share, minus those volatile ones.
// `compared` is every shared column minus the volatile ones and the profile's `exclude`.
// fresh is nullptr when the new side lacks the table (then "shared" means released's columns).
// Throws dt::Error when the override names a column the table lacks, or nothing is left to
// match rows by.
KeyChoice choose_key(const TableShape& released, const TableShape* fresh,
                     const NaturalKeyOverride* override);

// The profile's override for schema.table, or nullptr.
const NaturalKeyOverride* find_override(const std::vector<NaturalKeyOverride>& overrides,
                                        const std::string& schema, const std::string& table);

}  // namespace dt
