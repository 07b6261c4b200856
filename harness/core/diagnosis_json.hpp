#pragma once
// The JSON form of the evidence beside a verdict (core/diagnosis.hpp): part of report.json and
// state.json, read back so that CTest's table tests show it from the saved state.
#include <string>

#include "core/diagnosis.hpp"
#include "core/model.hpp"
#include "util/json.hpp"

namespace dt {

// The "diagnosis" object of a table in report.json (docs/report-format.md).
json::Json diagnosis_to_json(const Diagnosis& diagnosis);
// Its inverse. where names the object in errors ("tables[3].diagnosis"). Throws dt::Error
// naming a missing or mistyped key.
Diagnosis diagnosis_from_json(const json::Json& doc, const std::string& where);

// A table's "upgrade" object, and its inverse (which refuses a verdict that does not follow
// from the counts, content and schema differences).
json::Json table_upgrade_to_json(const TableUpgrade& upgrade);
// An acceptance as report.json's `accepted`: {"reason", "status", "verdict", "max_lost",
// "origin"}; null when there is none. Read back with acceptance_from_json.
json::Json acceptance_to_json(const std::optional<Acceptance>& acceptance);
std::optional<Acceptance> acceptance_from_json(const json::Json& doc, const std::string& where);
// The verdict a reader expects of a table whose own verdict is `counted`, given its stored
// acceptance: ACCEPTED when the acceptance is judged accepted. Throws dt::Error when the stored
// status is not what judge() makes of the counts (a hand edit hiding a loss).
Verdict accepted_verdict(Verdict counted, const std::optional<Acceptance>& acceptance, bool drift,
                         std::int64_t lost, const std::string& where);
TableUpgrade table_upgrade_from_json(const json::Json& doc, const std::string& where);

// The report's top-level "upgrade" object, and its inverse.
json::Json upgrade_info_to_json(const UpgradeInfo& info);
UpgradeInfo upgrade_info_from_json(const json::Json& doc, const std::string& where);

// A "content" value: null when not compared, else "same" or "changed" (a table's and its
// upgrade's alike).
json::Json content_json(Content content);

// One early warning, and its inverse.
json::Json early_warning_to_json(const EarlyWarning& warning);
EarlyWarning early_warning_from_json(const json::Json& doc, const std::string& where);

}  // namespace dt
