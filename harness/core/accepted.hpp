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
// Inverse of to_string(Expected); throws dt::Error for anything else.
Expected expected_from_string(std::string_view text);
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

enum class Verdict;  // core/verdict.hpp
struct TableResult;  // core/model.hpp
// The declared acceptance judged against the verdict a table (or its upgrade) got; an
// accepted one turns that verdict into ACCEPTED (an out-of-bounds one leaves the FAIL).
Acceptance accept(const AcceptedChange& declared, Verdict& verdict, bool drift, std::int64_t lost);

// How an acceptance expecting `expected` (at most `max_lost` rows lost) meets a table whose own
// verdict is `counted` (the fresh one, or the upgrade's for UPGRADE_*); `drift`: content
// changed under equal counts; `lost`: rows lost. Matching and within the bound: accepted; more
// lost: out_of_bounds; else stale. The one rule, for the run and for a reader of its state.
AcceptedStatus judge(Expected expected, std::optional<std::int64_t> max_lost, Verdict counted,
                     bool drift, std::int64_t lost);

// The table's stale acceptances: of its fresh verdict, then of its upgrade's.
std::vector<const Acceptance*> stale_acceptances(const TableResult& result);
// Why an acceptance is stale, for the console, report.md and annotations: "data.t: accepted as
// FAIL (<reason>), but it now gets PASS; remove the entry from <origin> or look again at the
// change". Names and the repository's own words only.
std::string stale_text(const TableResult& result, const Acceptance& acceptance);
// An out-of-bounds acceptance's words: "lost 8 rows, more than the 5 its acceptance allows".
std::string out_of_bounds_text(std::int64_t lost, const Acceptance& acceptance);
// The rows an acceptance is measured against: released minus new (or upgraded), at least 0.
std::int64_t rows_lost(std::int64_t released_rows, std::int64_t other_rows);

// Both lists as one, sorted; a table (and kind: fresh or upgrade) declared in both throws
// dt::Error naming the two places.
std::vector<AcceptedChange> merge_accepted(std::vector<AcceptedChange> a,
                                           std::vector<AcceptedChange> b);

}  // namespace dt
