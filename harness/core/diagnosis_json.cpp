#include "core/diagnosis_json.hpp"

#include <fmt/format.h>

#include "core/report_json_read.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace dt {
namespace {

using json::Json;
using report_json::get;
using report_json::member;

// An array member, checked.
const Json& array(const Json& object, const char* key, const std::string& where) {
  const Json& value = member(object, key, where);
  if (!value.is_array()) {
    throw Error(fmt::format("report JSON: key '{}.{}' must be an array", where, key));
  }
  return value;
}

Json strings(const std::vector<std::string>& items) {
  Json out = Json::array();
  for (const auto& item : items) out.push_back(text::escape_utf8(item));
  return out;
}

Json change_json(const SchemaChange& c) {
  return {{"code", c.code},
          {"subject", text::escape_utf8(c.subject)},
          {"columns", strings(c.columns)},
          {"detail", text::escape_utf8(c.detail)},
          {"definition", text::escape_utf8(c.definition)},
          {"text", text::escape_utf8(change_line(c))},
          {"source", c.source ? Json{{"file", text::escape_utf8(c.source->file)},
                                     {"line", c.source->line},
                                     {"text", text::escape_utf8(c.source->text)},
                                     {"path", text::escape_utf8(c.source->path)},
                                     {"removed", c.source->removed}}
                              : Json()}};
}

SchemaChange change_from(const Json& doc, const std::string& where) {
  SchemaChange c;
  c.code = get<std::string>(doc, "code", where);
  c.subject = get<std::string>(doc, "subject", where);
  c.columns = get<std::vector<std::string>>(doc, "columns", where);
  c.detail = get<std::string>(doc, "detail", where);
  c.definition = get<std::string>(doc, "definition", where);
  // Absent in a file from before source lines: not found.
  if (doc.contains("source") && !doc.at("source").is_null()) {
    const std::string at = where + ".source";
    const Json& s = doc.at("source");
    c.source = SourceLine{get<std::string>(s, "file", at), get<std::size_t>(s, "line", at),
                          get<std::string>(s, "text", at), get<std::string>(s, "path", at),
                          s.contains("removed") && get<bool>(s, "removed", at)};
  }
  return c;
}

Json rows_json(const RowEvidence& e) {
  Json rows = Json::array();
  for (const auto& row : e.sample.rows) {
    Json values = Json::array();
    for (const auto& v : row) values.push_back(v ? Json(text::escape_utf8(*v)) : Json());
    rows.push_back(std::move(values));
  }
  return {{"total", e.total},
          {"file", text::escape_utf8(e.file)},
          {"columns", strings(e.sample.columns)},
          {"rows", std::move(rows)}};
}

std::optional<RowEvidence> rows_from(const Json& doc, const char* key, const std::string& where) {
  if (!doc.contains(key) || doc.at(key).is_null()) return std::nullopt;
  const Json& e = doc.at(key);
  const std::string at = where + "." + key;
  RowEvidence out;
  out.total = get<std::int64_t>(e, "total", at);
  out.file = get<std::string>(e, "file", at);
  out.sample.columns = get<std::vector<std::string>>(e, "columns", at);
  const Json& rows = array(e, "rows", at);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (!rows[i].is_array()) {
      throw Error(fmt::format("report JSON: '{}.rows[{}]' must be an array", at, i));
    }
    std::vector<std::optional<std::string>> row;
    for (const auto& v : rows[i]) {
      if (!v.is_null() && !v.is_string()) {
        throw Error(fmt::format("report JSON: '{}.rows[{}]' holds a {}", at, i, v.type_name()));
      }
      row.push_back(v.is_null() ? std::nullopt : std::optional<std::string>(v.get<std::string>()));
    }
    out.sample.rows.push_back(std::move(row));
  }
  return out;
}

Json key_json(const std::optional<KeyChoice>& key) {
  if (!key) return Json();
  return {{"columns", strings(key->columns)},
          {"compared", strings(key->compared)},
          {"excluded", strings(key->excluded)},
          {"source", text::escape_utf8(key->source)},
          {"whole_rows", key->whole_rows}};
}

std::optional<KeyChoice> key_from(const Json& key, const std::string& at) {
  if (key.is_null()) return std::nullopt;
  KeyChoice k;
  k.columns = get<std::vector<std::string>>(key, "columns", at);
  k.compared = get<std::vector<std::string>>(key, "compared", at);
  k.excluded = get<std::vector<std::string>>(key, "excluded", at);
  k.source = get<std::string>(key, "source", at);
  // Absent in a state from before whole-row matching: a key was chosen then.
  k.whole_rows = key.contains("whole_rows") && get<bool>(key, "whole_rows", at);
  return k;
}

}  // namespace

