#include "upgrade.hpp"

#include <algorithm>
#include <map>

namespace dt {

std::vector<UpgradeRow> compare_upgrade(const std::vector<TableCount>& released,
                                        const std::vector<std::vector<TableCount>>& after_step,
                                        const std::vector<TableCount>& fresh) {
  std::map<std::pair<std::string, std::string>, UpgradeRow> rows;
  const auto row = [&](const TableCount& t) -> UpgradeRow& {
    UpgradeRow& r = rows[{t.schema, t.table}];
    r.schema = t.schema;
    r.table = t.table;
    return r;
  };
  for (const auto& t : fresh) row(t);
  for (const auto& t : released) row(t).upgrade.released_rows = t.rows;
  if (!after_step.empty()) {
    for (const auto& t : after_step.back()) row(t).upgrade.upgraded_rows = t.rows;
  }
  for (std::size_t step = 0; step < after_step.size(); ++step) {
    for (auto& [name, r] : rows) {
      if (r.upgrade.step) continue;
      const auto it = std::find_if(
          after_step[step].begin(), after_step[step].end(),
          [&](const TableCount& t) { return t.schema == name.first && t.table == name.second; });
      const std::int64_t now = it == after_step[step].end() ? 0 : it->rows;
      if (now < r.upgrade.released_rows) r.upgrade.step = step;
    }
  }
  std::vector<UpgradeRow> out;
  for (auto& [name, r] : rows) {
    r.upgrade.delta = r.upgrade.upgraded_rows - r.upgrade.released_rows;
    r.upgrade.verdict = upgrade_verdict(r.upgrade);
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<std::string> content_columns(const TableShape& shape,
                                         const std::vector<std::string>& exclude) {
  std::vector<std::string> out;
  for (const auto& c : shape.columns) {
    if (std::find(exclude.begin(), exclude.end(), c.name) == exclude.end()) out.push_back(c.name);
  }
  return out;
}

}  // namespace dt
