#include "core/diagnosis.hpp"

#include <algorithm>
#include <array>
#include <climits>

#include <fmt/format.h>

#include "util/text.hpp"

namespace dt {
namespace {

struct Code {
  std::string_view name;
  bool risky;
};

// The order of docs/report-format.md: the likeliest causes of lost rows first.
constexpr std::array<Code, 32> kCodes = {{
    {"TABLE_ONLY_IN_RELEASED", true},
    {"NOT_NULL_ADDED", true},
    {"FK_ADDED", true},
    {"FK_CHANGED", true},
    {"CHECK_ADDED", true},
    {"CHECK_CHANGED", true},
    {"UNIQUE_ADDED", true},
    {"UNIQUE_CHANGED", true},
    {"PK_ADDED", true},
    {"PK_CHANGED", true},
    {"COLUMN_RENAMED", true},
    {"COLUMN_DROPPED", true},
    {"TYPE_CHANGED", true},
    {"DEFAULT_REMOVED", true},
    {"PARTITION_BOUNDS_CHANGED", true},
    {"COLUMN_ADDED", false},
    {"CONSTRAINT_DROPPED", false},
    {"TABLE_ONLY_IN_NEW", false},
    // The upgrade's: the upgraded schema against a fresh install (schema_delta_upgrade.cpp).
    {"UPGRADE_TABLE_MISSING", false},
    {"UPGRADE_TABLE_EXTRA", false},
    {"UPGRADE_COLUMN_MISSING", false},
    {"UPGRADE_COLUMN_EXTRA", false},
    {"UPGRADE_TYPE_DIFFERS", false},
    {"UPGRADE_NOT_NULL_DIFFERS", false},
    {"UPGRADE_DEFAULT_DIFFERS", false},
    {"UPGRADE_PK_DIFFERS", false},
    {"UPGRADE_UNIQUE_DIFFERS", false},
    {"UPGRADE_FK_DIFFERS", false},
    {"UPGRADE_CHECK_DIFFERS", false},
    {"UPGRADE_PARTITION_DIFFERS", false},
    {"UPGRADE_INDEX_DIFFERS", false},
    {"UPGRADE_COMMENT_DIFFERS", false},
}};

std::size_t rank(std::string_view code) {
  for (std::size_t i = 0; i < kCodes.size(); ++i) {
    if (kCodes[i].name == code) return i;
  }
  return kCodes.size();
}

// "on a, b" for a change about columns, else "on <subject>".
std::string on(const SchemaChange& c) {
  return c.columns.empty() ? c.subject : text::join(c.columns);
}

// " (name: definition)" or " (name: definition, was old)".
std::string constraint_tail(const SchemaChange& c, bool changed) {
  std::string inner = c.subject;
  if (!c.definition.empty()) inner += ": " + c.definition;
  if (changed && !c.detail.empty()) inner += "; was " + c.detail;
  return " (" + inner + ")";
}

}  // namespace

std::string change_line_at(const SchemaChange& change) {
  if (!change.source) return change_line(change);
  return fmt::format("{} ({}at {}:{})", change_line(change),
                     change.source->removed ? "removed " : "", change.source->file,
                     change.source->line);
}

const SourceLine* first_source(const std::vector<SchemaChange>& changes) {
  for (const auto& c : changes) {
    if (c.source && !c.source->path.empty() && c.source->line > 0 &&
        c.source->line <= static_cast<std::size_t>(INT_MAX)) {
      return &*c.source;
    }
  }
  return nullptr;
}

bool SourceLine::operator==(const SourceLine& o) const {
  return file == o.file && line == o.line && text == o.text && path == o.path &&
         removed == o.removed;
}

bool SchemaChange::operator==(const SchemaChange& o) const {
  return code == o.code && subject == o.subject && columns == o.columns && detail == o.detail &&
         definition == o.definition && source == o.source;
}

bool known_change_code(std::string_view code) {
  return rank(code) < kCodes.size();
}

bool upgrade_flag_only(std::string_view code) {
  return code == "UPGRADE_INDEX_DIFFERS" || code == "UPGRADE_COMMENT_DIFFERS";
}

bool risky(std::string_view code) {
  const std::size_t i = rank(code);
  return i < kCodes.size() && kCodes[i].risky;
}

namespace {

// An UPGRADE_* change in words: the upgraded schema against a fresh install's.
std::string describe_upgrade(const SchemaChange& c) {
  const std::string& code = c.code;
  if (code == "UPGRADE_TABLE_MISSING" || code == "UPGRADE_TABLE_EXTRA") {
    return fmt::format("table {} {}", c.subject, c.detail);
  }
  if (code == "UPGRADE_COLUMN_MISSING" || code == "UPGRADE_COLUMN_EXTRA") {
    return fmt::format("column {} {}: {}", c.subject, c.detail, c.definition);
  }
  if (code == "UPGRADE_INDEX_DIFFERS") return fmt::format("index {}: {}", c.detail, c.definition);
  if (code == "UPGRADE_COMMENT_DIFFERS")
    return fmt::format("comment on {}: {}", c.subject, c.detail);
  if (code == "UPGRADE_PARTITION_DIFFERS") {
    return fmt::format("partition bounds differ: upgraded {}, fresh install {}", c.detail,
                       c.definition);
  }
  if (c.columns.size() == 1 && c.columns.front() == c.subject) {
    return fmt::format("column {}: {}", c.subject, c.detail);
  }
  return fmt::format("{}: {} on {} ({})", c.detail, c.subject, on(c), c.definition);
}

}  // namespace

std::string describe(const SchemaChange& c) {
  const std::string& code = c.code;
  if (code.rfind("UPGRADE_", 0) == 0) return describe_upgrade(c);
  if (code == "TABLE_ONLY_IN_RELEASED") {
    return "table exists only in released (dropped or renamed in new)";
  }
  if (code == "TABLE_ONLY_IN_NEW") return "table exists only in new (added)";
  if (code == "COLUMN_ADDED") return fmt::format("column {} added ({})", c.subject, c.detail);
  if (code == "COLUMN_DROPPED")
    return fmt::format("column {} dropped (was {})", c.subject, c.detail);
  if (code == "COLUMN_RENAMED") {
    return fmt::format("column {} renamed to {} (same type, same position)", c.subject, c.detail);
  }
  if (code == "TYPE_CHANGED") return fmt::format("type of {} changed: {}", c.subject, c.detail);
  if (code == "NOT_NULL_ADDED") {
    return fmt::format("NOT NULL added on {} without a DEFAULT ({})", c.subject, c.detail);
  }
  if (code == "DEFAULT_REMOVED") {
    return fmt::format("DEFAULT removed from {} (was {})", c.subject, c.definition);
  }
  if (code == "FK_ADDED") {
    return fmt::format("foreign key added on {}, {}{}", on(c), c.detail, constraint_tail(c, false));
  }
  if (code == "FK_CHANGED") {
    return fmt::format("foreign key changed on {}, now {}{}", on(c), c.detail,
                       constraint_tail(c, false));
  }
  if (code == "PARTITION_BOUNDS_CHANGED") {
    return fmt::format("partition bounds changed to {} (was {})", c.definition, c.detail);
  }
  if (code == "CONSTRAINT_DROPPED") {
    return fmt::format("{} {} dropped (on {})", c.detail, c.subject, on(c));
  }
  const bool added = code.size() > 6 && code.compare(code.size() - 6, 6, "_ADDED") == 0;
  const std::string kind = code.rfind("CHECK", 0) == 0    ? "check constraint"
                           : code.rfind("UNIQUE", 0) == 0 ? "unique constraint"
                           : code.rfind("PK", 0) == 0     ? "primary key"
                                                          : "change";
  return fmt::format("{} {} on {}{}", kind, added ? "added" : "changed", on(c),
                     constraint_tail(c, !added));
}

std::string change_line(const SchemaChange& change) {
  return fmt::format("{}: {}", change.code, describe(change));
}

void sort_changes(std::vector<SchemaChange>& changes) {
  std::stable_sort(
      changes.begin(), changes.end(),
      [](const SchemaChange& a, const SchemaChange& b) { return rank(a.code) < rank(b.code); });
}

std::string cause_codes(const std::vector<SchemaChange>& changes) {
  std::vector<std::string> codes;
  for (const auto& c : changes) {
    if (std::find(codes.begin(), codes.end(), c.code) == codes.end()) codes.push_back(c.code);
  }
  if (codes.empty()) return "NO_SCHEMA_CHANGE";
  std::string out;
  for (const auto& code : codes) out += (out.empty() ? "" : ",") + code;
  return out;
}

std::string drift_detail(const Diagnosis& d) {
  if (d.changed) {
    const bool one = d.changed->total == 1;
    return fmt::format(" ({} row{} differ{})", d.changed->total, one ? "" : "s", one ? "s" : "");
  }
  if (d.key && d.key->whole_rows && (d.lost || d.added)) {
    const std::int64_t only_released = d.lost ? d.lost->total : 0;
    return fmt::format(" ({} row{} only on released, {} only on new; no key)", only_released,
                       only_released == 1 ? "" : "s", d.added ? d.added->total : 0);
  }
  return "";
}

std::string_view whole_rows_note() {
  return "no key found: rows are compared as whole rows (every shared column), so a changed row "
         "shows once only on released and once only on new; name the table's key in the "
         "profile's natural_keys to match rows across changes";
}

bool Diagnosis::empty() const {
  return changes.empty() && log.empty() && !key && !lost && !changed && !added && problems.empty();
}

}  // namespace dt
