#include "report.hpp"

#include <ctime>

#include <fmt/format.h>

#include "util/error.hpp"

namespace dt {
namespace {

constexpr int kFormat = 1;

// Header values are user text on a single markdown line: newlines would break the layout.
std::string one_line(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    out += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return out;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

struct Summary {
  std::size_t fail = 0, flag = 0, pass = 0;
};

Summary summarize(const std::vector<TableResult>& results) {
  Summary summary;
  for (const auto& r : results) {
    switch (r.verdict) {
      case Verdict::fail:
        ++summary.fail;
        break;
      case Verdict::flag:
        ++summary.flag;
        break;
      case Verdict::pass:
        ++summary.pass;
        break;
    }
  }
  return summary;
}

void append_section(std::string& out, Verdict verdict, const std::vector<TableResult>& results) {
  out += fmt::format("## {}\n\n", to_string(verdict));
  bool any = false;
  for (const auto& r : results) {
    if (r.verdict != verdict) continue;
    if (!any) {
      out +=
          "| Schema | Table | Released rows | New rows | Delta | Note |\n"
          "|---|---|---:|---:|---:|---|\n";
      any = true;
    }
    out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", md_cell(r.schema), md_cell(r.table),
                       r.released_rows, r.new_rows, signed_delta(r.delta), md_cell(r.note));
  }
  if (!any) out += "None.\n";
  out += "\n";
}

// The member at key, or a dt::Error naming its full path.
const nlohmann::json& member(const nlohmann::json& object, const char* key,
                             const std::string& where) {
  const auto path = where.empty() ? std::string(key) : where + "." + key;
  if (!object.is_object() || !object.contains(key)) {
    throw Error(fmt::format("report JSON: missing key '{}'", path));
  }
  return object.at(key);
}

template <typename T>
T get(const nlohmann::json& object, const char* key, const std::string& where = {}) {
  const auto& value = member(object, key, where);
  try {
    return value.get<T>();
  } catch (const nlohmann::json::exception&) {
    throw Error(fmt::format("report JSON: key '{}' has the wrong type ({})",
                            where.empty() ? std::string(key) : where + "." + key,
                            value.type_name()));
  }
}

std::string utc_now(const char* format) {
  const std::time_t now = std::time(nullptr);
  std::tm parts{};
  gmtime_r(&now, &parts);
  char buffer[32];
  const std::size_t n = std::strftime(buffer, sizeof buffer, format, &parts);
  return std::string(buffer, n);
}

}  // namespace

std::string md_cell(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '|':
      case '\\':
      case '`':
        out += '\\';
        out += c;
        break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') break;  // CRLF is one line break
        out += ' ';
        break;
      case '\n':
        out += ' ';
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string render_markdown(const RunInfo& info, const std::vector<TableResult>& results) {
  const Summary summary = summarize(results);
  std::string out = fmt::format("# {} data-test report\n\n", one_line(info.profile_name));
  if (!info.incomplete.empty()) {
    out += fmt::format("**Incomplete run:** {}\n\n", one_line(info.incomplete));
    out += "The run stopped before it finished: the counts below are partial or absent.\n\n";
  }
  const std::string commit = info.released_commit.empty()
                                 ? std::string()
                                 : fmt::format("commit {}, ", info.released_commit.substr(0, 7));
  out += fmt::format("- Released tag: {} ({}in {})\n", one_line(info.released_tag), commit,
                     one_line(info.released_db));
  out += fmt::format("- Local version: {} (in {})\n", one_line(info.local_version),
                     one_line(info.new_db));
  out += fmt::format("- Test repo: {}\n", one_line(info.repo));
  out += fmt::format("- Schemas: {}\n", one_line(join(info.schemas, ", ")));
  out += fmt::format("- Generated: {}\n\n", one_line(info.generated_at));

  out += "## Summary\n\n";
  out += fmt::format("- FAIL (released has more rows = data loss): {}\n", summary.fail);
  out += fmt::format("- FLAG (new has more rows = likely new coverage): {}\n", summary.flag);
  out += fmt::format("- PASS (equal counts): {}\n\n", summary.pass);

  append_section(out, Verdict::fail, results);
  append_section(out, Verdict::flag, results);
  append_section(out, Verdict::pass, results);

  if (!info.phases.empty()) {
    out += "## Phases\n\n";
    for (const auto& phase : info.phases) {
      out += fmt::format("- {}: {:.1f} s\n", one_line(phase.name), phase.seconds);
    }
    out += "\n";
  }
  // Exactly one trailing newline.
  out.pop_back();
  return out;
}

nlohmann::ordered_json render_json(const RunInfo& info, const std::vector<TableResult>& results) {
  using Json = nlohmann::ordered_json;
  const Summary summary = summarize(results);
  Json doc;
  doc["format"] = kFormat;
  doc["profile"] = info.profile_name;
  doc["released"] = {
      {"tag", info.released_tag}, {"commit", info.released_commit}, {"database", info.released_db}};
  doc["new"] = {{"version", info.local_version}, {"database", info.new_db}};
  doc["repo"] = info.repo;
  doc["schemas"] = info.schemas;
  doc["generated_at"] = info.generated_at;
  doc["complete"] = info.incomplete.empty();
  doc["incomplete"] = info.incomplete.empty() ? Json() : Json(info.incomplete);
  doc["summary"] = {{"fail", summary.fail}, {"flag", summary.flag}, {"pass", summary.pass}};
  doc["phases"] = Json::array();
  for (const auto& phase : info.phases) {
    doc["phases"].push_back({{"name", phase.name}, {"seconds", phase.seconds}});
  }
  doc["tables"] = Json::array();
  for (const auto& r : results) {
    doc["tables"].push_back({{"schema", r.schema},
                             {"table", r.table},
                             {"released_rows", r.released_rows},
                             {"new_rows", r.new_rows},
                             {"delta", r.delta},
                             {"verdict", to_string(r.verdict)},
                             {"note", r.note}});
  }
  return doc;
}

void parse_json(const nlohmann::json& doc, RunInfo& info, std::vector<TableResult>& results) {
  const auto format = get<int>(doc, "format");
  if (format != kFormat) {
    throw Error(
        fmt::format("report JSON: format {} is not supported (this data-test reads format "
                    "{}); collect again",
                    format, kFormat));
  }
  RunInfo parsed;
  parsed.profile_name = get<std::string>(doc, "profile");
  const auto& released = member(doc, "released", "");
  parsed.released_tag = get<std::string>(released, "tag", "released");
  parsed.released_commit = get<std::string>(released, "commit", "released");
  parsed.released_db = get<std::string>(released, "database", "released");
  const auto& fresh = member(doc, "new", "");
  parsed.local_version = get<std::string>(fresh, "version", "new");
  parsed.new_db = get<std::string>(fresh, "database", "new");
  parsed.repo = get<std::string>(doc, "repo");
  parsed.schemas = get<std::vector<std::string>>(doc, "schemas");
  parsed.generated_at = get<std::string>(doc, "generated_at");
  const auto& incomplete = member(doc, "incomplete", "");
  if (!incomplete.is_null()) parsed.incomplete = get<std::string>(doc, "incomplete");
  const auto& phases = member(doc, "phases", "");
  if (!phases.is_array()) throw Error("report JSON: key 'phases' must be an array");
  for (std::size_t i = 0; i < phases.size(); ++i) {
    const auto where = fmt::format("phases[{}]", i);
    parsed.phases.push_back(
        {get<std::string>(phases[i], "name", where), get<double>(phases[i], "seconds", where)});
  }

  const auto& tables = member(doc, "tables", "");
  if (!tables.is_array()) throw Error("report JSON: key 'tables' must be an array");
  std::vector<TableResult> parsed_results;
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const auto where = fmt::format("tables[{}]", i);
    const auto& t = tables[i];
    TableResult r;
    r.schema = get<std::string>(t, "schema", where);
    r.table = get<std::string>(t, "table", where);
    r.released_rows = get<std::int64_t>(t, "released_rows", where);
    r.new_rows = get<std::int64_t>(t, "new_rows", where);
    r.delta = get<std::int64_t>(t, "delta", where);
    r.verdict = verdict_from_string(get<std::string>(t, "verdict", where));
    r.note = get<std::string>(t, "note", where);
    // A hand-edited or truncated file must not turn a data loss into a pass.
    const auto expected =
        compare({{r.schema, r.table, r.released_rows}}, {{r.schema, r.table, r.new_rows}}).front();
    if (r.delta != expected.delta || r.verdict != expected.verdict) {
      throw Error(fmt::format(
          "report JSON: {} ({}.{}) says delta {} and {} but the counts are {} "
          "and {}",
          where, r.schema, r.table, r.delta, to_string(r.verdict), r.released_rows, r.new_rows));
    }
    parsed_results.push_back(std::move(r));
  }
  info = std::move(parsed);
  results = std::move(parsed_results);
}

std::string utc_now_iso() {
  return utc_now("%Y-%m-%dT%H:%M:%SZ");
}

std::string utc_now_compact() {
  return utc_now("%Y%m%dT%H%M%SZ");
}

}  // namespace dt
