#pragma once
// Evidence from the collector: the lines of a side's log (logs/<side>.log, already scrubbed when
// written) that name a table or one of its constraints and read like a problem.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnosis.hpp"

namespace dt {

// What names one table in a log line: "schema.table", the table's name in double quotes (as
// PostgreSQL's messages quote it), or one of its constraints' names, each as a whole word.
struct LogNeedles {
  std::string schema;
  std::string table;
  std::vector<std::string> constraints;
};

// True when line names the table (see LogNeedles).
bool names_table(std::string_view line, const LogNeedles& needles);
// True when line reads like a problem: warn, error, fatal, fail, violat, reject, skip, refus,
// denied, invalid, abort or "does not exist", in any case.
bool reads_like_problem(std::string_view line);

// Reads the log once and returns, per table in the order given, the problem lines naming it:
// their count and the first `examples` distinct ones (each cut to 400 bytes, scrubbed again). A log
// that does not exist gives zero lines. Throws dt::Error when it cannot be read.
std::vector<LogEvidence> scan_log(const std::filesystem::path& log, const std::string& side,
                                  const std::vector<LogNeedles>& tables, std::size_t examples = 5);

}  // namespace dt
