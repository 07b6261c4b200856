#pragma once
// --self-check's answer (pure): the tables whose second collection by the released build differs
// from the first, and the profile fragment that names them as unstable.
#include <cstdint>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "util/json.hpp"

namespace dt {

// One table that differed between two collections of the same version.
struct NoisyTable {
  std::string name;              // "schema.table", as the profile's keys name tables
  std::int64_t released = 0;     // rows in the released collection
  std::int64_t again = 0;        // rows in the second collection
  std::int64_t spread = 0;       // |released - again|; 0 when only the content changed
  bool content_changed = false;  // equal counts, other content (--content's fingerprints)
};

// The tables whose counts differ, or whose content changed with equal counts, in the results'
// order.
std::vector<NoisyTable> noisy_tables(const std::vector<TableResult>& results);

// The profile's reason for a table: "self-check: released 120 rows, again 117", or
// "self-check: 120 rows both times, content changed".
std::string unstable_reason(const NoisyTable& table);

// {"unstable_tables": {"schema.table": {"reason": ..., "spread": N}}}; the object is empty when
// every table was stable.
json::Json unstable_fragment(const std::vector<NoisyTable>& tables);

// The terminal's line for a table: "unstable: schema.table: released 120, again 117 (spread 3)".
std::string noisy_line(const NoisyTable& table);

}  // namespace dt
