#pragma once
// Counts of both sides -> one verdict per table. Pure.
#include <vector>

#include "core/model.hpp"

namespace dt {

// PASS when equal, FLAG when new > released, FAIL when released > new. A table on one side only
// counts 0 on the other and gets a note. Sorted by schema then table (byte order).
std::vector<TableResult> compare(const std::vector<TableCount>& released,
                                 const std::vector<TableCount>& fresh);

}  // namespace dt
