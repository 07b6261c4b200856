#include "run/diagnose.hpp"

#include "run/attempt.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "catalog.hpp"
#include "console.hpp"
#include "content.hpp"
#include "log_evidence.hpp"
#include "lost_rows.hpp"
#include "natural_key.hpp"
#include "schema_delta.hpp"
#include "source_lines.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/log.hpp"
#include "util/redact.hpp"
#include "util/text.hpp"
#include "worktree.hpp"

namespace dt {
namespace {

std::string safe_part(const std::string& name) {
  std::string out;
  bool replaced = name.empty();
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    out += ok ? c : '_';
    replaced = replaced || !ok;
  }
  return replaced ? fmt::format("{}_{:08x}", out, text::fnv1a64(name) & 0xffffffffu) : out;
}

struct Catalogs {
  std::optional<Catalog> released, fresh;
  std::string problem;  // why one could not be read
};

Catalogs read_both(const DiagnoseInputs& in) {
  Catalogs c;
  std::vector<std::string> problems;
  attempt(problems, "schema delta", [&] { c.released = read_catalog(in.released, in.schemas); });
  attempt(problems, "schema delta", [&] { c.fresh = read_catalog(in.fresh, in.schemas); });
  if (!problems.empty()) c.problem = problems.front();
  return c;
}

bool text_like(const ColumnShape& c) {
  return c.type == "text" || c.type == "uuid" || c.type.rfind("character varying", 0) == 0;
}

// How each key column can be streamed in the merge's order on each side (see KeyOrder).
std::vector<KeyOrder> key_order(const TableShape& rel, const TableShape* neu,
                                const std::vector<std::string>& key) {
  std::vector<KeyOrder> out;
  for (const auto& name : key) {
    const ColumnShape* a = find_column(rel, name);
    const ColumnShape* b = neu != nullptr ? find_column(*neu, name) : a;
    KeyOrder o;
    o.integer = a != nullptr && b != nullptr && a->integer && b->integer;
    o.released_native = a != nullptr && a->byte_ordered;
    o.new_native = b != nullptr && b->byte_ordered;
    o.typed_equality = a != nullptr && (a->integer || text_like(*a));
    out.push_back(o);
  }
  return out;
}

// The table's natural key, its compared columns less the profile's content_exclude.
KeyChoice key_for(const DiagnoseInputs& in, const TableShape& rel, const TableShape* neu,
                  const TableResult& r) {
  KeyChoice key = choose_key(rel, neu, find_override(in.overrides, r.schema, r.table));
  for (const auto& c : in.content_exclude) {
    const auto at = std::find(key.compared.begin(), key.compared.end(), c);
    if (at == key.compared.end() ||
        std::find(key.columns.begin(), key.columns.end(), c) != key.columns.end()) {
      continue;  // a key column is compared whatever the list says: rows are matched by it
    }
    key.compared.erase(at);
    key.excluded.push_back(c);
  }
  return key;
}

// --content: the fingerprints of a table with equal counts on both sides.
void check_content(const DiagnoseInputs& in, const Catalogs& cat, TableResult& r) {
  const TableShape* rel = find_table(*cat.released, r.schema, r.table);
  const TableShape* neu = find_table(*cat.fresh, r.schema, r.table);
  if (rel == nullptr || neu == nullptr) return;
  attempt(r.diagnosis.problems, "content", [&] {
    const KeyChoice key = key_for(in, *rel, neu, r);
    const std::string a = fingerprint(in.released, r.schema, r.table, key.compared);
    const std::string b = fingerprint(in.fresh, r.schema, r.table, key.compared);
    r.content = a == b ? Content::same : Content::changed;
    if (drifted(r)) r.diagnosis.key = key;
    r.verdict = verdict_of(status(r, in.content));  // --content=fail: a drift FAILs
  });
}

void find_rows(const DiagnoseInputs& in, const Catalogs& cat, TableResult& r) {
  const TableShape* rel = find_table(*cat.released, r.schema, r.table);
  const TableShape* neu = find_table(*cat.fresh, r.schema, r.table);
  if (rel == nullptr) return;  // a table only in new cannot have lost rows
  attempt(r.diagnosis.problems, drifted(r) ? "changed rows" : "lost rows", [&] {
    const KeyChoice key = key_for(in, *rel, neu, r);
    r.diagnosis.key = key;
    RowDiffSpec spec = row_diff_spec(*rel, neu, key, in.sample);
    if (neu == nullptr) {
      const RowDiff diff = released_only(in.released, spec, r.released_rows);
      r.diagnosis.lost =
          row_evidence(diff.lost, diff.lost_sample, in.work_dir / "lost", r.schema, r.table);
      return;
    }
    if (drifted(r)) {
      for (const auto& c : key.compared) {
        if (std::find(key.columns.begin(), key.columns.end(), c) == key.columns.end()) {
          spec.compared.push_back(c);
        }
      }
    }
    const RowDiff diff = diff_rows(in.released, in.fresh, spec);
    if (!drifted(r) || diff.lost > 0) {
      r.diagnosis.lost =
          row_evidence(diff.lost, diff.lost_sample, in.work_dir / "lost", r.schema, r.table);
    }
    if (key.whole_rows) {
      // No key: a row that changed is one only on released and one only on new; both are shown.
      r.diagnosis.added =
          row_evidence(diff.extra, diff.extra_sample, in.work_dir / "added", r.schema, r.table);
      return;
    }
    if (drifted(r)) {
      r.diagnosis.changed = row_evidence(diff.changed, diff.changed_sample, in.work_dir / "changed",
                                         r.schema, r.table);
    }
  });
}

LogNeedles needles_of(const Catalogs& cat, const TableResult& r) {
  LogNeedles n{r.schema, r.table, {}};
  for (const auto& c : {cat.released, cat.fresh}) {
    if (!c) continue;
    if (const TableShape* t = find_table(*c, r.schema, r.table)) {
      for (const auto& k : t->constraints) n.constraints.push_back(k.name);
    }
  }
  return n;
}

void scan_logs(const DiagnoseInputs& in, const Catalogs& cat, std::vector<TableResult*>& tables) {
  std::vector<LogNeedles> needles;
  for (const TableResult* r : tables) needles.push_back(needles_of(cat, *r));
  // Not a structured binding: C++17 lambdas cannot capture one (clang refuses it).
  for (const auto& log : {std::pair<std::string, std::filesystem::path>{"new", in.new_log},
                          {"released", in.released_log}}) {
    const std::string& side = log.first;
    const std::filesystem::path& path = log.second;
    std::vector<std::string> problems;
    std::vector<LogEvidence> found;
    attempt(problems, "collector log", [&] { found = scan_log(path, side, needles); });
    for (std::size_t i = 0; i < tables.size(); ++i) {
      if (i < found.size()) tables[i]->diagnosis.log.push_back(std::move(found[i]));
      for (const auto& p : problems) tables[i]->diagnosis.problems.push_back(p);
    }
  }
}

}  // namespace

