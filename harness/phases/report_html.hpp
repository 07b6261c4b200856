#pragma once
// report.html: the report as one self-contained page (inline style, no script, no network, no
// external asset). Pure: values in, text out.
#include <string>
#include <string_view>
#include <vector>

#include "core/model.hpp"

namespace dt {

// Tables sorted by rows lost, FAIL and FLAG first; each FAIL or drifting table shows its cause
// codes in the row and folds its diagnosis, lost-row sample and collector lines (<details>)
// beside it. A Content-Security-Policy forbids every fetch.
std::string render_html(const RunInfo& info, const std::vector<TableResult>& results);

// Text for HTML element content and attribute values: & < > " ' escaped.
std::string html_escape(std::string_view text);

// The order report.html shows tables in: FAIL (most rows lost first), FLAG (most rows gained
// first), drifting PASS tables, then PASS by name.
std::vector<const TableResult*> html_order(const std::vector<TableResult>& results);

}  // namespace dt
