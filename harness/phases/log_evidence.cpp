#include "log_evidence.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "util/file.hpp"
#include "util/redact.hpp"
#include "util/text.hpp"

namespace dt {
namespace {

constexpr std::size_t kMaxExample = 400;

bool pg_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$';
}

// True when word occurs in line with no identifier character on either side.
bool has_pg_name(std::string_view line, std::string_view word) {
  if (word.empty()) return false;
  for (auto at = line.find(word); at != std::string_view::npos; at = line.find(word, at + 1)) {
    const bool left = at == 0 || !pg_name_char(line[at - 1]);
    const std::size_t end = at + word.size();
    const bool right = end >= line.size() || !pg_name_char(line[end]);
    if (left && right) return true;
  }
  return false;
}

}  // namespace

bool names_table(std::string_view line, const LogNeedles& needles) {
  if (has_pg_name(line, needles.schema + "." + needles.table)) return true;
  if (line.find("\"" + needles.table + "\"") != std::string_view::npos) return true;
  return std::any_of(needles.constraints.begin(), needles.constraints.end(),
                     [&](const std::string& name) { return has_pg_name(line, name); });
}

bool reads_like_problem(std::string_view line) {
  static constexpr std::array<std::string_view, 12> kWords = {
      "warn", "error", "fatal",  "fail",    "violat", "reject",
      "skip", "refus", "denied", "invalid", "abort",  "does not exist"};
  const std::string text = text::lower(line);
  return std::any_of(kWords.begin(), kWords.end(),
                     [&](std::string_view w) { return text.find(w) != std::string::npos; });
}

std::vector<LogEvidence> scan_log(const std::filesystem::path& log, const std::string& side,
                                  const std::vector<LogNeedles>& tables, std::size_t examples) {
  std::vector<LogEvidence> out(tables.size());
  for (auto& e : out) {
    e.side = side;
    e.file = log.string();
  }
  if (tables.empty()) return out;
  file::for_each_line(log, "collector log", [&](std::string_view line) {
    if (!reads_like_problem(line)) return;
    for (std::size_t i = 0; i < tables.size(); ++i) {
      if (!names_table(line, tables[i])) continue;
      LogEvidence& e = out[i];
      ++e.lines;
      if (e.examples.size() < examples) {
        std::string example(line.substr(0, kMaxExample));
        if (line.size() > kMaxExample) example += "...";
        example = redact::scrub(example);
        // Distinct lines tell more than the same one five times.
        if (std::find(e.examples.begin(), e.examples.end(), example) == e.examples.end()) {
          e.examples.push_back(std::move(example));
        }
      }
    }
  });
  return out;
}

}  // namespace dt
