#pragma once
// A table's verdict from its counts, whether its content was compared, and the one status every
// renderer shows: PASS, FLAG, FAIL, DRIFT or UNSTABLE. The rules that turn those into each other
// (--content=fail, drift, which tables get evidence) live here and nowhere else; a renderer
// `switch`es over Status with no `default:`, so -Wswitch lists each place a new status needs.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dt {

struct TableResult;  // core/model.hpp

// UNSTABLE: a table the profile's unstable_tables names, whose counts differ by no more than its
// spread: noise, not a finding (it never fails; beyond the spread the usual verdict applies).
enum class Verdict { pass, flag, fail, unstable, accepted };

// "PASS", "FLAG", "FAIL", "UNSTABLE".
std::string_view to_string(Verdict verdict);
// Inverse of to_string; throws dt::Error for anything else.
Verdict verdict_from_string(std::string_view text);
// PASS when equal, FLAG when new > released, FAIL when released > new.
Verdict classify(std::int64_t released_rows, std::int64_t new_rows);
// "+2", "-5", "0".
std::string signed_delta(std::int64_t delta);

// --content: whether equal counts get a content fingerprint, and whether drift fails.
enum class ContentCheck { off, on, fail };
// "off", "on", "fail".
std::string_view to_string(ContentCheck check);
// Inverse of to_string; throws dt::Error for anything else.
ContentCheck content_check_from_string(std::string_view text);

// Equal counts, compared by fingerprint: the same content, or changed. Only equal counts are
// compared (a fresh table with --content, an upgraded one its steps may have touched).
enum class Content { not_compared, same, changed };
// "" (not compared), "same", "changed": the words report.json and the reports write.
std::string_view to_string(Content content);
// Inverse of to_string; nullopt for anything else (the caller names the file and the fix).
std::optional<Content> content_from_string(std::string_view text);

// What a table is shown as. DRIFT: PASS by its counts, but the content changed (a warning,
// unless --content=fail makes it a FAIL). UNSTABLE: the verdict UNSTABLE (declared noise).
enum class Status { pass, flag, fail, drift, unstable, accepted };

// "PASS", "FLAG", "FAIL", "DRIFT", "UNSTABLE" (the badge report.html shows).
std::string_view to_string(Status status);
// The one rule: a verdict with its content, under --content. A PASS whose content changed is
// DRIFT, or FAIL when check is fail (drift fails the run); every other verdict is itself.
Status status(Verdict verdict, Content content, ContentCheck check);
// status(result.verdict, result.content, check): the status a result's counts and content call
// for under check (run/diagnose applies it; a saved state is checked with it).
Status status(const TableResult& result, ContentCheck check);
// The status of a result as the run left it: its verdict already carries --content=fail, so a
// PASS whose content changed is DRIFT. What every report and test line shows.
Status status(const TableResult& result);
// The verdict a status stands for: DRIFT is a PASS.
Verdict verdict_of(Status status);

// True when result's content changed under equal counts, whatever its status (a FAIL under
// --content=fail, UNSTABLE within a declared spread): what the DRIFT counts count.
bool drifted(const TableResult& result);
// True when result's evidence is gathered and shown: a FAIL, or a changed content (also a DRIFT
// the profile declared noise afterwards).
bool needs_evidence(const TableResult& result);
// needs_evidence, and the result carries some (a state from before evidence existed has none):
// the reports show its Diagnosis and the test its cause.
bool shows_evidence(const TableResult& result);

}  // namespace dt
