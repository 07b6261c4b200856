#include "core/diagnosis_json.hpp"

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/text.hpp"

namespace dt {
namespace {

using json::Json;

const Json& member(const Json& object, const char* key, const std::string& where) {
  if (!object.is_object() || !object.contains(key)) {
    throw Error(fmt::format("report JSON: missing key '{}.{}'", where, key));
  }
  return object.at(key);
}

template <typename T>
T get(const Json& object, const char* key, const std::string& where) {
  const Json& value = member(object, key, where);
  try {
    return value.get<T>();
  } catch (const nlohmann::json::exception&) {
    throw Error(fmt::format("report JSON: key '{}.{}' has the wrong type ({})", where, key,
                            value.type_name()));
  }
}

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
          {"text", text::escape_utf8(change_line(c))}};
}

SchemaChange change_from(const Json& doc, const std::string& where) {
  SchemaChange c;
  c.code = get<std::string>(doc, "code", where);
  c.subject = get<std::string>(doc, "subject", where);
  c.columns = get<std::vector<std::string>>(doc, "columns", where);
  c.detail = get<std::string>(doc, "detail", where);
  c.definition = get<std::string>(doc, "definition", where);
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

}  // namespace

Json diagnosis_to_json(const Diagnosis& d) {
  Json doc;
  doc["cause"] = cause_codes(d.changes);
  doc["changes"] = Json::array();
  for (const auto& c : d.changes) doc["changes"].push_back(change_json(c));
  doc["key"] = Json();
  if (d.key) {
    doc["key"] = {{"columns", strings(d.key->columns)},
                  {"compared", strings(d.key->compared)},
                  {"excluded", strings(d.key->excluded)},
                  {"source", text::escape_utf8(d.key->source)}};
  }
  doc["lost"] = d.lost ? rows_json(*d.lost) : Json();
  doc["changed"] = d.changed ? rows_json(*d.changed) : Json();
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
  const Json& key = member(doc, "key", where);
  if (!key.is_null()) {
    KeyChoice k;
    const std::string at = where + ".key";
    k.columns = get<std::vector<std::string>>(key, "columns", at);
    k.compared = get<std::vector<std::string>>(key, "compared", at);
    k.excluded = get<std::vector<std::string>>(key, "excluded", at);
    k.source = get<std::string>(key, "source", at);
    d.key = std::move(k);
  }
  d.lost = rows_from(doc, "lost", where);
  d.changed = rows_from(doc, "changed", where);
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
