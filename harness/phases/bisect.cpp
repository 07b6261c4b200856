#include "bisect.hpp"

#include <cmath>

#include <fmt/format.h>

#include "core/diagnosis.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace dt {
namespace {

std::string short_sha(const std::string& sha) {
  return text::printable(sha.substr(0, 7));
}

std::string_view outcome_name(BisectOutcome outcome) {
  switch (outcome) {
    case BisectOutcome::found:
      return "found";
    case BisectOutcome::no_candidates:
      return "no_candidates";
    case BisectOutcome::tree_passes:
      return "tree_passes";
    case BisectOutcome::tree_skipped:
      return "tree_skipped";
    case BisectOutcome::undecided:
      return "undecided";
  }
  return "undecided";
}

json::Json table_json(const FailingTable& t) {
  return {{"schema", text::escape_utf8(t.schema)},
          {"table", text::escape_utf8(t.table)},
          {"verdict", t.verdict},
          {"cause", t.cause},
          {"check", t.check}};
}

json::Json first_failing_json(const BisectReport& report) {
  if (!report.answer || report.answer->outcome != BisectOutcome::found) return nullptr;
  const std::size_t index = report.answer->first_failing;
  const BisectCandidate& c = report.candidates.at(index);
  json::Json out = {{"commit", c.commit},  {"subject", text::escape_utf8(c.subject)},
                    {"date", c.date},      {"working_tree", c.working_tree},
                    {"work_dir", nullptr}, {"tables", json::Json::array()}};
  for (const BisectStep& step : report.tested) {
    if (step.index != index) continue;
    out["work_dir"] = text::escape_utf8(step.work_dir);
    for (const auto& t : step.failing) out["tables"].push_back(table_json(t));
  }
  return out;
}

json::Json step_json(const BisectReport& report, const BisectStep& step) {
  const BisectCandidate& c = report.candidates.at(step.index);
  json::Json out = {{"commit", c.commit},
                    {"subject", text::escape_utf8(c.subject)},
                    {"verdict", to_string(step.verdict)},
                    {"skipped", step.verdict == BisectVerdict::skip},
                    {"working_tree", c.working_tree},
                    {"work_dir", text::escape_utf8(step.work_dir)}};
  if (!step.reason.empty()) out["reason"] = text::escape_utf8(step.reason);
  return out;
}

// "FAIL example_data.commit_parents (FK_ADDED)", and "(upgrade)" for the upgrade's verdicts.
std::string table_line(const FailingTable& t) {
  const std::string check = t.check == "fresh" ? "" : fmt::format(" [{}]", t.check);
  return fmt::format("{} {}.{}{} (cause {})", t.verdict, text::printable(t.schema),
                     text::printable(t.table), check, t.cause);
}

// The answer's first line.
std::string outcome_line(const BisectReport& report, const BisectAnswer& answer) {
  const auto last = [&] { return candidate_text(report.candidates.back()); };
  switch (answer.outcome) {
    case BisectOutcome::found: {
      const BisectCandidate& c = report.candidates.at(answer.first_failing);
      return fmt::format("first failing: {}{} {} {}\n", c.working_tree ? "working tree on " : "",
                         text::printable(c.commit), c.date.empty() ? "-" : text::printable(c.date),
                         text::printable(c.subject));
    }
    case BisectOutcome::no_candidates:
      return fmt::format(
          "no commit fails: none follows {} on HEAD's first-parent line, and the working tree has "
          "no uncommitted change\n",
          text::printable(report.released_tag));
    case BisectOutcome::tree_passes:
      return fmt::format(
          "could not tell: the last candidate, {}, does not FAIL: nothing to bisect\n", last());
    case BisectOutcome::tree_skipped:
      return fmt::format("could not tell: the last candidate, {}, could not be tested\n", last());
    case BisectOutcome::undecided:
      break;
  }
  std::string out =
      "could not tell: only skipped candidates are left; the first failing is one of:\n";
  for (const std::size_t i : answer.could_be) {
    out += fmt::format("  {}\n", candidate_text(report.candidates.at(i)));
  }
  return out;
}

}  // namespace

std::vector<BisectCandidate> bisect_candidates(std::vector<BisectCandidate> commits,
                                               const std::string& head, bool dirty) {
  if (dirty) commits.push_back({head, std::string(kWorkingTreeSubject), "", true});
  return commits;
}

std::string_view to_string(BisectVerdict verdict) {
  switch (verdict) {
    case BisectVerdict::pass:
      return "PASS";
    case BisectVerdict::fail:
      return "FAIL";
    case BisectVerdict::skip:
      return "SKIP";
  }
  return "SKIP";
}

std::vector<FailingTable> failing_tables(const RunInfo& info,
                                         const std::vector<TableResult>& results) {
  std::vector<FailingTable> out;
  for (const TableResult& r : results) {
    if (info.fresh_compared && r.verdict == Verdict::fail) {
      out.push_back({r.schema, r.table, "FAIL", cause_codes(r.diagnosis.changes), "fresh"});
    }
    if (r.upgrade && r.upgrade->verdict == Verdict::fail) {
      out.push_back({r.schema, r.table, "FAIL", upgrade_cause(*r.upgrade), "upgrade"});
    }
  }
  if (info.upgrade && info.upgrade->migration_failed) {
    out.push_back({"UPGRADE_", "migration", "FAIL", "MIGRATION_FAILED", "upgrade_migration"});
  }
  return out;
}

