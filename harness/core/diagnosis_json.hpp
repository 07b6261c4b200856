#pragma once
// The JSON form of the evidence beside a verdict (core/diagnosis.hpp): part of report.json and
// state.json, read back so that CTest's table tests show it from the saved state.
#include <string>

#include "core/diagnosis.hpp"
#include "util/json.hpp"

namespace dt {

// The "diagnosis" object of a table in report.json (docs/report-format.md).
json::Json diagnosis_to_json(const Diagnosis& diagnosis);
// Its inverse. where names the object in errors ("tables[3].diagnosis"). Throws dt::Error
// naming a missing or mistyped key.
Diagnosis diagnosis_from_json(const json::Json& doc, const std::string& where);

// One early warning, and its inverse.
json::Json early_warning_to_json(const EarlyWarning& warning);
EarlyWarning early_warning_from_json(const json::Json& doc, const std::string& where);

}  // namespace dt
