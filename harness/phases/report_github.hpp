#pragma once
// What a run shows under GitHub Actions (part of the report module): the job summary's
// markdown and the workflow-command annotations, one per finding, at the line of the working
// tree that made its change when known. Pure: values in, text out; secrets already scrubbed
// from the results, and every user text is made printable and escaped for the command syntax.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.hpp"

namespace dt {

// A workflow command's message: control characters shown as \xNN (so that it stays one line),
// then '%' escaped as %25.
std::string github_escape_data(std::string_view text);
// A workflow command's property value: as github_escape_data, and ':' and ',' (%3A, %2C) too.
std::string github_escape_property(std::string_view text);

// One line per finding, FAILs first: "::error file=<f>,line=<n>,title=<t>::<message>" for each
// FAIL and upgrade FAIL, "::warning ..." for each FLAG and upgrade FLAG; file and line only
// when the working tree's line is known (report-format.md, "The line that made each change").
std::vector<std::string> github_annotations(const std::vector<TableResult>& results);

// The job summary: a heading with the outcome, the counts, one row per FAIL then per FLAG (the
// fresh comparison's and the upgrade's: verdict, counts, cause, where), and the full report's
// path.
std::string github_summary(const RunInfo& info, const std::vector<TableResult>& results,
                           const std::filesystem::path& report);

}  // namespace dt
