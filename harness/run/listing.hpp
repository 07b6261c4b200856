#pragma once
// What --gtest_list_tests lists, found as cheaply as the inputs allow: a saved state whose
// inputs match; else each side's cached discovery (listing.json, keyed by the side's inputs);
// else a schema-only discovery of only the sides not known, which is then cached. With
// --list-last-known nothing is ever built: the last known tables are listed.
#include <vector>

#include "core/model.hpp"
#include "options.hpp"

namespace dt {

// The tables to list (rows and verdicts unset), sorted by schema, then table. Throws dt::Error
// when the inputs are bad or a needed discovery fails.
std::vector<TableResult> tables_to_list(const Options& options);

// Either side's tables, once each, sorted as compare() sorts them (exposed for the unit tests).
std::vector<TableResult> union_of(const std::vector<TableCount>& released,
                                  const std::vector<TableCount>& fresh);

}  // namespace dt