RowDiffSpec row_diff_spec(const TableShape& rel, const TableShape* neu, const KeyChoice& key,
                          std::size_t sample) {
  RowDiffSpec spec;
  spec.schema = rel.schema;
  spec.table = rel.table;
  spec.key = key.columns;
  spec.order = key_order(rel, neu, key.columns);
  spec.sample = sample;
  for (const auto& c : rel.columns) spec.shown.push_back(c.name);
  return spec;
}

RowEvidence row_evidence(std::int64_t total, RowSample sample, const std::filesystem::path& dir,
                         const std::string& schema, const std::string& table) {
  RowEvidence e;
  e.total = total;
  e.sample = std::move(sample);
  if (!e.sample.rows.empty()) {
    file::create_directories(dir, 0700);
    const auto path = sample_path(dir, schema, table);
    file::write_private(path, to_csv(e.sample));
    e.file = path.string();
  }
  return e;
}

std::filesystem::path sample_path(const std::filesystem::path& dir, const std::string& schema,
                                  const std::string& table) {
  return dir / (safe_part(schema) + "." + safe_part(table) + ".csv");
}

std::vector<EarlyWarning> early_warnings(const ConnParams& released, const ConnParams& fresh,
                                         const std::vector<std::string>& schemas) {
  std::vector<EarlyWarning> out;
  for (const auto& delta :
       schema_delta(read_catalog(released, schemas), read_catalog(fresh, schemas))) {
    for (const auto& change : delta.changes) {
      if (risky(change.code)) out.push_back({delta.schema, delta.table, change, std::nullopt});
    }
  }
  return out;
}

void diagnose(const DiagnoseInputs& in, std::vector<TableResult>& results,
              std::vector<EarlyWarning>& warnings) {
  const Catalogs cat = read_both(in);
  const bool catalogs = cat.released && cat.fresh;
  for (auto& r : results) {
    if (catalogs) {
      r.diagnosis.changes = table_delta(find_table(*cat.released, r.schema, r.table),
                                        find_table(*cat.fresh, r.schema, r.table));
    }
    if (catalogs && in.content != ContentCheck::off && r.verdict == Verdict::pass) {
      check_content(in, cat, r);
    }
  }
  std::vector<TableResult*> diagnosed;
  for (auto& r : results) {
    if (!needs_evidence(r)) continue;
    diagnosed.push_back(&r);
    if (!catalogs) {
      r.diagnosis.problems.push_back(cat.problem);
      continue;
    }
    find_rows(in, cat, r);
    if (drifted(r)) log::warn(console::drift_line(r));
  }
  scan_logs(in, cat, diagnosed);
  for (auto& w : warnings) {
    w.confirmed = false;
    for (const auto& r : results) {
      if (r.schema == w.schema && r.table == w.table) w.confirmed = needs_evidence(r);
    }
  }
}

void attach_sources(const std::filesystem::path& source_dir, const std::string& commit,
                    const std::vector<std::filesystem::path>& excludes,
                    std::vector<TableResult>& results, std::vector<EarlyWarning>& warnings) {
  std::vector<AddedLine> added;
  std::vector<AddedLine> removed;
  std::filesystem::path top;
  try {
    const TreeChanges changes = changes_since(source_dir, commit, excludes);
    top = changes.top;
    added = added_lines(changes.diff);
    removed = removed_lines(changes.diff);
    for (const auto& [file, content] : changes.untracked) {
      auto lines = file_lines(file, content);
      added.insert(added.end(), lines.begin(), lines.end());
    }
  } catch (const Error& e) {
    log::warn(fmt::format("the source lines of the schema changes are not shown: {}", e.what()));
    return;
  }
  const auto locate = [&](SchemaChange& change, const std::string& table) {
    change.source = find_source(added, change, table);
    if (!change.source) {
      change.source = find_removal(removed, change, table);
      if (change.source) change.source->removed = true;
    }
    if (!change.source) return;
    change.source->text = redact::scrub(change.source->text);
    change.source->path = (top / change.source->file).string();
  };
  for (auto& r : results) {
    for (auto& c : r.diagnosis.changes) locate(c, r.table);
    if (r.upgrade) {
      for (auto& c : r.upgrade->schema) locate(c, r.table);
    }
  }
  for (auto& w : warnings) locate(w.change, w.table);
}

}  // namespace dt
