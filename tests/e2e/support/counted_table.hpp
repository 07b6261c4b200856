#pragma once
// A run whose collection adds one table with its own row count on each side: what the
// accepted-changes and unstable-tables tests share (a verdict the profile or the repository
// changes, on a table the test controls to the row).
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/e2e.hpp"

namespace dt::e2e {

// The table, in the example databases, and what each side's collection writes to it.
struct CountedTable {
  std::string qualified;  // schema.table
  int released_rows = 0;
  std::optional<int> new_rows;  // nullopt: the new side makes no table (it was dropped)
};

// What a counted run adds to the example application and its profile.
struct CountedSetup {
  nlohmann::json profile_keys = nlohmann::json::object();  // set at the profile's top level
  std::map<std::string, std::string> clone_files;          // written into the clone: path, text
};

// One counted run and what it left in its work dir.
struct CountedRun {  // NOLINT(bugprone-exception-escape): json's default constructor never throws
  CountedTable table;
  Result result;
  std::filesystem::path work;  // report.json, report.md, and the gtest XML as out.xml
  nlohmann::json report;       // report.json, parsed (null when the run wrote none)
  nlohmann::json row;          // the table's row in it (null when absent)
};

// A run of a fresh example clone `name` (the example profile, the fast build) whose collection
// adds the table; with --no-upgrade, since the table is the collection's, not the schema's.
CountedRun run_counted(const std::string& name, const CountedTable& table,
                       const CountedSetup& setup = {});

// Success when the run exited with `status` and its report has the table's row; otherwise the
// status, the output and the report, for the test to stop on.
::testing::AssertionResult exited_with_row(const CountedRun& run, int status);

// data-test --from-state on the run's work dir, filtered to the table: its saved state read back.
Result read_back(const CountedRun& run);

}  // namespace dt::e2e