int exit_status(const BisectAnswer& answer) {
  switch (answer.outcome) {
    case BisectOutcome::no_candidates:
      return 0;
    case BisectOutcome::found:
      return 1;
    case BisectOutcome::tree_passes:
    case BisectOutcome::tree_skipped:
    case BisectOutcome::undecided:
      return 2;
  }
  return 2;
}

BisectSearch::BisectSearch(std::size_t candidates)
    : n_(candidates), bad_(static_cast<std::ptrdiff_t>(candidates)), skipped_(candidates, false) {}

std::optional<std::size_t> BisectSearch::next() const {
  if (n_ == 0) return std::nullopt;
  if (!last_) return n_ - 1;
  if (*last_ != BisectVerdict::fail || bad_ - good_ <= 1) return std::nullopt;
  const std::ptrdiff_t mid = good_ + (bad_ - good_) / 2;
  // The middle, else its nearest neighbour not skipped: after it, then before it.
  for (std::ptrdiff_t d = 0; d < bad_ - good_; ++d) {
    for (const std::ptrdiff_t i : {mid + d, mid - d}) {
      if (i > good_ && i < bad_ && !skipped_[static_cast<std::size_t>(i)]) {
        return static_cast<std::size_t>(i);
      }
    }
  }
  return std::nullopt;
}

void BisectSearch::record(std::size_t index, BisectVerdict verdict) {
  if (index >= n_) throw Error("internal error: a bisect step outside the candidates");
  if (!last_) {
    if (index != n_ - 1) throw Error("internal error: bisect tests the last candidate first");
    last_ = verdict;
  }
  const auto i = static_cast<std::ptrdiff_t>(index);
  switch (verdict) {
    case BisectVerdict::pass:
      good_ = std::max(good_, i);
      break;
    case BisectVerdict::fail:
      bad_ = std::min(bad_, i);
      break;
    case BisectVerdict::skip:
      skipped_[index] = true;
      break;
  }
}

BisectAnswer BisectSearch::answer() const {
  BisectAnswer answer;
  if (n_ == 0) return answer;
  if (!last_ || *last_ == BisectVerdict::pass) {
    answer.outcome = BisectOutcome::tree_passes;
  } else if (*last_ == BisectVerdict::skip) {
    answer.outcome = BisectOutcome::tree_skipped;
  } else if (bad_ - good_ <= 1) {
    answer.outcome = BisectOutcome::found;
    answer.first_failing = static_cast<std::size_t>(bad_);
  } else {
    answer.outcome = BisectOutcome::undecided;
    for (std::ptrdiff_t i = good_ + 1; i < bad_; ++i) {
      if (skipped_[static_cast<std::size_t>(i)]) {
        answer.could_be.push_back(static_cast<std::size_t>(i));
      }
    }
    answer.could_be.push_back(static_cast<std::size_t>(bad_));
  }
  return answer;
}

json::Json bisect_json(const BisectReport& report) {
  json::Json doc = {{"first_failing", first_failing_json(report)}, {"tested", json::Json::array()}};
  for (const BisectStep& step : report.tested) doc["tested"].push_back(step_json(report, step));
  doc["outcome"] = report.answer ? json::Json(outcome_name(report.answer->outcome)) : nullptr;
  doc["candidates"] = report.candidates.size();
  doc["steps"] = report.tested.size();
  doc["could_be"] = json::Json::array();
  if (report.answer) {
    for (const std::size_t i : report.answer->could_be) {
      doc["could_be"].push_back(report.candidates.at(i).commit);
    }
  }
  doc["released_tag"] = text::escape_utf8(report.released_tag);
  doc["released_commit"] = report.released_commit;
  doc["stopped"] =
      report.stopped.empty() ? json::Json(nullptr) : json::Json(text::escape_utf8(report.stopped));
  return doc;
}

std::string candidate_text(const BisectCandidate& candidate) {
  if (candidate.working_tree) {
    return fmt::format("working tree (uncommitted changes on {})", short_sha(candidate.commit));
  }
  return fmt::format("{} {}", short_sha(candidate.commit), text::printable(candidate.subject));
}

std::string step_line(const BisectReport& report, std::size_t i) {
  const BisectStep& step = report.tested.at(i);
  std::string line = fmt::format("bisect: step {}: {} {}", i + 1, to_string(step.verdict),
                                 candidate_text(report.candidates.at(step.index)));
  if (step.verdict == BisectVerdict::skip) line += fmt::format(" (skipped: {})", step.reason);
  return line;
}

std::string answer_text(const BisectReport& report) {
  const BisectAnswer answer = report.answer.value_or(BisectAnswer{});
  const std::size_t n = report.candidates.size();
  std::string out = outcome_line(report, answer);
  if (answer.outcome == BisectOutcome::found) {
    for (const BisectStep& step : report.tested) {
      if (step.index != answer.first_failing) continue;
      for (const auto& t : step.failing) out += fmt::format("  {}\n", table_line(t));
      out += fmt::format("  report: {}/report.md\n", text::printable(step.work_dir));
    }
  }
  out += fmt::format("tested {} of {} candidate{} (about log2(n)+1 = {:.1f} steps):\n",
                     report.tested.size(), n, n == 1 ? "" : "s",
                     n == 0 ? 0.0 : std::log2(static_cast<double>(n)) + 1);
  for (const BisectStep& step : report.tested) {
    out += fmt::format("  {} {}{}\n", to_string(step.verdict),
                       candidate_text(report.candidates.at(step.index)),
                       step.reason.empty() ? "" : " (skipped: " + step.reason + ")");
  }
  return out;
}

}  // namespace dt
