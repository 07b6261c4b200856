#include "core/results_json.hpp"

#include <fmt/format.h>

#include "core/diagnosis_json.hpp"
#include "core/report_json_read.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace dt {
namespace {

constexpr int kFormat = 1;

using report_json::get;
using report_json::member;

// A table's per-repository counts; they must agree with themselves and add up to the table's.
void parse_by_repo(const json::Json& list, const std::string& where, TableResult& r) {
  if (!list.is_array())
    throw Error(fmt::format("report JSON: key '{}.by_repo' must be an array", where));
  std::int64_t released = 0;
  std::int64_t fresh = 0;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto at = fmt::format("{}.by_repo[{}]", where, i);
    RepoResult repo;
    repo.repo = get<std::string>(list[i], "repo", at);
    repo.released_rows = get<std::int64_t>(list[i], "released_rows", at);
    repo.new_rows = get<std::int64_t>(list[i], "new_rows", at);
    repo.delta = get<std::int64_t>(list[i], "delta", at);
    repo.verdict = verdict_from_string(get<std::string>(list[i], "verdict", at));
    if (repo.delta != repo.new_rows - repo.released_rows ||
        repo.verdict != classify(repo.released_rows, repo.new_rows)) {
      throw Error(fmt::format("report JSON: {} says delta {} and {} but the counts are {} and {}",
                              at, repo.delta, to_string(repo.verdict), repo.released_rows,
                              repo.new_rows));
    }
    released += repo.released_rows;
    fresh += repo.new_rows;
    r.by_repo.push_back(std::move(repo));
  }
  if (!r.by_repo.empty() && (released != r.released_rows || fresh != r.new_rows)) {
    throw Error(
        fmt::format("report JSON: {} ({}.{}): the per-repository counts add up to {} and "
                    "{}, not to the table's {} and {}",
                    where, r.schema, r.table, released, fresh, r.released_rows, r.new_rows));
  }
}

}  // namespace

json::Json render_json(const RunInfo& info, const std::vector<TableResult>& results) {
  using json::Json;
  const VerdictCounts summary = count_verdicts(results);
  Json doc;
  doc["format"] = kFormat;
  doc["profile"] = info.profile_name;
  doc["released"] = {
      {"tag", info.released_tag}, {"commit", info.released_commit}, {"database", info.released_db}};
  // Where the released side came from when not from this run's own build (and collection).
  if (!info.released_build.empty()) doc["released"]["build"] = info.released_build;
  if (!info.released_collection.empty()) {
    doc["released"]["collection"] = info.released_collection;
  }
  doc["new"] = {{"version", info.local_version}, {"database", info.new_db}};
  doc["repo"] = info.repo;
  doc["repos"] = info.repos;
  doc["repo_column"] = info.repo_column;
  doc["schemas"] = info.schemas;
  doc["generated_at"] = info.generated_at;
  doc["complete"] = info.incomplete.empty();
  doc["incomplete"] = info.incomplete.empty() ? Json() : Json(info.incomplete);
  doc["summary"] = {{"fail", summary.fail},
                    {"flag", summary.flag},
                    {"pass", summary.pass},
                    {"unstable", summary.unstable},
                    {"accepted", summary.accepted}};
  if (!info.fresh_compared) doc["summary"] = Json();
  doc["phases"] = Json::array();
  for (const auto& phase : info.phases) {
    doc["phases"].push_back({{"name", phase.name}, {"seconds", phase.seconds}});
  }
  doc["content_check"] = to_string(info.content_check);
  doc["fresh_comparison"] = info.fresh_compared;
  doc["self_check"] = info.self_check;
  doc["upgrade"] = info.upgrade ? upgrade_info_to_json(*info.upgrade) : Json();
  doc["early_warnings"] = Json::array();
  for (const auto& w : info.early_warnings)
    doc["early_warnings"].push_back(early_warning_to_json(w));
  doc["tables"] = Json::array();
  for (const auto& r : results) {
    Json table = {{"schema", text::escape_utf8(r.schema)},
                  {"table", text::escape_utf8(r.table)},
                  {"released_rows", r.released_rows},
                  {"new_rows", r.new_rows},
                  {"delta", r.delta},
                  {"verdict", to_string(r.verdict)},
                  {"note", r.note}};
    if (!info.fresh_compared) {
      // --upgrade-only: no new side was collected, so there is no fresh verdict to state.
      table["new_rows"] = table["delta"] = table["verdict"] = Json();
    }
    table["by_repo"] = Json::array();
    for (const auto& repo : r.by_repo) {
      table["by_repo"].push_back({{"repo", repo.repo},
                                  {"released_rows", repo.released_rows},
                                  {"new_rows", repo.new_rows},
                                  {"delta", repo.delta},
                                  {"verdict", to_string(repo.verdict)}});
    }
    table["repos_losing"] = repos_losing(r);
    table["content"] = content_json(r.content);
    table["diagnosis"] = r.diagnosis.empty() ? Json() : diagnosis_to_json(r.diagnosis);
    table["upgrade"] = r.upgrade ? table_upgrade_to_json(*r.upgrade) : Json();
    table["accepted"] = acceptance_to_json(r.accepted);
    table["unstable"] = Json();
    if (r.unstable) {
      table["unstable"] = {{"reason", text::escape_utf8(r.unstable->reason)},
                           {"spread", r.unstable->spread ? Json(*r.unstable->spread) : Json()}};
    }
    doc["tables"].push_back(std::move(table));
  }
  return doc;
}

