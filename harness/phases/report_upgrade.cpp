// report.md's "## Upgrade" section (part of the report module): the released collection
// migrated by the new version, its summary line, the migration's status, then the tables, FAILs
// first with their evidence.
#include <fmt/format.h>

#include "report.hpp"
#include "util/text.hpp"

namespace dt {
namespace {

std::string cell(const std::string& text) {
  return md_cell(text::escape_utf8(text));
}

void append_migration(std::string& out, const UpgradeInfo& up) {
  out += fmt::format("- Upgraded database: {} (a copy of the {})\n", cell(up.database),
                     cell(up.source));
  for (const auto& s : up.steps) {
    out += fmt::format("- {}: exit {} in {:.1f} s\n", cell(s.step), s.exit, s.seconds);
  }
  out += fmt::format("- Migration: {}\n\n", up.migration_failed ? "**FAILED**" : "passed");
  if (!up.migration_failed) return;
  out += fmt::format("{}\n\n", cell(up.error));
  if (!up.output.empty()) {
    // One list item a line, escaped as any cell: the output is the application's text, never
    // markup the reader's viewer obeys.
    out += "Its last output lines (secrets masked):\n\n";
    for (const auto& line : up.output) out += "- " + cell(line) + "\n";
    out += "\n";
  }
  out += "The tables were not compared: the upgrade did not finish.\n\n";
}

std::string evidence_of(const TableUpgrade& u) {
  std::vector<std::string> parts;
  if (u.accepted && u.accepted->status == AcceptedStatus::accepted) {
    parts.push_back(fmt::format("accepted: {} ({})", u.accepted->reason, u.accepted->origin));
  } else if (u.accepted && u.accepted->status == AcceptedStatus::out_of_bounds) {
    parts.push_back("accepted, but " +
                    out_of_bounds_text(rows_lost(u.released_rows, u.upgraded_rows), *u.accepted));
  } else if (u.accepted) {
    parts.push_back("stale acceptance: " + u.accepted->reason);
  }
  if (u.step) parts.push_back(fmt::format("rows lost in upgrade step {}", *u.step + 1));
  for (const auto& c : u.schema) parts.push_back(change_line_at(c));
  if (u.content == Content::changed)
    parts.push_back("content changed in: " + text::join(u.changed_columns));
  if (u.lost && !u.lost->file.empty()) parts.push_back("lost rows: " + u.lost->file);
  if (u.changed && !u.changed->file.empty()) parts.push_back("changed rows: " + u.changed->file);
  for (const auto& p : u.problems) parts.push_back("could not work out: " + p);
  return text::join(parts);
}

void append_tables(std::string& out, const std::vector<TableResult>& results, Verdict verdict) {
  for (const auto& r : results) {
    if (!r.upgrade || r.upgrade->verdict != verdict) continue;
    const TableUpgrade& u = *r.upgrade;
    out += fmt::format(
        "| {} | {} | {} | {} | {} | {} | {} | {} |\n", to_string(u.verdict), cell(r.schema),
        cell(r.table), u.released_rows, u.upgraded_rows, signed_delta(u.delta),
        u.content == Content::not_compared ? "-" : to_string(u.content), cell(evidence_of(u)));
  }
}

}  // namespace

std::string render_upgrade_section(const RunInfo& info, const std::vector<TableResult>& results) {
  if (!info.upgrade) return "";
  const UpgradeInfo& up = *info.upgrade;
  std::string out = "## Upgrade\n\n";
  out +=
      "The released collection, copied and migrated by the new version's upgrade steps as an "
      "operator's upgrade would, compared table by table with what it was, and its schema with a "
      "fresh install of the new version.\n\n";
  if (up.migration_failed) {
    out += "**Upgrade: FAIL** (the migration failed)\n\n";
  } else {
    out += fmt::format(
        "**Upgrade: {}** ({} FAIL: rows lost or a schema that differs from a fresh install; {} "
        "FLAG: more rows or changed content; {} PASS{})\n\n",
        up.summary.fail > 0 ? "FAIL" : "PASS", up.summary.fail, up.summary.flag, up.summary.pass,
        up.summary.accepted > 0 ? fmt::format("; {} ACCEPTED", up.summary.accepted) : "");
  }
  append_migration(out, up);
  if (up.migration_failed) return out;
  if (up.summary.fail + up.summary.flag + up.summary.pass + up.summary.accepted == 0) {
    return out + "No tables.\n\n";
  }
  out +=
      "| Verdict | Schema | Table | Released rows | Upgraded rows | Delta | Content | Evidence "
      "|\n|---|---|---|---:|---:|---:|---|---|\n";
  append_tables(out, results, Verdict::fail);
  append_tables(out, results, Verdict::flag);
  append_tables(out, results, Verdict::accepted);
  append_tables(out, results, Verdict::pass);
  return out + "\n";
}

}  // namespace dt
