#include "core/model.hpp"

#include <algorithm>
#include <ctime>

#include <fmt/format.h>

#include "util/error.hpp"

namespace dt {
namespace {

std::string utc_now(const char* format) {
  const std::time_t now = std::time(nullptr);
  std::tm parts{};
  gmtime_r(&now, &parts);
  char buffer[32];
  const std::size_t n = std::strftime(buffer, sizeof buffer, format, &parts);
  return std::string(buffer, n);
}

}  // namespace

bool within_spread(const TableResult& result) {
  if (!result.unstable) return false;
  const std::int64_t apart = result.released_rows > result.new_rows
                                 ? result.released_rows - result.new_rows
                                 : result.new_rows - result.released_rows;
  return !result.unstable->spread || apart <= *result.unstable->spread;
}

Verdict expected_verdict(const TableResult& result, ContentCheck check) {
  if (within_spread(result)) return Verdict::unstable;
  return verdict_of(status(classify(result.released_rows, result.new_rows), result.content, check));
}

void VerdictCounts::add(Verdict verdict) {
  switch (verdict) {
    case Verdict::fail:
      ++fail;
      break;
    case Verdict::flag:
      ++flag;
      break;
    case Verdict::pass:
      ++pass;
      break;
    case Verdict::unstable:
      ++unstable;
      break;
    case Verdict::accepted:
      ++accepted;
      break;
  }
}

VerdictCounts count_verdicts(const std::vector<TableResult>& results) {
  VerdictCounts counts;
  for (const auto& r : results) counts.add(r.verdict);
  return counts;
}

std::vector<std::string> repos_losing(const TableResult& result) {
  std::vector<std::string> out;
  for (const auto& repo : result.by_repo) {
    if (repo.verdict == Verdict::fail) out.push_back(repo.repo);
  }
  return out;
}

std::pair<std::string, std::string> split_qualified(std::string_view qualified) {
  const auto bad = [&](std::string_view why) {
    return Error(
        fmt::format("table name '{}' {}; write it as schema.table (double-quote a name "
                    "that contains a dot)",
                    qualified, why));
  };
  // Reads one identifier starting at pos: a double-quoted one ("" is a quote) or plain text up
  // to the next dot (stop_at_dot) or the end.
  const auto read_part = [&](std::size_t& pos, bool stop_at_dot) {
    std::string out;
    if (pos < qualified.size() && qualified[pos] == '"') {
      ++pos;
      for (;;) {
        if (pos >= qualified.size()) throw bad("has an unterminated double quote");
        const char c = qualified[pos++];
        if (c != '"') {
          out += c;
        } else if (pos < qualified.size() && qualified[pos] == '"') {
          out += '"';
          ++pos;
        } else {
          break;
        }
      }
      if (out.empty()) throw bad("has an empty quoted name");
      return out;
    }
    while (pos < qualified.size() && !(stop_at_dot && qualified[pos] == '.')) {
      if (qualified[pos] == '"') throw bad("has a double quote inside an unquoted name");
      out += qualified[pos++];
    }
    return out;
  };
  std::size_t pos = 0;
  std::string schema = read_part(pos, true);
  if (pos >= qualified.size() || qualified[pos] != '.') {
    throw bad(pos >= qualified.size() ? "has no schema" : "has text after a quoted name");
  }
  ++pos;
  std::string table = read_part(pos, false);
  if (pos != qualified.size()) throw bad("has text after a quoted name");
  if (schema.empty()) throw bad("has an empty schema");
  if (table.empty()) throw bad("has an empty table");
  return {std::move(schema), std::move(table)};
}

std::string utc_now_iso() {
  return utc_now("%Y-%m-%dT%H:%M:%SZ");
}

std::string utc_now_compact() {
  return utc_now("%Y%m%dT%H%M%SZ");
}

Verdict upgrade_verdict(const TableUpgrade& u) {
  const bool schema_fails =
      std::any_of(u.schema.begin(), u.schema.end(),
                  [](const SchemaChange& c) { return !upgrade_flag_only(c.code); });
  if (u.upgraded_rows < u.released_rows || schema_fails) return Verdict::fail;
  if (u.upgraded_rows > u.released_rows || u.content == Content::changed || !u.schema.empty()) {
    return Verdict::flag;
  }
  return Verdict::pass;
}

std::string upgrade_cause(const TableUpgrade& u) {
  std::string out = u.schema.empty() ? "" : cause_codes(u.schema);
  const auto add = [&](const char* code) { out += (out.empty() ? "" : ",") + std::string(code); };
  if (u.upgraded_rows < u.released_rows) add("ROWS_LOST");
  if (u.upgraded_rows > u.released_rows) add("ROWS_ADDED");
  if (u.content == Content::changed) add("CONTENT_CHANGED");
  return out.empty() ? "NO_CHANGE" : out;
}

VerdictCounts count_upgrade(const std::vector<TableResult>& results) {
  VerdictCounts n;
  for (const auto& r : results) {
    if (r.upgrade) n.add(r.upgrade->verdict);
  }
  return n;
}

}  // namespace dt
