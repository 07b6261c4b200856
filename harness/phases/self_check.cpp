#include "self_check.hpp"

#include <fmt/format.h>

#include "util/text.hpp"

namespace dt {
namespace {

// One part of a "schema.table" key, double-quoted when a dot or a quote in it would make the
// key ambiguous (split_qualified reads it back).
std::string key_part(const std::string& part) {
  if (part.find_first_of(".\"") == std::string::npos) return part;
  std::string out = "\"";
  for (const char c : part) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

std::vector<NoisyTable> noisy_tables(const std::vector<TableResult>& results) {
  std::vector<NoisyTable> out;
  for (const auto& r : results) {
    const bool counts_differ = r.released_rows != r.new_rows;
    const bool content_changed = !counts_differ && drifted(r);
    if (!counts_differ && !content_changed) continue;
    NoisyTable t;
    // Names from the catalog may hold any byte: the fragment is JSON, and JSON is UTF-8.
    t.name = text::escape_utf8(key_part(r.schema) + "." + key_part(r.table));
    t.released = r.released_rows;
    t.again = r.new_rows;
    t.spread = counts_differ ? (r.released_rows > r.new_rows ? r.released_rows - r.new_rows
                                                             : r.new_rows - r.released_rows)
                             : 0;
    t.content_changed = content_changed;
    out.push_back(std::move(t));
  }
  return out;
}

std::string unstable_reason(const NoisyTable& table) {
  if (table.content_changed) {
    return fmt::format("self-check: {} rows both times, content changed", table.released);
  }
  return fmt::format("self-check: released {} rows, again {}", table.released, table.again);
}

json::Json unstable_fragment(const std::vector<NoisyTable>& tables) {
  json::Json entries = json::Json::object();
  for (const auto& t : tables) {
    entries[t.name] = {{"reason", unstable_reason(t)}, {"spread", t.spread}};
  }
  return {{"unstable_tables", entries}};
}

std::string noisy_line(const NoisyTable& table) {
  if (table.content_changed) {
    return fmt::format("unstable: {}: {} rows both times, content changed",
                       text::printable(table.name), table.released);
  }
  return fmt::format("unstable: {}: released {}, again {} (spread {})", text::printable(table.name),
                     table.released, table.again, table.spread);
}

}  // namespace dt
