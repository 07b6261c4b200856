#include "verdict.hpp"

#include <map>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "util/error.hpp"

namespace dt {

std::string_view to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::pass:
      return "PASS";
    case Verdict::flag:
      return "FLAG";
    case Verdict::fail:
      return "FAIL";
  }
  return "FAIL";  // unreachable; keeps -Wreturn-type quiet
}

Verdict verdict_from_string(std::string_view text) {
  if (text == "PASS") return Verdict::pass;
  if (text == "FLAG") return Verdict::flag;
  if (text == "FAIL") return Verdict::fail;
  throw Error(fmt::format("unknown verdict '{}'; expected PASS, FLAG or FAIL", text));
}

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
    result.verdict = result.delta == 0  ? Verdict::pass
                     : result.delta > 0 ? Verdict::flag
                                        : Verdict::fail;
    if (!sides.released) result.note = "only in new (table does not exist in released)";
    if (!sides.fresh) result.note = "only in released (table does not exist in new)";
    results.push_back(std::move(result));
  }
  return results;
}

std::string signed_delta(std::int64_t delta) {
  return delta > 0 ? fmt::format("+{}", delta) : fmt::format("{}", delta);
}

}  // namespace dt
