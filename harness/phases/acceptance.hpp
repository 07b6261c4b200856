#pragma once
// Accepted changes applied to a run's results: a table whose verdict its acceptance expects is
// ACCEPTED (its test passes, its evidence kept); one that no longer matches is marked stale; a
// loss beyond max_lost stays a FAIL, marked out_of_bounds. Pure.
#include <string>
#include <vector>

#include "core/accepted.hpp"
#include "core/model.hpp"

namespace dt {

// Applies each acceptance of a fresh verdict (FAIL, FLAG, DRIFT) to its table, when
// `fresh_compared` (the upgrade applies its own). Returns one warning line per acceptance that
// names a table the run does not have.
std::vector<std::string> apply_accepted(std::vector<TableResult>& results,
                                        const std::vector<AcceptedChange>& accepted,
                                        bool fresh_compared);

}  // namespace dt
