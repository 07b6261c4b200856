#include "report_html.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "util/text.hpp"

namespace dt {
namespace {

constexpr std::string_view kStyle = R"css(
body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#1d1d1f}
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.6em}
.meta{color:#555;margin:.2em 0}.incomplete{background:#fff3cd;border:1px solid #e0b000;padding:.6em}
.summary span{display:inline-block;margin-right:1.2em;font-weight:600}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35em .6em;vertical-align:top}
thead th{border-bottom:2px solid #ccc}tbody tr.row td{border-top:1px solid #e3e3e3}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.badge{display:inline-block;min-width:3.4em;text-align:center;border-radius:3px;padding:0 .3em;
font-weight:700;color:#fff}.FAIL{background:#c62828}.FLAG{background:#b26a00}.PASS{background:#2e7d32}
.DRIFT{background:#6a1b9a}.UNSTABLE{background:#546e7a}.ACCEPTED{background:#00695c}.cause{font-family:ui-monospace,monospace;font-size:.9em}
details{margin:.2em 0 .8em}summary{cursor:pointer;color:#0b57d0}
.evidence table{width:auto;font-size:.9em}.evidence td,.evidence th{border:1px solid #ddd}
.null{color:#999;font-style:italic}pre{white-space:pre-wrap;word-break:break-all;margin:.2em 0}
)css";

std::string e(std::string_view text) {
  return html_escape(text::escape_utf8(text));
}

std::string rows_table(const RowSample& sample) {
  if (sample.rows.empty()) return {};
  std::string out = "<table><thead><tr>";
  for (const auto& c : sample.columns) out += "<th>" + e(c) + "</th>";
  out += "</tr></thead><tbody>";
  for (const auto& row : sample.rows) {
    out += "<tr>";
    for (const auto& v : row) out += v ? "<td>" + e(*v) + "</td>" : "<td class=\"null\">NULL</td>";
    out += "</tr>";
  }
  return out + "</tbody></table>";
}

std::string evidence(const TableResult& r) {
  const Diagnosis& d = r.diagnosis;
  std::string out = "<div class=\"evidence\">";
  out += "<h3>Schema changes</h3><ul>";
  if (d.changes.empty()) out += "<li>NO_SCHEMA_CHANGE: columns and constraints are the same</li>";
  for (const auto& c : d.changes) out += "<li class=\"cause\">" + e(change_line_at(c)) + "</li>";
  out += "</ul>";
  if (d.key) {
    std::string columns;
    for (const auto& c : d.key->columns) columns += (columns.empty() ? "" : ", ") + c;
    out += fmt::format("<p>Rows matched by <b>{}</b> ({})", e(columns), e(d.key->source));
    if (!d.key->excluded.empty()) {
      std::string left;
      for (const auto& c : d.key->excluded) left += (left.empty() ? "" : ", ") + c;
      out += "; left out: " + e(left);
    }
    out += "</p>";
    if (d.key->whole_rows) out += "<p>" + e(std::string(whole_rows_note())) + "</p>";
  }
  const bool whole = d.key && d.key->whole_rows;
  if (d.lost) {
    out += fmt::format(whole ? "<h3>Rows only on released: {}</h3>" : "<h3>Lost rows: {}</h3>",
                       d.lost->total);
    if (!d.lost->file.empty()) out += "<p>Sample file: <code>" + e(d.lost->file) + "</code></p>";
    out += rows_table(d.lost->sample);
  }
  if (d.changed) {
    out += fmt::format("<h3>Changed rows: {}</h3>", d.changed->total);
    if (!d.changed->file.empty()) {
      out += "<p>Sample file: <code>" + e(d.changed->file) + "</code></p>";
    }
    out += rows_table(d.changed->sample);
  }
  if (d.added) {
    out += fmt::format("<h3>Rows only on new: {}</h3>", d.added->total);
    if (!d.added->file.empty()) out += "<p>Sample file: <code>" + e(d.added->file) + "</code></p>";
    out += rows_table(d.added->sample);
  }
  for (const auto& log : d.log) {
    out += fmt::format("<h3>Collector log {}: {} line{}</h3>", e(log.file), log.lines,
                       log.lines == 1 ? "" : "s");
    if (!log.examples.empty()) {
      out += "<pre>";
      for (const auto& line : log.examples) out += e(line) + "\n";
      out += "</pre>";
    }
  }
  if (!d.problems.empty()) {
    out += "<h3>Not worked out</h3><ul>";
    for (const auto& p : d.problems) out += "<li>" + e(p) + "</li>";
    out += "</ul>";
  }
  return out + "</div>";
}

// What the Cause cell shows: the change lines, or NO_SCHEMA_CHANGE for a diagnosed table.
std::string cause_cell(const TableResult& r) {
  switch (status(r)) {
    case Status::unstable:
      // The profile's reason: why this difference is noise.
      if (!r.unstable) break;
      return "unstable: " + e(r.unstable->reason) +
             (r.unstable->spread ? fmt::format(" (spread {})", *r.unstable->spread) : "");
    case Status::accepted:
    case Status::pass:
    case Status::flag:
    case Status::fail:
    case Status::drift:
      break;  // the schema changes
  }
  std::string out;
  if (r.accepted) {
    // Accepted, stale or out of bounds: the repository's reason, before the evidence.
    out = fmt::format("{}: {}", e(to_string(r.accepted->status)), e(r.accepted->reason));
  }
  const bool diagnosed = shows_evidence(r);
  if (r.diagnosis.changes.empty()) {
    if (diagnosed) out += (out.empty() ? "" : "<br>") + std::string("NO_SCHEMA_CHANGE");
    return out;
  }
  for (const auto& c : r.diagnosis.changes) {
    if (!diagnosed && !risky(c.code) && r.verdict == Verdict::pass) continue;
    out += (out.empty() ? "" : "<br>") + e(change_line_at(c));
  }
  return out;
}

std::string summary_of(const TableResult& r) {
  const Diagnosis& d = r.diagnosis;
  std::vector<std::string> parts;
  parts.push_back(
      fmt::format("{} schema change{}", d.changes.size(), d.changes.size() == 1 ? "" : "s"));
  if (d.lost)
    parts.push_back(fmt::format("{} lost row{}", d.lost->total, d.lost->total == 1 ? "" : "s"));
  if (d.changed) parts.push_back(fmt::format("{} changed", d.changed->total));
  if (d.added) parts.push_back(fmt::format("{} only on new", d.added->total));
  std::int64_t lines = 0;
  for (const auto& log : d.log) lines += log.lines;
  if (!d.log.empty()) parts.push_back(fmt::format("{} log line{}", lines, lines == 1 ? "" : "s"));
  std::string out = "Evidence: ";
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  return out;
}

std::string upgrade_evidence(const TableUpgrade& u) {
  std::string out;
  if (u.step) out += fmt::format("<p>Rows first lost in upgrade step {}.</p>", *u.step + 1);
  if (!u.schema.empty()) {
    out += "<h3>The upgraded schema against a fresh install</h3><ul>";
    for (const auto& c : u.schema) out += "<li class=\"cause\">" + e(change_line_at(c)) + "</li>";
    out += "</ul>";
  }
  if (!u.changed_columns.empty()) {
    std::string columns;
    for (const auto& c : u.changed_columns) columns += (columns.empty() ? "" : ", ") + c;
    out += "<p>Content changed in: " + e(columns) + "</p>";
  }
  for (const auto& [what, rows] :
       {std::pair{"Lost rows", &u.lost}, std::pair{"Changed rows", &u.changed}}) {
    if (!*rows) continue;
    out += fmt::format("<h3>{} ({})</h3>", what, (*rows)->total) + rows_table((*rows)->sample);
  }
  for (const auto& p : u.problems) out += "<p>Could not work out: " + e(p) + "</p>";
  return out;
}

std::string upgrade_rows(const std::vector<TableResult>& results) {
  std::string out;
  for (const Verdict v : {Verdict::fail, Verdict::flag, Verdict::pass}) {
    for (const auto& r : results) {
      if (!r.upgrade || r.upgrade->verdict != v) continue;
      const TableUpgrade& u = *r.upgrade;
      out += fmt::format(
          "<tr class=\"row\"><td><span class=\"badge {0}\">{0}</span></td><td>{1}</td>"
          "<td class=\"n\">{2}</td><td class=\"n\">{3}</td><td class=\"n\">{4}</td>"
          "<td class=\"cause\">{5}</td></tr>\n",
          to_string(v), e(r.schema + "." + r.table), u.released_rows, u.upgraded_rows,
          signed_delta(u.delta), e(upgrade_cause(u)));
      if (v != Verdict::pass) {
        out += fmt::format(
            "<tr><td></td><td colspan=\"5\"><details><summary>evidence</summary><div "
            "class=\"evidence\">{}</div></details></td></tr>\n",
            upgrade_evidence(u));
      }
    }
  }
  return out;
}

std::string upgrade_section(const RunInfo& info, const std::vector<TableResult>& results) {
  if (!info.upgrade) return "";
  const UpgradeInfo& up = *info.upgrade;
  std::string out = "<h2>Upgrade</h2>\n";
  out += fmt::format(
      "<p class=\"meta\">The released collection ({}), copied to {} and migrated by the new "
      "version's upgrade steps.</p>\n<ul>\n",
      e(up.source), e(up.database));
  for (const auto& s : up.steps) {
    out += fmt::format("<li>{}: exit {} in {:.1f} s</li>\n", e(s.step), s.exit, s.seconds);
  }
  out += "</ul>\n";
  if (up.migration_failed) {
    out += fmt::format(
        "<p class=\"summary\"><span class=\"badge FAIL\">FAIL</span> the migration failed: "
        "{}</p>\n<pre>",
        e(up.error));
    for (const auto& line : up.output) out += e(line) + "\n";
    return out + "</pre>\n<p>The tables were not compared: the upgrade did not finish.</p>\n";
  }
  out += fmt::format(
      "<p class=\"summary\"><span>{} FAIL</span> <span>{} FLAG</span> <span>{} "
      "PASS</span></p>\n",
      up.summary.fail, up.summary.flag, up.summary.pass);
  out +=
      "<table class=\"upgrade\"><thead><tr><th>Verdict</th><th>Table</th><th>Released</th>"
      "<th>Upgraded</th><th>Delta</th><th>Cause</th></tr></thead>\n<tbody>\n";
  return out + upgrade_rows(results) + "</tbody></table>\n";
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::vector<const TableResult*> html_order(const std::vector<TableResult>& results) {
  std::vector<const TableResult*> out;
  for (const auto& r : results) out.push_back(&r);
  const auto group = [](const TableResult* r) {
    switch (status(*r)) {
      case Status::fail:
        return 0;
      case Status::flag:
        return 1;
      case Status::accepted:
        return 2;
      case Status::unstable:
        return 3;
      case Status::drift:
        return 4;
      case Status::pass:
        return 5;
    }
    return 0;  // unreachable; keeps -Wreturn-type quiet
  };
  std::stable_sort(out.begin(), out.end(), [&](const TableResult* a, const TableResult* b) {
    if (group(a) != group(b)) return group(a) < group(b);
    if (group(a) == 0) return a->delta < b->delta;  // the most rows lost first
    if (group(a) == 1) return a->delta > b->delta;
    return false;  // compare() sorted them by name already
  });
  return out;
}

namespace {

// The fresh comparison's summary and its table of every table, FAIL first.
std::string fresh_tables(const RunInfo& info, const std::vector<TableResult>& results,
                         const VerdictCounts& counts) {
  std::string out;
  out += fmt::format(
      "<p class=\"summary\"><span>{} FAIL</span> <span>{} FLAG</span> <span>{} PASS</span>",
      counts.fail, counts.flag, counts.pass);
  if (info.content_check != ContentCheck::off) {
    const auto drift = std::count_if(results.begin(), results.end(), drifted);
    out += fmt::format(" <span>{} DRIFT</span>", drift);
  }
  if (counts.unstable > 0) out += fmt::format(" <span>{} UNSTABLE</span>", counts.unstable);
  out += "</p>\n";

  out +=
      "<table class=\"tables\"><thead><tr><th>Verdict</th><th>Table</th><th>Released</th>"
      "<th>New</th><th>Delta</th><th>Cause</th></tr></thead>\n<tbody>\n";
  for (const TableResult* r : html_order(results)) {
    out += fmt::format(
        "<tr class=\"row\"><td><span class=\"badge {0}\">{0}</span></td><td>{1}</td>"
        "<td class=\"n\">{2}</td><td class=\"n\">{3}</td><td class=\"n\">{4}</td>"
        "<td class=\"cause\">{5}</td></tr>\n",
        to_string(status(*r)), e(r->schema + "." + r->table), r->released_rows, r->new_rows,
        signed_delta(r->delta), cause_cell(*r));
    if (shows_evidence(*r)) {
      out += fmt::format(
          "<tr><td></td><td colspan=\"5\"><details><summary>{}</summary>{}</details></td></tr>\n",
          e(summary_of(*r)), evidence(*r));
    }
  }
  out += "</tbody></table>\n";
  return out;
}

}  // namespace

std::string render_html(const RunInfo& info, const std::vector<TableResult>& results) {
  const VerdictCounts counts = count_verdicts(results);
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
      "'unsafe-inline'\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += fmt::format("<title>{} data-test report</title>\n<style>{}</style></head>\n<body>\n",
                     e(info.profile_name), kStyle);
  out += fmt::format("<h1>{} data-test report</h1>\n", e(info.profile_name));
  if (!info.incomplete.empty()) {
    out += fmt::format(
        "<p class=\"incomplete\"><b>Incomplete run:</b> {}. The counts below are partial or "
        "absent.</p>\n",
        e(info.incomplete));
  }
  if (info.self_check) {
    out +=
        "<p class=\"incomplete\"><b>Self-check:</b> the released version against a second "
        "collection by the same released build; every difference below is noise, not a "
        "change.</p>\n";
  }
  out += fmt::format("<p class=\"meta\">Released tag {} ({}) in {}; local version {} in {}</p>\n",
                     e(info.released_tag), e(info.released_commit.substr(0, 7)),
                     e(info.released_db), e(info.local_version), e(info.new_db));
  for (const auto& [what, text] : {std::pair{"Released build", &info.released_build},
                                   std::pair{"Released collection", &info.released_collection}}) {
    if (!text->empty()) out += fmt::format("<p class=\"meta\">{}: {}</p>\n", what, e(*text));
  }
  out += fmt::format("<p class=\"meta\">Test repo {}; generated {}</p>\n", e(info.repo),
                     e(info.generated_at));
  if (info.fresh_compared) {
    out += fresh_tables(info, results, counts);
  } else {
    out +=
        "<p class=\"meta\">The fresh comparison was not run (--upgrade-only): the upgrade "
        "below is this run's result.</p>\n";
  }
  out += upgrade_section(info, results);

  if (!info.early_warnings.empty()) {
    out += "<h2>Early warnings</h2>\n<ul>\n";
    for (const auto& w : info.early_warnings) {
      const char* outcome = !w.confirmed   ? "not checked"
                            : *w.confirmed ? "confirmed by the counts"
                                           : "not confirmed";
      out += fmt::format("<li>{}: <span class=\"cause\">{}</span> ({})</li>\n",
                         e(w.schema + "." + w.table), e(change_line_at(w.change)), outcome);
    }
    out += "</ul>\n";
  }
  if (!info.phases.empty()) {
    out += "<h2>Phases</h2>\n<ul>\n";
    for (const auto& p : info.phases) {
      out += fmt::format("<li>{}: {:.1f} s</li>\n", e(p.name), p.seconds);
    }
    out += "</ul>\n";
  }
  return out + "</body></html>\n";
}

}  // namespace dt
