#include "console.hpp"

#include <unistd.h>

#include <cstdlib>

#include <fmt/format.h>

#include "util/log.hpp"
#include "util/process.hpp"
#include "util/text.hpp"

namespace dt::console {
namespace {

bool g_colour = false;

constexpr const char* kRed = "\033[1;31m";
constexpr const char* kYellow = "\033[33m";
constexpr const char* kGreen = "\033[32m";
constexpr const char* kMagenta = "\033[35m";
constexpr const char* kReset = "\033[0m";

std::string paint(const std::string& text, const char* colour, bool on) {
  return on ? fmt::format("{}{}{}", colour, text, kReset) : text;
}

std::string name_of(const TableResult& r) {
  return text::printable(r.schema + "." + r.table);
}

// At most five names, then "+N more": the line stays one line.
std::string names(const std::vector<std::string>& all) {
  std::string out;
  for (std::size_t i = 0; i < all.size() && i < 5; ++i) out += (i ? ", " : "") + all[i];
  if (all.size() > 5) out += fmt::format(" +{} more", all.size() - 5);
  return out;
}

}  // namespace

bool colour_wanted(bool is_terminal, const char* no_color) {
  return is_terminal && (no_color == nullptr || *no_color == '\0');
}

void init(bool quiet) {
  g_colour = colour_wanted(::isatty(2) == 1, std::getenv("NO_COLOR"));
  log::set_quiet(quiet);
  log::set_colour(g_colour);
}

bool colour() {
  return g_colour;
}

std::string start_line(const std::filesystem::path& work_dir,
                       const std::vector<std::filesystem::path>& logs) {
  std::string list;
  for (const auto& log : logs) list += (list.empty() ? "" : ", ") + log.string();
  return fmt::format("work dir: {}; logs: {}", work_dir.string(), list);
}

std::string early_warning_line(const EarlyWarning& w) {
  return fmt::format("early warning: {}.{}: {}", text::printable(w.schema),
                     text::printable(w.table), text::printable(change_line_at(w.change)));
}

std::string drift_line(const TableResult& r) {
  std::string out =
      fmt::format("DRIFT {}: equal counts ({} rows), content changed", name_of(r), r.released_rows);
  out += drift_detail(r.diagnosis);
  const auto& d = r.diagnosis;
  const auto& sample = d.changed ? d.changed : d.lost;
  if (sample && !sample->file.empty()) out += "; sample: " + sample->file;
  if (d.added && !d.added->file.empty()) out += ", " + d.added->file;
  return out;
}

namespace {

// "1 FAIL, 0 FLAG, 12 PASS", coloured when asked.
std::string counts_text(const VerdictCounts& counts, bool colour) {
  std::string out =
      paint(fmt::format("{} FAIL", counts.fail), counts.fail ? kRed : "", colour && counts.fail);
  out += ", " + paint(fmt::format("{} FLAG", counts.flag), kYellow, colour && counts.flag);
  out += ", " + paint(fmt::format("{} PASS", counts.pass), kGreen, colour && counts.pass);
  if (counts.unstable > 0) out += fmt::format(", {} UNSTABLE", counts.unstable);
  if (counts.accepted > 0) out += fmt::format(", {} ACCEPTED", counts.accepted);
  return out;
}

bool upgrade_failed(const std::optional<UpgradeInfo>& upgrade) {
  return upgrade && (upgrade->migration_failed || upgrade->summary.fail > 0);
}

}  // namespace

std::string upgrade_line(const UpgradeInfo& upgrade, const std::vector<std::string>& failing,
                         bool colour) {
  const bool fail = upgrade_failed(upgrade);
  std::string out =
      "upgrade: " + paint(fail ? "FAIL" : "PASS", fail ? kRed : kGreen, colour) + ": ";
  if (upgrade.migration_failed) {
    return out + "the migration failed: " + text::printable(upgrade.error);
  }
  out += counts_text(upgrade.summary, colour);
  if (!failing.empty()) out += fmt::format(" (FAIL: {})", names(failing));
  return out;
}

std::string verdict_line(const std::vector<TableResult>& results, const RunInfo& info,
                         std::chrono::seconds elapsed, const std::filesystem::path& report,
                         bool colour) {
  const std::optional<UpgradeInfo>& upgrade = info.upgrade;
  const ContentCheck content = info.content_check;
  const std::string tail =
      fmt::format(" in {}; report: {}", process::format_elapsed(elapsed), report.string());
  if (!info.fresh_compared && upgrade) {
    const bool fail = upgrade_failed(upgrade);
    return paint(fail ? "FAIL" : "PASS", fail ? kRed : kGreen, colour) + ": upgrade only: " +
           (upgrade->migration_failed ? "the migration failed"
                                      : counts_text(upgrade->summary, colour)) +
           tail;
  }
  const VerdictCounts counts = count_verdicts(results);
  std::vector<std::string> failing;
  std::size_t drift = 0;
  for (const auto& r : results) {
    if (r.verdict == Verdict::fail) failing.push_back(name_of(r));
    if (drifted(r)) ++drift;
  }
  const bool fail = counts.fail > 0 || upgrade_failed(upgrade);
  std::string out = paint(fail ? "FAIL" : "PASS", fail ? kRed : kGreen, colour) + ": ";
  out += counts_text(counts, colour);
  if (content != ContentCheck::off) {
    out += ", " + paint(fmt::format("{} DRIFT", drift), kMagenta, colour && drift);
  }
  if (!failing.empty()) out += fmt::format(" (FAIL: {})", names(failing));
  if (upgrade && upgrade->migration_failed) out += "; upgrade: the migration failed";
  if (upgrade && !upgrade->migration_failed) {
    out += "; upgrade: " + counts_text(upgrade->summary, colour);
  }
  return out + tail;
}

}  // namespace dt::console
