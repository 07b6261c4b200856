#include "report_github.hpp"

#include <optional>

#include <fmt/format.h>

#include "report.hpp"
#include "util/text.hpp"

namespace dt {
namespace {

// Control characters (a newline too) are first shown as \xNN: one finding, one command line.
std::string escape(std::string_view text, bool property) {
  std::string out;
  for (const char c : text::printable(std::string(text))) {
    if (c == '%') {
      out += "%25";
    } else if (property && c == ':') {
      out += "%3A";
    } else if (property && c == ',') {
      out += "%2C";
    } else {
      out += c;
    }
  }
  return out;
}

std::string qualified(const TableResult& r) {
  return r.schema + "." + r.table;
}

std::string command(std::string_view kind, const SourceLine* at, const std::string& title,
                    const std::string& message) {
  std::string properties;
  if (at) {
    properties = fmt::format("file={},line={},", github_escape_property(at->file), at->line);
  }
  return fmt::format("::{} {}title={}::{}", kind, properties, github_escape_property(title),
                     github_escape_data(message));
}

std::string counts(std::int64_t released, std::int64_t now, std::int64_t delta,
                   std::string_view side) {
  return fmt::format("released {} rows, {} {} ({}{})", released, side, now, delta > 0 ? "+" : "",
                     delta);
}

// The verdict a fresh result is annotated and listed with: FAIL (an error) and FLAG (a
// warning); DRIFT, PASS, UNSTABLE and ACCEPTED are neither (report.md has them).
std::optional<Verdict> listed(const TableResult& r) {
  switch (status(r)) {
    case Status::fail:
      return Verdict::fail;
    case Status::flag:
      return Verdict::flag;
    case Status::drift:
    case Status::pass:
    case Status::unstable:
    case Status::accepted:  // declared intended: report.md lists it
      return std::nullopt;
  }
  return std::nullopt;  // unreachable; keeps -Wreturn-type quiet
}

// The fresh comparison's line for a FAIL or FLAG.
std::string fresh_message(const TableResult& r) {
  std::string out = counts(r.released_rows, r.new_rows, r.delta, "new");
  if (!r.diagnosis.changes.empty()) out += ": " + change_line_at(r.diagnosis.changes.front());
  return out;
}

std::string upgrade_message(const TableResult& r) {
  const TableUpgrade& u = *r.upgrade;
  std::string out = counts(u.released_rows, u.upgraded_rows, u.delta, "after the upgrade");
  if (!u.schema.empty()) out += ": " + change_line_at(u.schema.front());
  return out;
}

std::string where(const std::vector<SchemaChange>& changes) {
  const SourceLine* at = first_source(changes);
  return at ? fmt::format("`{}:{}`", md_cell(at->file), at->line) : "";
}

}  // namespace

std::string github_escape_data(std::string_view text) {
  return escape(text, false);
}

std::string github_escape_property(std::string_view text) {
  return escape(text, true);
}

std::vector<std::string> github_annotations(const std::vector<TableResult>& results) {
  std::vector<std::string> errors;
  std::vector<std::string> warnings;
  for (const auto& r : results) {
    const std::string name = qualified(r);
    if (const std::optional<Verdict> v = listed(r)) {
      const bool fail = *v == Verdict::fail;
      (fail ? errors : warnings)
          .push_back(command(fail ? "error" : "warning", first_source(r.diagnosis.changes),
                             fmt::format("data-test {} {}", to_string(*v), name),
                             fresh_message(r)));
    }
    // A stale acceptance is an error so that it cannot silently hide the next real loss; it
    // does not change the exit status.
    for (const Acceptance* a : stale_acceptances(r)) {
      errors.push_back(command("error", nullptr, fmt::format("data-test stale acceptance {}", name),
                               stale_text(r, *a)));
    }
    if (r.upgrade && (r.upgrade->verdict == Verdict::fail || r.upgrade->verdict == Verdict::flag)) {
      const bool fail = r.upgrade->verdict == Verdict::fail;
      (fail ? errors : warnings)
          .push_back(
              command(fail ? "error" : "warning", first_source(r.upgrade->schema),
                      fmt::format("data-test upgrade {} {}", to_string(r.upgrade->verdict), name),
                      upgrade_message(r)));
    }
  }
  errors.insert(errors.end(), warnings.begin(), warnings.end());
  return errors;
}

std::string github_summary(const RunInfo& info, const std::vector<TableResult>& results,
                           const std::filesystem::path& report) {
  int fails = 0;
  int flags = 0;
  std::string fail_rows;
  std::string flag_rows;
  const auto row = [&](Verdict v, std::string_view verdict, const TableResult& r,
                       std::int64_t released, std::int64_t now, std::int64_t delta,
                       const std::vector<SchemaChange>& changes) {
    (v == Verdict::fail ? fails : flags) += 1;
    (v == Verdict::fail ? fail_rows : flag_rows) += fmt::format(
        "| {} | {} | {} | {} | {}{} | {} | {} |\n", verdict, md_cell(qualified(r)), released, now,
        delta > 0 ? "+" : "", delta, md_cell(cause_codes(changes)), where(changes));
  };
  for (const auto& r : results) {
    if (const std::optional<Verdict> v = listed(r)) {
      row(*v, to_string(*v), r, r.released_rows, r.new_rows, r.delta, r.diagnosis.changes);
    }
    if (r.upgrade && (r.upgrade->verdict == Verdict::fail || r.upgrade->verdict == Verdict::flag)) {
      const TableUpgrade& u = *r.upgrade;
      row(u.verdict, fmt::format("upgrade {}", to_string(u.verdict)), r, u.released_rows,
          u.upgraded_rows, u.delta, u.schema);
    }
  }
  // Said only when there are some, so that a run without acceptances reads as before.
  std::size_t accepted = 0;
  std::string stale;
  for (const auto& r : results) {
    accepted += (r.verdict == Verdict::accepted ? 1 : 0) +
                (r.upgrade && r.upgrade->verdict == Verdict::accepted ? 1 : 0);
    for (const Acceptance* a : stale_acceptances(r)) {
      stale += "- " + md_cell(stale_text(r, *a)) + "\n";
    }
  }
  const std::string rows = fail_rows + flag_rows;
  const char* outcome = fails      ? "FAIL, rows lost"
                        : accepted ? "no rows lost but those accepted"
                                   : "no rows lost";
  std::string out = fmt::format(
      "### data-test: {}\n\n{} `{}` against the {}: {} table{}, {} FAIL, {} FLAG.\n\n", outcome,
      md_cell(info.profile_name), md_cell(info.released_tag), md_cell(info.local_version),
      results.size(), results.size() == 1 ? "" : "s", fails, flags);
  if (!rows.empty()) {
    out +=
        "| Verdict | Table | Released | New | Delta | Cause | Where |\n"
        "|---|---|---:|---:|---:|---|---|\n" +
        rows + "\n";
  }
  if (accepted > 0) {
    out +=
        fmt::format("{} ACCEPTED: losses or gains the repository declares intended.\n\n", accepted);
  }
  if (!stale.empty()) out += "Stale acceptances (no longer matching):\n\n" + stale + "\n";
  out += fmt::format("Full report: `{}`\n", md_cell(report.string()));
  return out;
}

}  // namespace dt
