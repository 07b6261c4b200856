#include "report.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "util/text.hpp"

namespace dt {
namespace {

// Header values are user text on a single markdown line: newlines would break the layout.
std::string one_line(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    out += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return out;
}

void append_section(std::string& out, Verdict verdict, const std::vector<TableResult>& results,
                    bool per_repo) {
  out += fmt::format("## {}\n\n", to_string(verdict));
  bool any = false;
  for (const auto& r : results) {
    if (r.verdict != verdict) continue;
    if (!any) {
      out += per_repo
                 ? "| Schema | Table | Released rows | New rows | Delta | Repos losing | Note |\n"
                   "|---|---|---:|---:|---:|---|---|\n"
                 : "| Schema | Table | Released rows | New rows | Delta | Note |\n"
                   "|---|---|---:|---:|---:|---|\n";
      any = true;
    }
    out += fmt::format("| {} | {} | {} | {} | {} | ", md_cell(text::escape_utf8(r.schema)),
                       md_cell(text::escape_utf8(r.table)), r.released_rows, r.new_rows,
                       signed_delta(r.delta));
    if (per_repo) out += md_cell(text::join(repos_losing(r), ", ")) + " | ";
    std::string note = r.note;
    if (verdict == Verdict::unstable && r.unstable) {
      // The profile's reason and spread: why this difference is noise, not a finding.
      note = fmt::format("{}{}{}", r.unstable->reason,
                         r.unstable->spread ? fmt::format(" (spread {})", *r.unstable->spread) : "",
                         note.empty() ? std::string() : fmt::format("; {}", note));
    }
    if (r.accepted && r.accepted->status != AcceptedStatus::stale) {
      // Accepted: the repository's reason; out of bounds: by how much.
      const std::string why =
          r.accepted->status == AcceptedStatus::accepted
              ? fmt::format("{} ({})", r.accepted->reason, r.accepted->origin)
              : out_of_bounds_text(rows_lost(r.released_rows, r.new_rows), *r.accepted);
      note = note.empty() ? why : fmt::format("{}; {}", why, note);
    }
    out += md_cell(note) + " |\n";
  }
  if (!any) out += "None.\n";
  out += "\n";
}

// Acceptances that no longer match: a warning, listed so that none hides the next real loss.
void append_stale(std::string& out, const std::vector<TableResult>& results) {
  std::string lines;
  for (const auto& r : results) {
    for (const Acceptance* a : stale_acceptances(r)) {
      lines += "- " + md_cell(text::escape_utf8(stale_text(r, *a))) + "\n";
    }
  }
  if (!lines.empty()) out += "## Stale acceptances\n\n" + lines + "\n";
}

void append_phases(std::string& out, const RunInfo& info) {
  if (info.phases.empty()) return;
  out += "## Phases\n\n";
  for (const auto& phase : info.phases) {
    out += fmt::format("- {}: {:.1f} s\n", one_line(phase.name), phase.seconds);
  }
  out += "\n";
}

}  // namespace

std::string md_cell(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '|':
      case '\\':
      case '`':
        out += '\\';
        out += c;
        break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') break;  // CRLF is one line break
        out += ' ';
        break;
      case '\n':
        out += ' ';
        break;
      case '<':
        // A name like "<script>" stays text: markdown renders raw HTML, never after "\<".
        out += "\\<";
        break;
      default:
        // ESC, BEL and the rest: shown, never passed to a terminal that cats the report.
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          out += fmt::format("\\x{:02x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string render_markdown(const RunInfo& info, const std::vector<TableResult>& results) {
  const VerdictCounts summary = count_verdicts(results);
  std::string out = fmt::format("# {} data-test report\n\n", one_line(info.profile_name));
  if (!info.incomplete.empty()) {
    out += fmt::format("**Incomplete run:** {}\n\n", one_line(info.incomplete));
    out += "The run stopped before it finished: the counts below are partial or absent.\n\n";
  }
  if (info.self_check) {
    out +=
        "**Self-check:** the released version against itself (a second collection by the same "
        "released build, `--self-check`): every difference below is noise, not a change. "
        "`unstable_tables.json` in the work dir lists those tables for the profile's "
        "`unstable_tables`.\n\n";
  }
  const std::string commit = info.released_commit.empty()
                                 ? std::string()
                                 : fmt::format("commit {}, ", info.released_commit.substr(0, 7));
  out += fmt::format("- Released tag: {} ({}in {})\n", one_line(info.released_tag), commit,
                     one_line(info.released_db));
  if (!info.released_build.empty()) {
    out += fmt::format("- released build: {}\n", one_line(info.released_build));
  }
  if (!info.released_collection.empty()) {
    out += fmt::format("- released collection: {}\n", one_line(info.released_collection));
  }
  out += fmt::format("- Local version: {} (in {})\n", one_line(info.local_version),
                     one_line(info.new_db));
  if (info.repos.size() > 1) {
    out += fmt::format("- Test repos: {}\n", one_line(text::join(info.repos, ", ")));
  } else {
    out += fmt::format("- Test repo: {}\n", one_line(info.repo));
  }
  out += fmt::format("- Schemas: {}\n", one_line(text::join(info.schemas, ", ")));
  out += fmt::format("- Generated: {}\n\n", one_line(info.generated_at));

  if (!info.fresh_compared) {
    out +=
        "## Summary\n\nThe fresh comparison was not run (`--upgrade-only`): the new side ran its "
        "schema steps only, so that the upgrade could be compared with a fresh install. The "
        "upgrade below is this run's result.\n\n";
    out += render_upgrade_section(info, results);
    out += render_diagnosis(info, results);
    append_phases(out, info);
    out.pop_back();
    return out;
  }
  out += "## Summary\n\n";
  out += fmt::format("- FAIL (released has more rows = data loss): {}\n", summary.fail);
  out += fmt::format("- FLAG (new has more rows = likely new coverage): {}\n", summary.flag);
  out += fmt::format("- PASS (equal counts): {}\n", summary.pass);
  if (summary.unstable > 0) {
    out += fmt::format(
        "- UNSTABLE (the profile's unstable_tables, within their spread): {}{}\n", summary.unstable,
        info.released_collection.empty()
            ? ""
            : fmt::format("; the released side: {}", one_line(info.released_collection)));
  }
  if (summary.accepted > 0) {
    out += fmt::format("- ACCEPTED (the working tree's accepted changes): {}\n", summary.accepted);
  }
  const auto stale = std::count_if(results.begin(), results.end(), [](const TableResult& r) {
    return !stale_acceptances(r).empty();
  });
  if (stale > 0) {
    out += fmt::format("- Stale acceptances (no longer matching; see below): {}\n", stale);
  }
  if (info.content_check != ContentCheck::off) {
    const auto drift = std::count_if(results.begin(), results.end(), drifted);
    out += fmt::format("- DRIFT (equal counts, changed content{}): {}\n",
                       info.content_check == ContentCheck::fail ? ", counted as FAIL" : "", drift);
  }
  out += "\n";

  const bool per_repo = !info.repo_column.empty();
  append_section(out, Verdict::fail, results, per_repo);
  append_section(out, Verdict::flag, results, per_repo);
  append_section(out, Verdict::pass, results, per_repo);
  if (summary.unstable > 0) append_section(out, Verdict::unstable, results, per_repo);
  if (summary.accepted > 0) append_section(out, Verdict::accepted, results, per_repo);
  append_stale(out, results);
  if (per_repo) out += render_repo_section(info, results);
  out += render_upgrade_section(info, results);
  out += render_diagnosis(info, results);

  append_phases(out, info);
  // Exactly one trailing newline.
  out.pop_back();
  return out;
}

}  // namespace dt
