#pragma once
// `data-test bisect`'s pure part: the candidates in order, the search over them (git bisect's,
// skips included), the failing tables of a candidate's run, bisect.json and the terminal's lines.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.hpp"
#include "util/json.hpp"

namespace dt {

// One version bisect may test: a commit after the released tag on HEAD's first-parent line, or
// the working tree's uncommitted changes (always the last).
struct BisectCandidate {
  std::string commit;  // full sha; for the working tree, HEAD's
  std::string subject;
  std::string date;           // author date, ISO 8601; "" for the working tree
  bool working_tree = false;  // the uncommitted changes on top of HEAD
};

// The subject bisect gives the working tree's candidate.
inline constexpr std::string_view kWorkingTreeSubject = "uncommitted changes in the working tree";

// The commits (oldest first, as `git log --reverse` lists them), then the working tree when it
// has uncommitted changes (on top of head, HEAD's sha).
std::vector<BisectCandidate> bisect_candidates(std::vector<BisectCandidate> commits,
                                               const std::string& head, bool dirty);

// A candidate's answer: its run FAILed, did not, or could not test it (its build, or a step of
// its new side, failed: skipped, as `git bisect skip`).
enum class BisectVerdict { pass, fail, skip };

// "PASS", "FAIL", "SKIP".
std::string_view to_string(BisectVerdict verdict);

// One failing table of a candidate's run, as bisect.json lists it.
struct FailingTable {
  std::string schema;
  std::string table;
  std::string verdict = "FAIL";
  std::string cause;  // the GoogleTest property `cause` of its test
  std::string check;  // "fresh", "upgrade", or "upgrade_migration" (UPGRADE_.migration)
};

// The tables a run FAILed: the fresh comparison's, the upgrade's, and the upgrade's migration
// when it failed. Empty when nothing failed.
std::vector<FailingTable> failing_tables(const RunInfo& info,
                                         const std::vector<TableResult>& results);

// One tested candidate.
struct BisectStep {
  std::size_t index = 0;  // into the candidates
  BisectVerdict verdict = BisectVerdict::pass;
  std::string reason;                 // SKIP: why (one line)
  std::vector<FailingTable> failing;  // FAIL: the failing tables
  std::string work_dir;               // its run's work dir (report.md there)
};

// What the search concluded.
enum class BisectOutcome {
  found,          // the first failing candidate is known
  no_candidates,  // nothing after the tag: no commit fails
  tree_passes,    // the last candidate does not FAIL: nothing to search for
  tree_skipped,   // the last candidate could not be tested
  undecided,      // only skipped candidates are left between the last PASS and the first FAIL
};

struct BisectAnswer {
  BisectOutcome outcome = BisectOutcome::no_candidates;
  std::size_t first_failing = 0;      // found: the candidate's index
  std::vector<std::size_t> could_be;  // undecided: the skipped candidates, then the first FAIL
};

// The exit status: 0 no commit fails, 1 found, 2 could not tell.
int exit_status(const BisectAnswer& answer);

// git bisect over n candidates: the last is tested first (it must FAIL); then, between the last
// candidate known to PASS (at first the released tag, before candidate 0) and the first known to
// FAIL, the middle one; when that one was skipped, its nearest untested neighbour (after it
// first). About log2(n) + 1 steps.
class BisectSearch {
 public:
  explicit BisectSearch(std::size_t candidates);

  // The candidate to test next; nullopt when the answer is known.
  std::optional<std::size_t> next() const;
  // Records the verdict of the candidate next() named.
  void record(std::size_t index, BisectVerdict verdict);
  // Once next() is nullopt: what the search found.
  BisectAnswer answer() const;

 private:
  std::size_t n_;
  std::ptrdiff_t good_ = -1;           // the last candidate known to pass; -1: the tag
  std::ptrdiff_t bad_;                 // the first known to fail
  std::optional<BisectVerdict> last_;  // the last candidate's verdict, once tested
  std::vector<bool> skipped_;
};

// Everything bisect.json says.
struct BisectReport {
  std::string released_tag;
  std::string released_commit;
  std::vector<BisectCandidate> candidates;
  std::vector<BisectStep> tested;      // in the order tested
  std::optional<BisectAnswer> answer;  // nullopt while it runs, or when it stopped early
  std::string stopped;                 // why it stopped early ("" when it did not)
};

// bisect.json: {"first_failing": null | {"commit", "subject", "date", "working_tree",
// "work_dir", "tables": [{"schema", "table", "verdict", "cause", "check"}]}, "tested":
// [{"commit", "subject", "verdict", "skipped", "working_tree", "reason", "work_dir"}],
// "outcome", "candidates", "steps", "could_be", "released_tag", "released_commit", "stopped"}.
json::Json bisect_json(const BisectReport& report);

// A candidate as the terminal names it: "abc1234 subject", or "working tree (uncommitted changes
// on abc1234)".
std::string candidate_text(const BisectCandidate& candidate);
// The line printed after a step (report.tested[i]): "bisect: step 2: FAIL abc1234 subject".
std::string step_line(const BisectReport& report, std::size_t i);
// The answer, several lines ending in '\n': the first failing commit (sha, date, subject), its
// failing tables with their causes, and every commit tested with its verdict.
std::string answer_text(const BisectReport& report);

}  // namespace dt
