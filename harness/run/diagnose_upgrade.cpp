// The upgrade's evidence, worked out while the released, upgraded and new databases exist:
// the upgraded schema against the new side's fresh install, the content of tables whose counts
// held, and the rows an upgrade lost or changed.
#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "catalog.hpp"
#include "content.hpp"
#include "lost_rows.hpp"
#include "natural_key.hpp"
#include "run/attempt.hpp"
#include "run/diagnose.hpp"
#include "schema_delta.hpp"
#include "upgrade.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace dt {
namespace {

// The released columns the content is compared over: those the upgraded table still has, less
// the profile's content_exclude and the table's natural_keys exclude.
std::vector<std::string> compared_columns(const UpgradeInputs& in, const TableShape& rel,
                                          const TableShape& up) {
  std::vector<std::string> exclude = in.content_exclude;
  if (const auto* o = find_override(in.overrides, rel.schema, rel.table)) {
    exclude.insert(exclude.end(), o->exclude.begin(), o->exclude.end());
  }
  std::vector<std::string> out;
  for (const auto& c : content_columns(rel, exclude)) {
    if (find_column(up, c) != nullptr) out.push_back(c);
  }
  return out;
}

// Equal counts: the fingerprints over the compared columns, then per column which moved.
void check_content(const UpgradeInputs& in, const TableShape& rel, const TableShape& up,
                   UpgradeRow& r) {
  TableUpgrade& u = r.upgrade;
  const std::vector<std::string> columns = compared_columns(in, rel, up);
  for (const auto& c : rel.columns) {
    // A released column the upgrade dropped: its values are gone, whatever a fresh install has.
    if (find_column(up, c.name) == nullptr && !text::contains(in.content_exclude, c.name)) {
      u.changed_columns.push_back(c.name);
    }
  }
  if (columns.empty()) return;
  if (r.untouched && u.changed_columns.empty()) {
    u.content = Content::same;  // no row written, no file rewritten: nothing to read
    return;
  }
  const bool same = fingerprint(in.released, r.schema, r.table, columns) ==
                    fingerprint(in.upgraded, r.schema, r.table, columns);
  u.content = same && u.changed_columns.empty() ? Content::same : Content::changed;
  if (same) return;
  const KeyChoice key = choose_key(rel, &up, find_override(in.overrides, r.schema, r.table));
  u.key = key;
  for (const auto& c : columns) {
    if (text::contains(key.columns, c)) continue;
    std::vector<std::string> over = key.columns;
    over.push_back(c);
    if (fingerprint(in.released, r.schema, r.table, over) !=
        fingerprint(in.upgraded, r.schema, r.table, over)) {
      u.changed_columns.push_back(c);
    }
  }
  RowDiffSpec spec = row_diff_spec(rel, &up, key, in.sample);
  for (const auto& c : u.changed_columns) {
    if (find_column(up, c) != nullptr) spec.compared.push_back(c);
  }
  if (spec.compared.empty()) return;
  const RowDiff diff = diff_rows(in.released, in.upgraded, spec);
  u.changed = row_evidence(diff.changed, diff.changed_sample, in.work_dir / "upgrade-changed",
                           r.schema, r.table);
}

void find_lost(const UpgradeInputs& in, const TableShape& rel, const TableShape* up,
               UpgradeRow& r) {
  TableUpgrade& u = r.upgrade;
  const KeyChoice key = choose_key(rel, up, find_override(in.overrides, r.schema, r.table));
  u.key = key;
  const RowDiffSpec spec = row_diff_spec(rel, up, key, in.sample);
  const RowDiff diff = up == nullptr ? released_only(in.released, spec, u.released_rows)
                                     : diff_rows(in.released, in.upgraded, spec);
  u.lost =
      row_evidence(diff.lost, diff.lost_sample, in.work_dir / "upgrade-lost", r.schema, r.table);
}

}  // namespace

void diagnose_upgrade(const UpgradeInputs& in, std::vector<UpgradeRow>& rows) {
  std::optional<Catalog> rel, up, fresh;
  std::vector<std::string> problems;
  attempt(problems, "upgrade schema", [&] { rel = read_catalog(in.released, in.schemas); });
  attempt(problems, "upgrade schema", [&] { up = read_catalog(in.upgraded, in.schemas); });
  attempt(problems, "upgrade schema", [&] { fresh = read_catalog(in.fresh, in.schemas); });
  for (auto& r : rows) {
    TableUpgrade& u = r.upgrade;
    if (!problems.empty()) {
      u.problems = problems;
      continue;
    }
    const TableShape* r_shape = find_table(*rel, r.schema, r.table);
    const TableShape* u_shape = find_table(*up, r.schema, r.table);
    u.schema = upgrade_delta(u_shape, find_table(*fresh, r.schema, r.table));
    if (r_shape != nullptr && u_shape != nullptr && u.upgraded_rows == u.released_rows) {
      attempt(u.problems, "upgrade content", [&] { check_content(in, *r_shape, *u_shape, r); });
    }
    if (r_shape != nullptr && u.upgraded_rows < u.released_rows) {
      attempt(u.problems, "upgrade lost rows", [&] { find_lost(in, *r_shape, u_shape, r); });
    }
    u.verdict = upgrade_verdict(u);
  }
}

}  // namespace dt
