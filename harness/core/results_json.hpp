#pragma once
// The JSON form of a run's facts and results: the body of report.json and of state.json.
#include <vector>

#include "core/model.hpp"
#include "util/json.hpp"

namespace dt {

// The document described in docs/report-format.md. Names that are not valid UTF-8 (a SQL_ASCII
// server) are written with "\xNN" escapes.
json::Json render_json(const RunInfo& info, const std::vector<TableResult>& results);
// Inverse of render_json for the parts it holds. Throws dt::Error naming a missing or mistyped
// key, and refuses a table whose verdict does not follow from its counts (a hand edit must not
// turn a data loss into a pass).
void parse_json(const json::Json& doc, RunInfo& info, std::vector<TableResult>& results);

}  // namespace dt
