#include "acceptance.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/verdict.hpp"
#include "util/text.hpp"

namespace dt {

std::vector<std::string> apply_accepted(std::vector<TableResult>& results,
                                        const std::vector<AcceptedChange>& accepted,
                                        bool fresh_compared) {
  std::vector<std::string> warnings;
  for (const AcceptedChange& a : accepted) {
    auto it = std::find_if(results.begin(), results.end(), [&](const TableResult& r) {
      return r.schema == a.schema && r.table == a.table;
    });
    if (it == results.end()) {
      warnings.push_back(
          fmt::format("stale acceptance: {}.{} is in neither database; remove its entry from {}",
                      text::printable(a.schema), text::printable(a.table), a.origin));
      continue;
    }
    TableResult& r = *it;
    // The upgrade's acceptances were applied by the upgrade itself (its verdict line counts
    // them); without a fresh comparison there is no fresh verdict to judge.
    if (for_upgrade(a.verdict) || !fresh_compared) continue;
    // Without --content nothing says whether a table drifted: that acceptance is not judged.
    if (a.verdict == Expected::drift && r.content == Content::not_compared) continue;
    r.accepted = accept(a, r.verdict, drifted(r), rows_lost(r.released_rows, r.new_rows));
  }
  return warnings;
}

}  // namespace dt
