// report.md's per-repository section (see report.hpp).
#include <fmt/format.h>

#include "report.hpp"
#include "util/text.hpp"

namespace dt {

std::string render_repo_section(const RunInfo& info, const std::vector<TableResult>& results) {
  if (info.repo_column.empty()) return {};
  std::string out = "## Per repository\n\n";
  out += fmt::format(
      "Tables with the column `{}`, split by the test repository each row belongs to; only tables "
      "whose counts differ are listed.\n\n",
      info.repo_column);
  bool any = false;
  for (const auto& r : results) {
    if (r.by_repo.empty() || r.verdict == Verdict::pass) continue;
    if (!any) {
      out +=
          "| Schema | Table | Repository | Released rows | New rows | Delta | Verdict |\n"
          "|---|---|---|---:|---:|---:|---|\n";
      any = true;
    }
    for (const auto& repo : r.by_repo) {
      out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n",
                         md_cell(text::escape_utf8(r.schema)), md_cell(text::escape_utf8(r.table)),
                         md_cell(repo.repo), repo.released_rows, repo.new_rows,
                         signed_delta(repo.delta), to_string(repo.verdict));
    }
  }
  if (!any) out += "None.\n";
  out += "\n";
  return out;
}

}  // namespace dt
