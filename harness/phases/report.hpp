#pragma once
// Phase 6: report.md for people. Pure: values in, text out (report.json is core/results_json).
#include <string>
#include <vector>

#include "core/model.hpp"

namespace dt {

// The layout operators know from Aveloxis's data-test: title, bullet header, "## Summary" with
// the three count lines, then the FAIL, FLAG and PASS tables. An incomplete run says so right
// under the title.
std::string render_markdown(const RunInfo& info, const std::vector<TableResult>& results);

// The "## Diagnosis: schema.table" sections (each table that shows_evidence) and "## Early
// warnings" (report_diagnosis.cpp); "" when there is nothing to say.
std::string render_diagnosis(const RunInfo& info, const std::vector<TableResult>& results);

// The heading of the table's "## Diagnosis" section, as report.md writes it.
std::string diagnosis_heading(const std::string& schema, const std::string& table);

// The "## Upgrade" section (report_upgrade.cpp): its summary line, the migration's steps and
// status (the failing step's last output lines), then one row per table, FAILs first with their
// evidence; "" when the run had no upgrade.
std::string render_upgrade_section(const RunInfo& info, const std::vector<TableResult>& results);

// Markdown table cell text: pipes and newlines escaped, backticks kept literal, '<' escaped so
// that no name renders as HTML, other control characters written as "\xNN".
std::string md_cell(const std::string& text);

// The "## Per repository" section: each table whose counts differ, split by the repository its
// rows belong to (profile repo_column); "" when the run has no breakdown.
std::string render_repo_section(const RunInfo& info, const std::vector<TableResult>& results);

}  // namespace dt
