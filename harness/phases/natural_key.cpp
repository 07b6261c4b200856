#include "natural_key.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/text.hpp"

namespace dt {
namespace {

// A key candidate: every column shared, NOT NULL on both sides, and compared.
bool usable(const ConstraintShape& c, const TableShape& released, const TableShape* fresh,
            const std::vector<std::string>& compared) {
  if (c.columns.empty()) return false;
  return std::all_of(c.columns.begin(), c.columns.end(), [&](const std::string& name) {
    const ColumnShape* r = find_column(released, name);
    const ColumnShape* n = fresh != nullptr ? find_column(*fresh, name) : r;
    return r != nullptr && n != nullptr && r->not_null && n->not_null &&
           text::contains(compared, name);
  });
}

}  // namespace

const NaturalKeyOverride* find_override(const std::vector<NaturalKeyOverride>& overrides,
                                        const std::string& schema, const std::string& table) {
  for (const auto& o : overrides) {
    if (o.schema == schema && o.table == table) return &o;
  }
  return nullptr;
}

KeyChoice choose_key(const TableShape& released, const TableShape* fresh,
                     const NaturalKeyOverride* override) {
  const std::string name = qualified(released);
  const auto bad_override = [&](const std::string& list, const std::string& column) {
    return Error(fmt::format(
        "the profile's natural_keys.\"{}\".{} names column '{}', which the table does not have "
        "on both sides; fix the profile",
        name, list, column));
  };
  KeyChoice choice;
  std::vector<std::string> shared;
  for (const auto& c : released.columns) {
    const ColumnShape* other = fresh != nullptr ? find_column(*fresh, c.name) : &c;
    if (other == nullptr) continue;
    shared.push_back(c.name);
    const bool excluded_by_profile =
        override != nullptr && text::contains(override->exclude, c.name);
    if (volatile_column(c) || volatile_column(*other) || excluded_by_profile) {
      choice.excluded.push_back(c.name);
    } else {
      choice.compared.push_back(c.name);
    }
  }
  if (override != nullptr) {
    for (const auto& column : override->exclude) {
      if (find_column(released, column) == nullptr &&
          (fresh == nullptr || find_column(*fresh, column) == nullptr)) {
        throw bad_override("exclude", column);
      }
    }
    if (!override->key.empty()) {
      for (const auto& column : override->key) {
        if (!text::contains(shared, column)) throw bad_override("key", column);
      }
      choice.columns = override->key;
      choice.source = "the profile's natural_keys";
      return choice;
    }
  }
  // The primary key first, then unique constraints and indexes by name.
  std::vector<const ConstraintShape*> candidates;
  for (const auto& c : released.constraints) {
    if (c.kind == 'p') candidates.insert(candidates.begin(), &c);
    if (c.kind == 'u') candidates.push_back(&c);
  }
  for (const ConstraintShape* c : candidates) {
    if (!usable(*c, released, fresh, choice.compared)) continue;
    choice.columns = c->columns;
    choice.source =
        fmt::format("{} {}", c->kind == 'p' ? "primary key" : "unique constraint", c->name);
    return choice;
  }
  if (choice.compared.empty()) {
    throw Error(fmt::format(
        "{} has no column both sides share that the database does not fill itself; name a key "
        "in the profile's natural_keys",
        name));
  }
  choice.columns = choice.compared;
  choice.source = "all shared columns";
  choice.whole_rows = true;
  return choice;
}

}  // namespace dt
