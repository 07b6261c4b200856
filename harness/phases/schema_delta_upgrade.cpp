// The upgrade's schema check: a database upgraded from the released version must end with the
// schema a fresh install of the new version has, or production runs a schema nobody tested.
#include <algorithm>

#include <fmt/format.h>

#include "schema_delta.hpp"

namespace dt {
namespace {

constexpr std::string_view kOnlyFresh = "missing on the upgrade path (a fresh install has it)";
constexpr std::string_view kOnlyUpgraded = "only on the upgrade path (a fresh install has none)";

std::string default_of(const ColumnShape& c) {
  if (c.identity) return "GENERATED AS IDENTITY";
  if (c.generated) return "GENERATED ALWAYS AS (" + c.default_expr + ") STORED";
  return c.default_expr.empty() ? "none" : c.default_expr;
}

SchemaChange on_column(const char* code, const ColumnShape& c, std::string detail,
                       std::string definition = {}) {
  return {code, c.name, {c.name}, std::move(detail), std::move(definition)};
}

void compare_upgraded_columns(const TableShape& up, const TableShape& fresh,
                              std::vector<SchemaChange>& out) {
  for (const auto& c : fresh.columns) {
    if (find_column(up, c.name) == nullptr) {
      out.push_back(
          on_column("UPGRADE_COLUMN_MISSING", c, std::string(kOnlyFresh), declaration(c)));
    }
  }
  for (const auto& c : up.columns) {
    const ColumnShape* f = find_column(fresh, c.name);
    if (f == nullptr) {
      out.push_back(
          on_column("UPGRADE_COLUMN_EXTRA", c, std::string(kOnlyUpgraded), declaration(c)));
      continue;
    }
    if (c.type != f->type) {
      out.push_back(on_column("UPGRADE_TYPE_DIFFERS", c,
                              fmt::format("upgraded {}, fresh install {}", c.type, f->type)));
    }
    if (c.not_null != f->not_null) {
      out.push_back(on_column(
          "UPGRADE_NOT_NULL_DIFFERS", c,
          c.not_null ? "NOT NULL on the upgrade path only" : "NOT NULL on a fresh install only"));
    }
    if (default_of(c) != default_of(*f)) {
      out.push_back(on_column("UPGRADE_DEFAULT_DIFFERS", c,
                              fmt::format("upgraded default {}, fresh install default {}",
                                          default_of(c), default_of(*f))));
    }
  }
}

void compare_rules(const TableShape& up, const TableShape& fresh, std::vector<SchemaChange>& out) {
  const auto add = [&](const ConstraintShape& c, std::string_view where) {
    out.push_back({"UPGRADE_" + constraint_prefix(c.kind) + "_DIFFERS", c.name, c.columns,
                   fmt::format("{} {}", constraint_words(c.kind), where), c.definition});
  };
  for (const auto& c : fresh.constraints) {
    if (!has_same_rule(up, c)) add(c, kOnlyFresh);
  }
  for (const auto& c : up.constraints) {
    if (!has_same_rule(fresh, c)) add(c, kOnlyUpgraded);
  }
}

// Indexes and comments: they refuse no row, so a difference is a FLAG (upgrade_verdict).
void compare_extras(const TableShape& up, const TableShape& fresh, std::vector<SchemaChange>& out) {
  for (const auto& def : fresh.indexes) {
    if (std::find(up.indexes.begin(), up.indexes.end(), def) == up.indexes.end()) {
      out.push_back({"UPGRADE_INDEX_DIFFERS", "index", {}, std::string(kOnlyFresh), def});
    }
  }
  for (const auto& def : up.indexes) {
    if (std::find(fresh.indexes.begin(), fresh.indexes.end(), def) == fresh.indexes.end()) {
      out.push_back({"UPGRADE_INDEX_DIFFERS", "index", {}, std::string(kOnlyUpgraded), def});
    }
  }
  if (up.comment != fresh.comment) {
    out.push_back({"UPGRADE_COMMENT_DIFFERS",
                   qualified(fresh),
                   {},
                   fmt::format("upgraded '{}', fresh install '{}'", up.comment, fresh.comment),
                   ""});
  }
  for (const auto& c : up.columns) {
    const ColumnShape* f = find_column(fresh, c.name);
    if (f == nullptr || f->comment == c.comment) continue;
    out.push_back(
        on_column("UPGRADE_COMMENT_DIFFERS", c,
                  fmt::format("upgraded '{}', fresh install '{}'", c.comment, f->comment)));
  }
}

}  // namespace

std::vector<SchemaChange> upgrade_delta(const TableShape* upgraded, const TableShape* fresh) {
  std::vector<SchemaChange> out;
  if (upgraded == nullptr && fresh == nullptr) return out;
  if (upgraded == nullptr || fresh == nullptr) {
    const bool missing = upgraded == nullptr;
    out.push_back({missing ? "UPGRADE_TABLE_MISSING" : "UPGRADE_TABLE_EXTRA",
                   qualified(missing ? *fresh : *upgraded),
                   {},
                   std::string(missing ? kOnlyFresh : kOnlyUpgraded),
                   ""});
    return out;
  }
  compare_upgraded_columns(*upgraded, *fresh, out);
  compare_rules(*upgraded, *fresh, out);
  compare_extras(*upgraded, *fresh, out);
  if (upgraded->partition_bound != fresh->partition_bound) {
    out.push_back({"UPGRADE_PARTITION_DIFFERS",
                   qualified(*fresh),
                   {},
                   upgraded->partition_bound,
                   fresh->partition_bound});
  }
  sort_changes(out);
  return out;
}

}  // namespace dt
