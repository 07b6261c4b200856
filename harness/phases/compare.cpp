#include "compare.hpp"

#include <map>
#include <optional>
#include <utility>

namespace dt {

std::vector<TableResult> compare(const std::vector<TableCount>& released,
                                 const std::vector<TableCount>& fresh) {
  struct Sides {
    std::optional<std::int64_t> released, fresh;
  };
  // std::map keeps the result sorted by schema, then table.
  std::map<std::pair<std::string, std::string>, Sides> tables;
  for (const auto& count : released) tables[{count.schema, count.table}].released = count.rows;
  for (const auto& count : fresh) tables[{count.schema, count.table}].fresh = count.rows;

  std::vector<TableResult> results;
  results.reserve(tables.size());
  for (const auto& [name, sides] : tables) {
    TableResult result;
    result.schema = name.first;
    result.table = name.second;
    result.released_rows = sides.released.value_or(0);
    result.new_rows = sides.fresh.value_or(0);
    result.delta = result.new_rows - result.released_rows;
    result.verdict = classify(result.released_rows, result.new_rows);
    if (!sides.released) result.note = "only in new (table does not exist in released)";
    if (!sides.fresh) result.note = "only in released (table does not exist in new)";
    results.push_back(std::move(result));
  }
  return results;
}

void apply_unstable(std::vector<TableResult>& results, const std::vector<UnstableTable>& tables) {
  for (auto& r : results) {
    for (const auto& t : tables) {
      if (t.schema != r.schema || t.table != r.table) continue;
      r.unstable = Unstable{t.reason, t.spread};
      if (within_spread(r)) r.verdict = Verdict::unstable;
    }
  }
}

}  // namespace dt
