#include "upgrade.hpp"

#include <algorithm>
#include <map>

namespace dt {

namespace {

using Rows = std::map<std::pair<std::string, std::string>, UpgradeRow>;

// A table is untouched when no row of it was written after the steps began and its file is the
// released table's. A partitioned table has no file of its own: it is untouched only when no
// table's file changed at all (a partition's rewrite shows on the partition, not on it).
void mark_untouched(const std::vector<TableCount>& released, const std::vector<TableCount>& last,
                    Rows& rows) {
  std::map<std::pair<std::string, std::string>, std::string> files;
  for (const auto& t : released) files[{t.schema, t.table}] = t.file;
  bool any_rewrite = false;
  for (const auto& t : last) {
    const auto it = files.find({t.schema, t.table});
    any_rewrite = any_rewrite || (it != files.end() && it->second != t.file);
  }
  for (const auto& t : last) {
    const auto it = files.find({t.schema, t.table});
    if (it == files.end() || t.written != 0 || it->second != t.file || t.file.empty()) continue;
    if (t.file == "0" && any_rewrite) continue;
    rows[{t.schema, t.table}].untouched = true;
  }
}

}  // namespace

std::vector<UpgradeRow> compare_upgrade(const std::vector<TableCount>& released,
                                        const std::vector<std::vector<TableCount>>& after_step,
                                        const std::vector<TableCount>& fresh) {
  Rows rows;
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
    // Not a structured binding: C++17 lambdas cannot capture one (clang refuses it).
    for (auto& entry : rows) {
      UpgradeRow& r = entry.second;
      if (r.upgrade.step) continue;
      const auto it = std::find_if(
          after_step[step].begin(), after_step[step].end(),
          [&r](const TableCount& t) { return t.schema == r.schema && t.table == r.table; });
      const std::int64_t now = it == after_step[step].end() ? 0 : it->rows;
      if (now < r.upgrade.released_rows) r.upgrade.step = step;
    }
  }
  mark_untouched(released, after_step.empty() ? std::vector<TableCount>() : after_step.back(),
                 rows);
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
