#pragma once
// A run's facts and results as the report tests share them: four tables, one of each verdict
// and a table on each side only; and one table's result built by hand.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "compare.hpp"
#include "core/model.hpp"

namespace dt::testing_support {

// The run's facts: an aveloxis run of 0.22.6 against a working tree, every field set.
inline RunInfo sample_info() {
  RunInfo info;
  info.profile_name = "aveloxis";
  info.released_tag = "0.22.6";
  info.released_commit = "abc1234def5678abc1234def5678abc1234def56";
  info.local_version = "working tree (9f8e7d6, uncommitted changes)";
  info.released_db = "aveloxis_released";
  info.new_db = "aveloxis_new";
  info.repo = "https://github.com/augurlabs/augur";
  info.schemas = {"aveloxis_data", "aveloxis_ops"};
  info.generated_at = "2026-05-17T14:30:00Z";
  return info;
}

// Its results: issues FAIL, messages FLAG, commits PASS, old_table released only, new_table new
// only.
inline std::vector<TableResult> sample_results() {
  return compare({{"aveloxis_data", "issues", 10},
                  {"aveloxis_data", "messages", 4},
                  {"aveloxis_data", "commits", 7},
                  {"aveloxis_ops", "old_table", 3}},
                 {{"aveloxis_data", "issues", 8},
                  {"aveloxis_data", "messages", 6},
                  {"aveloxis_data", "commits", 7},
                  {"aveloxis_ops", "new_table", 2}});
}

// schema.table with the two counts, their delta and verdict, the rest default: a result as the
// comparison would make it, for tests that set the verdict or content themselves.
inline TableResult counted_result(std::string schema, std::string table, std::int64_t released,
                                  std::int64_t fresh, Verdict verdict = Verdict::pass) {
  TableResult r;
  r.schema = std::move(schema);
  r.table = std::move(table);
  r.released_rows = released;
  r.new_rows = fresh;
  r.delta = fresh - released;
  r.verdict = verdict;
  return r;
}

}  // namespace dt::testing_support
