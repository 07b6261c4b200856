#pragma once
// What an operator watching an hour-long run sees on the terminal besides the children's output:
// where the work dir and logs are, the early warnings, DRIFT lines, and the final one-line
// verdict. Pure text, except init() (which reads the terminal and NO_COLOR).
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/model.hpp"

namespace dt::console {

// True when output should be coloured: stderr is a terminal and NO_COLOR is unset or empty
// (https://no-color.org).
bool colour_wanted(bool is_terminal, const char* no_color);
// Sets util/log's quiet mode and colour from --quiet, the terminal and NO_COLOR.
void init(bool quiet);
// The colour decided by init().
bool colour();

// "work dir: <dir>; logs: <a>, <b>".
std::string start_line(const std::filesystem::path& work_dir,
                       const std::vector<std::filesystem::path>& logs);
// "early warning: schema.table: FK_ADDED: foreign key added on x, not deferrable (...)".
std::string early_warning_line(const EarlyWarning& warning);
// "DRIFT schema.table: equal counts (N rows), content changed (M rows differ); sample: <file>".
std::string drift_line(const TableResult& result);
// The upgrade's verdict, printed when it ends: "upgrade: FAIL: 1 FAIL, 0 FLAG, 12 PASS (FAIL:
// s.t)", or "upgrade: FAIL: the migration failed: <error>". `failing` names the FAIL tables.
std::string upgrade_line(const UpgradeInfo& upgrade, const std::vector<std::string>& failing,
                         bool colour);
// The final verdict, one line: "FAIL: 1 FAIL, 1 FLAG, 12 PASS (FAIL: s.t, ...); upgrade: 0 FAIL,
// 0 FLAG, 13 PASS in 3m 12s; report: <path>". The first word is FAIL when any table or the
// upgrade fails, else PASS. Coloured when asked.
// With --upgrade-only (info.fresh_compared false) it names the upgrade's counts alone:
// "PASS: upgrade only: 0 FAIL, 1 FLAG, 12 PASS in 4s; report: <path>".
std::string verdict_line(const std::vector<TableResult>& results, const RunInfo& info,
                         std::chrono::seconds elapsed, const std::filesystem::path& report,
                         bool colour);

}  // namespace dt::console
