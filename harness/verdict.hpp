#pragma once
// Counts of both sides -> one verdict per table. Pure.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "counts.hpp"

namespace dt {

enum class Verdict { pass, flag, fail };

// "PASS", "FLAG", "FAIL".
std::string_view to_string(Verdict verdict);
// Inverse of to_string; throws dt::Error for anything else.
Verdict verdict_from_string(std::string_view text);

struct TableResult {
  std::string schema;
  std::string table;
  std::int64_t released_rows = 0;
  std::int64_t new_rows = 0;
  std::int64_t delta = 0;  // new - released
  Verdict verdict = Verdict::pass;
  std::string note;  // set when the table exists on one side only
};

// PASS when equal, FLAG when new > released, FAIL when released > new. A table on one side only
// counts 0 on the other and gets a note. Sorted by schema then table.
std::vector<TableResult> compare(const std::vector<TableCount>& released,
                                 const std::vector<TableCount>& fresh);

// "+2", "-5", "0".
std::string signed_delta(std::int64_t delta);

}  // namespace dt
