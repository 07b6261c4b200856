#pragma once
// Phase 6: report.md for people and report.json for machines, from the same values. Pure.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "verdict.hpp"

namespace dt {

// How long one phase took.
struct PhaseTiming {
  std::string name;  // e.g. "resolve binaries"
  double seconds = 0;
};

// Everything the report says besides the table rows.
struct RunInfo {
  std::string profile_name;  // the title is "# <profile_name> data-test report"
  std::string released_tag;
  std::string released_commit;  // full sha
  std::string local_version;    // e.g. "working tree at abc1234 with uncommitted changes"
  std::string released_db;
  std::string new_db;
  std::string repo;
  std::vector<std::string> schemas;
  std::string generated_at;  // ISO-8601 UTC, e.g. 2026-05-17T14:30:00Z
  std::string incomplete;    // empty for a finished run, else where and why it stopped
  std::vector<PhaseTiming> phases;
};

// The seed's layout: title, bullet header, "## Summary" with the three count lines, then the
// FAIL, FLAG and PASS tables. An incomplete run says so right under the title.
std::string render_markdown(const RunInfo& info, const std::vector<TableResult>& results);

// The same content as JSON (see docs/report-format.md).
nlohmann::ordered_json render_json(const RunInfo& info, const std::vector<TableResult>& results);
// Inverse of render_json for the parts it holds; throws dt::Error naming a missing key.
void parse_json(const nlohmann::json& doc, RunInfo& info, std::vector<TableResult>& results);

// Markdown table cell text: pipes and newlines escaped, backticks kept literal.
std::string md_cell(const std::string& text);

// Current UTC time as 2026-05-17T14:30:00Z; and as 20260517T143000Z for directory names.
std::string utc_now_iso();
std::string utc_now_compact();

}  // namespace dt