namespace {

// One row of "tables", checked against its own counts (see parse_json).
TableResult table_from_json(const json::Json& t, const std::string& where, const RunInfo& parsed) {
  TableResult r;
  r.schema = get<std::string>(t, "schema", where);
  r.table = get<std::string>(t, "table", where);
  r.released_rows = get<std::int64_t>(t, "released_rows", where);
  if (parsed.fresh_compared) {
    r.new_rows = get<std::int64_t>(t, "new_rows", where);
    r.delta = get<std::int64_t>(t, "delta", where);
    r.verdict = verdict_from_string(get<std::string>(t, "verdict", where));
  } else {
    r.new_rows = r.released_rows;  // no fresh verdict: never shown, never a FAIL
  }
  r.note = get<std::string>(t, "note", where);
  if (t.contains("content") && !t.at("content").is_null()) {
    const auto content = get<std::string>(t, "content", where);
    const std::optional<Content> parsed_content = content_from_string(content);
    if (!parsed_content || *parsed_content == Content::not_compared) {
      throw Error(fmt::format("report JSON: {}.content is '{}'; expected same, changed or null",
                              where, content));
    }
    r.content = *parsed_content;
  }
  if (t.contains("diagnosis") && !t.at("diagnosis").is_null()) {
    r.diagnosis = diagnosis_from_json(t.at("diagnosis"), where + ".diagnosis");
  }
  if (t.contains("unstable") && !t.at("unstable").is_null()) {
    const auto& u = t.at("unstable");
    Unstable entry{get<std::string>(u, "reason", where + ".unstable"), std::nullopt};
    if (u.contains("spread") && !u.at("spread").is_null()) {
      entry.spread = get<std::int64_t>(u, "spread", where + ".unstable");
    }
    r.unstable = std::move(entry);
  }
  // Absent in files from before accepted changes.
  if (t.contains("accepted")) r.accepted = acceptance_from_json(t.at("accepted"), where);
  // A hand-edited or truncated file must not turn a data loss into a pass.
  if (r.delta != r.new_rows - r.released_rows ||
      r.verdict != accepted_verdict(expected_verdict(r, parsed.content_check), r.accepted,
                                    drifted(r), rows_lost(r.released_rows, r.new_rows), where)) {
    throw Error(fmt::format(
        "report JSON: {} ({}.{}) says delta {} and {} but the counts are {} "
        "and {}",
        where, r.schema, r.table, r.delta, to_string(r.verdict), r.released_rows, r.new_rows));
  }
  if (t.contains("by_repo")) parse_by_repo(t.at("by_repo"), where, r);
  if (t.contains("upgrade") && !t.at("upgrade").is_null()) {
    r.upgrade = table_upgrade_from_json(t.at("upgrade"), where + ".upgrade");
  }
  return r;
}

}  // namespace

void parse_json(const json::Json& doc, RunInfo& info, std::vector<TableResult>& results) {
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
  if (released.contains("build")) {
    parsed.released_build = get<std::string>(released, "build", "released");
  }
  if (released.contains("collection")) {
    parsed.released_collection = get<std::string>(released, "collection", "released");
  }
  const auto& fresh = member(doc, "new", "");
  parsed.local_version = get<std::string>(fresh, "version", "new");
  parsed.new_db = get<std::string>(fresh, "database", "new");
  parsed.repo = get<std::string>(doc, "repo");
  // Added later in format 1: a file without them has one repository and no breakdown.
  if (doc.contains("repos")) {
    parsed.repos = get<std::vector<std::string>>(doc, "repos");
  } else {
    parsed.repos = {parsed.repo};
  }
  if (doc.contains("repo_column")) parsed.repo_column = get<std::string>(doc, "repo_column");
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

  // Keys added after format 1 first shipped: absent in older files, which stay readable.
  if (doc.contains("content_check")) {
    parsed.content_check = content_check_from_string(get<std::string>(doc, "content_check"));
  }
  if (doc.contains("fresh_comparison")) {
    parsed.fresh_compared = get<bool>(doc, "fresh_comparison");
  }
  if (doc.contains("self_check")) parsed.self_check = get<bool>(doc, "self_check");
  if (doc.contains("upgrade") && !doc.at("upgrade").is_null()) {
    parsed.upgrade = upgrade_info_from_json(doc.at("upgrade"), "upgrade");
  }
  if (doc.contains("early_warnings")) {
    const auto& warnings = member(doc, "early_warnings", "");
    if (!warnings.is_array()) throw Error("report JSON: key 'early_warnings' must be an array");
    for (std::size_t i = 0; i < warnings.size(); ++i) {
      parsed.early_warnings.push_back(
          early_warning_from_json(warnings[i], fmt::format("early_warnings[{}]", i)));
    }
  }

  const auto& tables = member(doc, "tables", "");
  if (!tables.is_array()) throw Error("report JSON: key 'tables' must be an array");
  std::vector<TableResult> parsed_results;
  for (std::size_t i = 0; i < tables.size(); ++i) {
    parsed_results.push_back(table_from_json(tables[i], fmt::format("tables[{}]", i), parsed));
  }
  info = std::move(parsed);
  results = std::move(parsed_results);
}

}  // namespace dt
