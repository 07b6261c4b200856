#include "schema_delta.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace dt {
namespace {

bool has_default(const ColumnShape& c) {
  return !c.default_expr.empty() || c.identity || c.generated;
}

SchemaChange column_change(std::string code, const ColumnShape& c, std::string detail,
                           std::string definition = {}) {
  return {std::move(code), c.name, {c.name}, std::move(detail), std::move(definition)};
}

void compare_released_columns(const TableShape& r, const TableShape& n,
                              std::vector<SchemaChange>& out) {
  std::vector<const ColumnShape*> dropped, added;
  for (const auto& c : r.columns) {
    if (find_column(n, c.name) == nullptr) dropped.push_back(&c);
  }
  for (const auto& c : n.columns) {
    if (find_column(r, c.name) == nullptr) added.push_back(&c);
  }
  // A drop plus an add of the same type at the same position reads as a rename.
  for (auto d = dropped.begin(); d != dropped.end();) {
    const auto a = std::find_if(added.begin(), added.end(), [&](const ColumnShape* x) {
      return x->position == (*d)->position && x->type == (*d)->type;
    });
    if (a == added.end()) {
      ++d;
      continue;
    }
    out.push_back({"COLUMN_RENAMED", (*d)->name, {(*d)->name, (*a)->name}, (*a)->name, ""});
    added.erase(a);
    d = dropped.erase(d);
  }
  for (const ColumnShape* c : dropped) out.push_back(column_change("COLUMN_DROPPED", *c, c->type));
  for (const ColumnShape* c : added) {
    out.push_back(column_change("COLUMN_ADDED", *c, declaration(*c)));
    if (c->not_null && !has_default(*c)) {
      out.push_back(column_change("NOT_NULL_ADDED", *c, "new column"));
    }
  }
  for (const auto& before : r.columns) {
    const ColumnShape* after = find_column(n, before.name);
    if (after == nullptr) continue;
    if (after->type != before.type) {
      out.push_back(
          column_change("TYPE_CHANGED", *after, fmt::format("{} -> {}", before.type, after->type)));
    }
    if (after->not_null && !before.not_null && !has_default(*after)) {
      out.push_back(column_change("NOT_NULL_ADDED", *after, "existing column"));
    }
    if (has_default(before) && !has_default(*after)) {
      out.push_back(column_change("DEFAULT_REMOVED", *after, "", before.default_expr));
    }
  }
}

const ConstraintShape* find_constraint(const TableShape& t, const std::string& name) {
  for (const auto& c : t.constraints) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

const ConstraintShape* find_kind(const TableShape& t, char kind) {
  for (const auto& c : t.constraints) {
    if (c.kind == kind) return &c;
  }
  return nullptr;
}

std::string deferrability(const ConstraintShape& c) {
  if (!c.deferrable) return "not deferrable";
  return c.deferred ? "deferrable, initially deferred" : "deferrable, initially immediate";
}

}  // namespace

std::string constraint_prefix(char kind) {
  switch (kind) {
    case 'p':
      return "PK";
    case 'u':
      return "UNIQUE";
    case 'f':
      return "FK";
    default:
      return "CHECK";
  }
}

std::string constraint_words(char kind) {
  switch (kind) {
    case 'p':
      return "primary key";
    case 'u':
      return "unique constraint";
    case 'f':
      return "foreign key";
    default:
      return "check constraint";
  }
}

namespace {

SchemaChange constraint_change(const ConstraintShape& c, bool added, const std::string& was) {
  SchemaChange change{constraint_prefix(c.kind) + (added ? "_ADDED" : "_CHANGED"), c.name,
                      c.columns, was, c.definition};
  if (c.kind == 'f') change.detail = deferrability(c);
  return change;
}

void compare_constraints(const TableShape& r, const TableShape& n, std::vector<SchemaChange>& out) {
  const ConstraintShape* old_pk = find_kind(r, 'p');
  const ConstraintShape* new_pk = find_kind(n, 'p');
  for (const auto& c : n.constraints) {
    const ConstraintShape* before = find_constraint(r, c.name);
    if (before != nullptr && before->kind == c.kind) {
      if (!same_rule(*before, c)) out.push_back(constraint_change(c, false, before->definition));
      continue;
    }
    if (has_same_rule(r, c)) continue;  // renamed only
    if (c.kind == 'p' && old_pk != nullptr) {
      out.push_back(constraint_change(c, false, old_pk->definition));
      continue;
    }
    out.push_back(constraint_change(c, true, ""));
  }
  for (const auto& c : r.constraints) {
    const ConstraintShape* after = find_constraint(n, c.name);
    if (after != nullptr && after->kind == c.kind) continue;
    if (has_same_rule(n, c)) continue;
    if (c.kind == 'p' && new_pk != nullptr) continue;  // reported as PK_CHANGED
    out.push_back(
        {"CONSTRAINT_DROPPED", c.name, c.columns, constraint_words(c.kind), c.definition});
  }
}

}  // namespace

std::vector<SchemaChange> table_delta(const TableShape* released, const TableShape* fresh) {
  std::vector<SchemaChange> out;
  if (released == nullptr && fresh == nullptr) return out;
  if (released == nullptr || fresh == nullptr) {
    const TableShape& t = released != nullptr ? *released : *fresh;
    out.push_back({released != nullptr ? "TABLE_ONLY_IN_RELEASED" : "TABLE_ONLY_IN_NEW",
                   qualified(t),
                   {},
                   "",
                   ""});
    return out;
  }
  compare_released_columns(*released, *fresh, out);
  compare_constraints(*released, *fresh, out);
  if (!released->partition_bound.empty() && !fresh->partition_bound.empty() &&
      released->partition_bound != fresh->partition_bound) {
    out.push_back({"PARTITION_BOUNDS_CHANGED",
                   qualified(*fresh),
                   {},
                   released->partition_bound,
                   fresh->partition_bound});
  }
  sort_changes(out);
  return out;
}

std::vector<TableDelta> schema_delta(const Catalog& released, const Catalog& fresh) {
  std::map<std::pair<std::string, std::string>, std::pair<const TableShape*, const TableShape*>>
      tables;
  for (const auto& t : released) tables[{t.schema, t.table}].first = &t;
  for (const auto& t : fresh) tables[{t.schema, t.table}].second = &t;
  std::vector<TableDelta> out;
  for (const auto& [name, sides] : tables) {
    auto changes = table_delta(sides.first, sides.second);
    if (!changes.empty()) out.push_back({name.first, name.second, std::move(changes)});
  }
  return out;
}

}  // namespace dt
