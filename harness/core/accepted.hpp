#pragma once
// Accepted changes: the working tree's declaration that a table's loss (or gain, or drift) is
// on purpose, read from the profile's "accepted" key and from data-test.accepted.json at the
// root of the working tree. See "accepted" in docs/profile-format.md.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/json.hpp"

namespace dt {

// The verdict an acceptance expects: a fresh FAIL, FLAG or DRIFT, or the upgrade's FAIL or FLAG.
enum class Expected { fail, flag, drift, upgrade_fail, upgrade_flag };

// "FAIL", "FLAG", "DRIFT", "UPGRADE_FAIL", "UPGRADE_FLAG".
std::string_view to_string(Expected expected);
// True for the upgrade's verdicts (they apply to a table's upgrade, not its fresh comparison).
bool for_upgrade(Expected expected);

// One table's acceptance, as declared.
struct AcceptedChange {
  std::string schema;
  std::string table;
  Expected verdict = Expected::fail;
  std::string reason;                    // why, as the repository says it (shown in reports)
  std::optional<std::int64_t> max_lost;  // the most rows it may lose; none: any number
  std::string origin;                    // where it was declared (the file or the profile)
};

// How an acceptance met the run: it matched (the table's test passes), it no longer matches
// (a warning: the table PASSes now, or got another verdict), or more rows were lost than it
// allows (a FAIL).
enum class AcceptedStatus { accepted, stale, out_of_bounds };

// "accepted", "stale", "out_of_bounds".
std::string_view to_string(AcceptedStatus status);
// Inverse of to_string; throws dt::Error for anything else.
AcceptedStatus accepted_status_from_string(std::string_view text);

// An acceptance applied to a table's result.
struct Acceptance {
  std::string reason;
  AcceptedStatus status = AcceptedStatus::accepted;
  Expected verdict = Expected::fail;     // what it expected
  std::optional<std::int64_t> max_lost;  // its bound, if any
  std::string origin;                    // where it was declared
};

// The file a working tree declares its accepted changes in, at its root.
inline constexpr std::string_view kAcceptedFile = "data-test.accepted.json";

// Parses an "accepted" object ({"schema.table": {"verdict", "reason", "max_lost"}}): `origin`
// names where it is in messages; every schema must be one of `schemas`. Sorted by schema, table.
// Throws dt::Error with one line naming the entry and the fix.
std::vector<AcceptedChange> parse_accepted(const json::Json& value, std::string_view origin,
                                           const std::vector<std::string>& schemas);

// <source_dir>/data-test.accepted.json parsed, or empty when there is none.
std::vector<AcceptedChange> read_accepted_file(const std::filesystem::path& source_dir,
                                               const std::vector<std::string>& schemas);

// Both lists as one, sorted; a table (and kind: fresh or upgrade) declared in both throws
// dt::Error naming the two places.
std::vector<AcceptedChange> merge_accepted(std::vector<AcceptedChange> a,
                                           std::vector<AcceptedChange> b);

}  // namespace dt
