// report.md's evidence: a "## Diagnosis: schema.table" section per FAIL or drifting table and
// the early warnings with what the counts made of them. Part of the report module.
#include <fmt/format.h>

#include "report.hpp"
#include "util/text.hpp"

namespace dt {
namespace {

constexpr std::size_t kMaxCell = 80;

std::string name_of(const std::string& schema, const std::string& table) {
  return md_cell(text::escape_utf8(schema + "." + table));
}

std::string cut(const std::string& value) {
  if (value.size() <= kMaxCell) return value;
  std::size_t end = kMaxCell;
  // Never cut inside a UTF-8 sequence.
  while (end > 0 && (static_cast<unsigned char>(value[end]) & 0xC0) == 0x80) --end;
  return value.substr(0, end) + "…";
}

void append_rows(std::string& out, const RowSample& sample) {
  if (sample.columns.empty() || sample.rows.empty()) return;
  out += "\n|";
  for (const auto& c : sample.columns) out += " " + md_cell(text::escape_utf8(c)) + " |";
  out += "\n|";
  for (std::size_t i = 0; i < sample.columns.size(); ++i) out += "---|";
  out += "\n";
  for (const auto& row : sample.rows) {
    out += "|";
    for (const auto& v : row)
      out += " " + (v ? md_cell(cut(text::escape_utf8(*v))) : "*NULL*") + " |";
    out += "\n";
  }
}

void append_key(std::string& out, const KeyChoice& key) {
  out +=
      fmt::format("- Matched by: {} ({})", md_cell(text::join(key.columns)), md_cell(key.source));
  if (!key.excluded.empty()) {
    out += fmt::format("; left out: {}", md_cell(text::join(key.excluded)));
  }
  out += "\n";
  if (key.whole_rows) out += fmt::format("- {}\n", md_cell(std::string(whole_rows_note())));
}

// The section's first line: what the counts and the content say.
std::string headline(const TableResult& r) {
  std::string_view drift = "DRIFT";
  switch (status(r)) {
    case Status::fail:
      if (!drifted(r)) {
        return fmt::format("FAIL: released {} rows, new {} ({}).", r.released_rows, r.new_rows,
                           signed_delta(r.delta));
      }
      drift = "FAIL (drift)";  // --content=fail
      break;
    case Status::accepted:
      if (!drifted(r)) {
        return fmt::format("ACCEPTED: released {} rows, new {} ({}): {}.", r.released_rows,
                           r.new_rows, signed_delta(r.delta), md_cell(r.accepted->reason));
      }
      drift = "ACCEPTED (drift)";
      break;
    case Status::drift:
    case Status::unstable:  // a drift the profile declares noise (shown: its content changed)
    case Status::flag:
    case Status::pass:
      break;
  }
  return fmt::format("{}: equal counts ({} rows), changed content.", drift, r.released_rows);
}

void append_table(std::string& out, const TableResult& r) {
  const Diagnosis& d = r.diagnosis;
  out += diagnosis_heading(r.schema, r.table) + "\n\n";
  out += headline(r) + "\n\n";
  out += "Schema changes:\n\n";
  if (d.changes.empty()) {
    out +=
        "- NO_SCHEMA_CHANGE: the table's columns and constraints are the same on both sides "
        "(look at what the new collector writes)\n";
  }
  for (const auto& c : d.changes) out += fmt::format("- {}\n", md_cell(change_line_at(c)));
  if (!d.log.empty()) {
    out += "\nCollector log:\n\n";
    for (const auto& e : d.log) {
      if (e.lines == 0) {
        out += fmt::format("- {}: no problem line names this table\n", md_cell(e.file));
        continue;
      }
      out += fmt::format("- {}: {} line{} name this table, e.g.\n", md_cell(e.file), e.lines,
                         e.lines == 1 ? "" : "s");
      for (const auto& line : e.examples) out += fmt::format("  - {}\n", md_cell(line));
    }
  }
  if (d.key || d.lost || d.changed || d.added) out += "\nRows:\n\n";
  if (d.key) append_key(out, *d.key);
  const bool whole = d.key && d.key->whole_rows;
  if (d.lost) {
    out += fmt::format(
        whole ? "- Only on released (whole rows): {}" : "- Lost (on released, missing on new): {}",
        d.lost->total);
    if (!d.lost->sample.rows.empty()) {
      out += fmt::format("; the first {} in {}", d.lost->sample.rows.size(), md_cell(d.lost->file));
    }
    out += "\n";
    append_rows(out, d.lost->sample);
  }
  if (d.changed) {
    if (d.lost) out += "\n";
    out += fmt::format("- Changed (same key, other content): {}", d.changed->total);
    if (!d.changed->sample.rows.empty()) {
      out += fmt::format("; the first {} (released row, then new) in {}",
                         d.changed->sample.rows.size() / 2, md_cell(d.changed->file));
    }
    out += "\n";
    append_rows(out, d.changed->sample);
  }
  if (d.added) {
    if (d.lost || d.changed) out += "\n";
    out += fmt::format("- Only on new (whole rows): {}", d.added->total);
    if (!d.added->sample.rows.empty()) {
      out +=
          fmt::format("; the first {} in {}", d.added->sample.rows.size(), md_cell(d.added->file));
    }
    out += "\n";
    append_rows(out, d.added->sample);
  }
  if (!d.problems.empty()) {
    out += "\nNot worked out:\n\n";
    for (const auto& p : d.problems) out += fmt::format("- {}\n", md_cell(p));
  }
  out += "\n";
}

}  // namespace

std::string render_diagnosis(const RunInfo& info, const std::vector<TableResult>& results) {
  std::string out;
  for (const auto& r : results) {
    if (shows_evidence(r)) append_table(out, r);
  }
  if (!info.early_warnings.empty()) {
    out += "## Early warnings\n\n";
    out += "Risky schema changes printed after both migrations, before the collection:\n\n";
    for (const auto& w : info.early_warnings) {
      const char* outcome = !w.confirmed   ? "not checked (the run stopped before the counts)"
                            : *w.confirmed ? "confirmed by the counts"
                                           : "not confirmed (the table did not lose rows)";
      out += fmt::format("- {}: {} — {}\n", name_of(w.schema, w.table),
                         md_cell(change_line_at(w.change)), outcome);
    }
    out += "\n";
  }
  return out;
}

std::string diagnosis_heading(const std::string& schema, const std::string& table) {
  return "## Diagnosis: " + name_of(schema, table);
}

}  // namespace dt