Json diagnosis_to_json(const Diagnosis& d) {
  Json doc;
  doc["cause"] = cause_codes(d.changes);
  doc["changes"] = Json::array();
  for (const auto& c : d.changes) doc["changes"].push_back(change_json(c));
  doc["key"] = key_json(d.key);
  doc["lost"] = d.lost ? rows_json(*d.lost) : Json();
  doc["changed"] = d.changed ? rows_json(*d.changed) : Json();
  doc["added"] = d.added ? rows_json(*d.added) : Json();
  doc["log"] = Json::array();
  for (const auto& e : d.log) {
    doc["log"].push_back({{"side", e.side},
                          {"file", text::escape_utf8(e.file)},
                          {"lines", e.lines},
                          {"examples", strings(e.examples)}});
  }
  doc["problems"] = strings(d.problems);
  return doc;
}

Diagnosis diagnosis_from_json(const Json& doc, const std::string& where) {
  Diagnosis d;
  const Json& changes = array(doc, "changes", where);
  for (std::size_t i = 0; i < changes.size(); ++i) {
    d.changes.push_back(change_from(changes[i], fmt::format("{}.changes[{}]", where, i)));
  }
  d.key = key_from(member(doc, "key", where), where + ".key");
  d.lost = rows_from(doc, "lost", where);
  d.changed = rows_from(doc, "changed", where);
  d.added = rows_from(doc, "added", where);
  const Json& log = array(doc, "log", where);
  for (std::size_t i = 0; i < log.size(); ++i) {
    const std::string at = fmt::format("{}.log[{}]", where, i);
    LogEvidence e;
    e.side = get<std::string>(log[i], "side", at);
    e.file = get<std::string>(log[i], "file", at);
    e.lines = get<std::int64_t>(log[i], "lines", at);
    e.examples = get<std::vector<std::string>>(log[i], "examples", at);
    d.log.push_back(std::move(e));
  }
  d.problems = get<std::vector<std::string>>(doc, "problems", where);
  return d;
}

Json content_json(Content content) {
  return content == Content::not_compared ? Json() : Json(std::string(to_string(content)));
}

Json acceptance_to_json(const std::optional<Acceptance>& a) {
  if (!a) return Json();
  return {{"reason", text::escape_utf8(a->reason)},
          {"status", to_string(a->status)},
          {"verdict", to_string(a->verdict)},
          {"max_lost", a->max_lost ? Json(*a->max_lost) : Json()},
          {"origin", text::escape_utf8(a->origin)}};
}

std::optional<Acceptance> acceptance_from_json(const Json& doc, const std::string& where) {
  if (doc.is_null()) return std::nullopt;
  const std::string at = where + ".accepted";
  Acceptance a;
  a.reason = get<std::string>(doc, "reason", at);
  a.status = accepted_status_from_string(get<std::string>(doc, "status", at));
  a.verdict = expected_from_string(get<std::string>(doc, "verdict", at));
  if (!member(doc, "max_lost", at).is_null()) a.max_lost = get<std::int64_t>(doc, "max_lost", at);
  a.origin = get<std::string>(doc, "origin", at);
  return a;
}

Verdict accepted_verdict(Verdict counted, const std::optional<Acceptance>& a, bool drift,
                         std::int64_t lost, const std::string& where) {
  if (!a) return counted;
  const AcceptedStatus judged = judge(a->verdict, a->max_lost, counted, drift, lost);
  if (judged != a->status) {
    throw Error(fmt::format("report JSON: {}.accepted says {} but its counts make it {}", where,
                            to_string(a->status), to_string(judged)));
  }
  return judged == AcceptedStatus::accepted ? Verdict::accepted : counted;
}

Json table_upgrade_to_json(const TableUpgrade& u) {
  Json doc = {{"released_rows", u.released_rows},
              {"upgraded_rows", u.upgraded_rows},
              {"delta", u.delta},
              {"verdict", to_string(u.verdict)},
              {"cause", upgrade_cause(u)},
              {"content", content_json(u.content)},
              {"changed_columns", strings(u.changed_columns)},
              {"step", u.step ? Json(*u.step) : Json()},
              {"key", key_json(u.key)},
              {"lost", u.lost ? rows_json(*u.lost) : Json()},
              {"changed", u.changed ? rows_json(*u.changed) : Json()},
              {"problems", strings(u.problems)},
              {"accepted", acceptance_to_json(u.accepted)}};
  doc["schema"] = Json::array();
  for (const auto& c : u.schema) doc["schema"].push_back(change_json(c));
  return doc;
}

