#pragma once
// Counts of both sides -> one verdict per table. Pure.
#include <vector>

#include "core/app_profile.hpp"
#include "core/model.hpp"

namespace dt {

// PASS when equal, FLAG when new > released, FAIL when released > new. A table on one side only
// counts 0 on the other and gets a note. Sorted by schema then table (byte order).
std::vector<TableResult> compare(const std::vector<TableCount>& released,
                                 const std::vector<TableCount>& fresh);

// The profile's unstable_tables: each named result gets its entry, and UNSTABLE when its counts
// differ by no more than the spread (equal counts with changed content included); beyond the
// spread it keeps its verdict, so a real loss there still FAILs.
void apply_unstable(std::vector<TableResult>& results, const std::vector<UnstableTable>& tables);

}  // namespace dt