TableUpgrade table_upgrade_from_json(const Json& doc, const std::string& where) {
  TableUpgrade u;
  u.released_rows = get<std::int64_t>(doc, "released_rows", where);
  u.upgraded_rows = get<std::int64_t>(doc, "upgraded_rows", where);
  u.delta = get<std::int64_t>(doc, "delta", where);
  u.verdict = verdict_from_string(get<std::string>(doc, "verdict", where));
  const Json& content = member(doc, "content", where);
  // Kept as written: a word that is no Content is named in the error below.
  const std::string content_text =
      content.is_null() ? std::string() : get<std::string>(doc, "content", where);
  const std::optional<Content> parsed_content = content_from_string(content_text);
  u.content = parsed_content.value_or(Content::not_compared);
  u.changed_columns = get<std::vector<std::string>>(doc, "changed_columns", where);
  const Json& step = member(doc, "step", where);
  if (!step.is_null()) u.step = get<std::size_t>(doc, "step", where);
  const Json& schema = array(doc, "schema", where);
  for (std::size_t i = 0; i < schema.size(); ++i) {
    u.schema.push_back(change_from(schema[i], fmt::format("{}.schema[{}]", where, i)));
  }
  u.key = key_from(member(doc, "key", where), where + ".key");
  u.lost = rows_from(doc, "lost", where);
  u.changed = rows_from(doc, "changed", where);
  u.problems = get<std::vector<std::string>>(doc, "problems", where);
  // Absent in files from before accepted changes.
  if (doc.contains("accepted")) u.accepted = acceptance_from_json(doc.at("accepted"), where);
  // A hand-edited file must not turn a lost row or a changed schema into a pass.
  if (!parsed_content || u.delta != u.upgraded_rows - u.released_rows ||
      u.verdict != accepted_verdict(upgrade_verdict(u), u.accepted, false,
                                    rows_lost(u.released_rows, u.upgraded_rows), where)) {
    throw Error(fmt::format(
        "report JSON: {} says delta {} and {} but the counts are {} and {} (content '{}', {} "
        "schema difference(s))",
        where, u.delta, to_string(u.verdict), u.released_rows, u.upgraded_rows, content_text,
        u.schema.size()));
  }
  return u;
}

namespace {

Json parts_json(const std::vector<PhaseTiming>& parts) {
  Json out = Json::array();
  for (const auto& p : parts) out.push_back({{"name", p.name}, {"seconds", p.seconds}});
  return out;
}

}  // namespace

Json upgrade_info_to_json(const UpgradeInfo& info) {
  Json steps = Json::array();
  for (const auto& s : info.steps) {
    steps.push_back(
        {{"step", text::escape_utf8(s.step)}, {"exit", s.exit}, {"seconds", s.seconds}});
  }
  return {{"database", info.database},
          {"source", text::escape_utf8(info.source)},
          {"steps", std::move(steps)},
          {"migration", info.migration_failed ? "failed" : "passed"},
          {"error", info.error.empty() ? Json() : Json(text::escape_utf8(info.error))},
          {"output", strings(info.output)},
          {"parts", parts_json(info.parts)},
          {"summary",
           {{"fail", info.summary.fail},
            {"flag", info.summary.flag},
            {"pass", info.summary.pass},
            {"accepted", info.summary.accepted}}}};
}

UpgradeInfo upgrade_info_from_json(const Json& doc, const std::string& where) {
  UpgradeInfo info;
  info.database = get<std::string>(doc, "database", where);
  info.source = get<std::string>(doc, "source", where);
  const Json& steps = array(doc, "steps", where);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const std::string at = fmt::format("{}.steps[{}]", where, i);
    info.steps.push_back({get<std::string>(steps[i], "step", at), get<int>(steps[i], "exit", at),
                          get<double>(steps[i], "seconds", at)});
  }
  const auto migration = get<std::string>(doc, "migration", where);
  if (migration != "passed" && migration != "failed") {
    throw Error(fmt::format("report JSON: {}.migration is '{}'; expected passed or failed", where,
                            migration));
  }
  info.migration_failed = migration == "failed";
  const Json& error = member(doc, "error", where);
  if (!error.is_null()) info.error = get<std::string>(doc, "error", where);
  info.output = get<std::vector<std::string>>(doc, "output", where);
  if (doc.contains("parts")) {
    const Json& parts = array(doc, "parts", where);
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const std::string at = fmt::format("{}.parts[{}]", where, i);
      info.parts.push_back(
          {get<std::string>(parts[i], "name", at), get<double>(parts[i], "seconds", at)});
    }
  }
  const Json& summary = member(doc, "summary", where);
  info.summary.fail = get<std::size_t>(summary, "fail", where + ".summary");
  info.summary.flag = get<std::size_t>(summary, "flag", where + ".summary");
  info.summary.pass = get<std::size_t>(summary, "pass", where + ".summary");
  if (summary.contains("accepted")) {
    info.summary.accepted = get<std::size_t>(summary, "accepted", where + ".summary");
  }
  return info;
}

Json early_warning_to_json(const EarlyWarning& w) {
  Json doc = change_json(w.change);
  doc["schema"] = text::escape_utf8(w.schema);
  doc["table"] = text::escape_utf8(w.table);
  doc["confirmed"] = w.confirmed ? Json(*w.confirmed) : Json();
  return doc;
}

EarlyWarning early_warning_from_json(const Json& doc, const std::string& where) {
  EarlyWarning w;
  w.schema = get<std::string>(doc, "schema", where);
  w.table = get<std::string>(doc, "table", where);
  w.change = change_from(doc, where);
  const Json& confirmed = member(doc, "confirmed", where);
  if (!confirmed.is_null()) w.confirmed = get<bool>(doc, "confirmed", where);
  return w;
}

}  // namespace dt
