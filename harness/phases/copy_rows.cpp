#include "copy_rows.hpp"

#include <fmt/format.h>

#include "core/model.hpp"
#include "db/connection.hpp"
#include "db/copy_text.hpp"
#include "util/error.hpp"
#include "util/json.hpp"
#include "util/redact.hpp"
#include "util/text.hpp"

namespace dt {
namespace {

constexpr std::size_t kAlwaysSecret = 8;

// True for a column name that says it holds a credential (token, access_token, api_key, ...).
bool credential_name(std::string_view column) {
  const std::string name = text::lower(column);
  for (const char* word : {"token", "key", "secret", "pass", "credential", "auth"}) {
    if (name.find(word) != std::string::npos) return true;
  }
  return false;
}

// A JSON value's string leaves (a token inside a json/jsonb column is printed on its own).
void register_json_leaves(const json::Json& value) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (text.size() >= kAlwaysSecret) redact::add_secret(text);
  } else if (value.is_structured()) {
    for (const auto& item : value) register_json_leaves(item);
  }
}

void register_value(std::string_view column, const std::string& value) {
  if (!is_secret_value(column, value)) return;
  redact::add_secret(value);
  if (!value.empty() && (value.front() == '{' || value.front() == '[') &&
      json::nesting_depth(value) <= json::kMaxDepth) {
    const auto doc = json::Json::parse(value, nullptr, false);
    if (!doc.is_discarded()) register_json_leaves(doc);
  }
}

// Columns of schema.table that COPY can fill, in attnum order (quoted: false). Empty when there
// is no such table.
std::vector<std::string> table_columns(db::Connection& conn, const std::string& schema,
                                       const std::string& table) {
  // Generated columns (PG 12+) cannot be written by COPY FROM.
  const bool has_generated = conn.server_version() >= 120000;
  const auto rows = conn.query(
      fmt::format("select a.attname from pg_attribute a join pg_class c on c.oid = a.attrelid "
                  "join pg_namespace n on n.oid = c.relnamespace "
                  "where n.nspname = {} and c.relname = {} and c.relkind in ('r', 'p') "
                  "and a.attnum > 0 and not a.attisdropped {} order by a.attnum",
                  conn.quote(schema), conn.quote(table),
                  has_generated ? "and a.attgenerated = ''" : ""),
      "reading the key table's columns");
  std::vector<std::string> out;
  for (const auto& row : rows) out.push_back(row[0].value_or(""));
  return out;
}

Error missing_key_table(const std::string& qualified, const std::string& dbname) {
  return Error(
      fmt::format("key table '{}' not found in the primary database '{}'; load your API keys there "
                  "first, or fix copy_rows in the profile",
                  qualified, dbname));
}

// Streams select's rows from conn and registers their values; returns the row count.
long long register_rows(db::Connection& conn, const std::string& select,
                        const std::vector<std::string>& columns, const std::string& what) {
  long long rows = 0;
  conn.copy_out(
      select,
      [&](std::string_view line) {
        ++rows;
        std::vector<bool> nulls;
        const auto fields = db::copy_fields(line, &nulls);
        for (std::size_t i = 0; i < fields.size() && i < columns.size(); ++i) {
          if (!nulls[i]) register_value(columns[i], fields[i]);
        }
      },
      what);
  return rows;
}

}  // namespace

bool is_secret_value(std::string_view column, std::string_view value) {
  return value.size() >= kAlwaysSecret || credential_name(column);
}

long long copy_rows(const ConnParams& from, const ConnParams& to, const std::string& qualified) {
  const auto [schema, table] = split_qualified(qualified);
  auto src = db::connect(from);
  auto dst = db::connect(to);
  // Both passes below read one snapshot: every row copied was registered first.
  db::Snapshot snapshot(*src);
  const auto src_cols = table_columns(*src, schema, table);
  if (src_cols.empty()) throw missing_key_table(qualified, from.dbname);
  const auto dst_cols = table_columns(*dst, schema, table);
  if (dst_cols.empty()) {
    throw Error(fmt::format(
        "key table '{}' not found in the scratch database '{}'; the profile's migration step "
        "did not create it — check the steps before copy_rows",
        qualified, to.dbname));
  }
  // The columns both versions have, in the destination's order; the rest keep their defaults.
  std::vector<std::string> common;
  for (const auto& d : dst_cols) {
    for (const auto& s : src_cols) {
      if (s == d) {
        common.push_back(d);
        break;
      }
    }
  }
  if (common.empty()) {
    throw Error(fmt::format(
        "key table '{}' has no column in common between '{}' and '{}'; fix copy_rows in the "
        "profile",
        qualified, from.dbname, to.dbname));
  }
  const std::string what =
      fmt::format("copying '{}' from '{}' into '{}' failed", qualified, from.dbname, to.dbname);
  const std::string select = fmt::format("select {} from {}.{}", src->quote_names(common),
                                         src->quote_name(schema), src->quote_name(table));
  const long long rows = register_rows(*src, select, common, what);
  std::vector<std::string> quoted;
  for (const auto& c : common) quoted.push_back(dst->quote_name(c));
  src->copy_into(select, *dst, dst->quote_name(schema) + "." + dst->quote_name(table), quoted,
                 what);
  return rows;
}

long long register_table_secrets(const ConnParams& from, const std::string& qualified) {
  const auto [schema, table] = split_qualified(qualified);
  auto conn = db::connect(from);
  const auto cols = table_columns(*conn, schema, table);
  if (cols.empty()) throw missing_key_table(qualified, from.dbname);
  const std::string select = fmt::format("select {} from {}.{}", conn->quote_names(cols),
                                         conn->quote_name(schema), conn->quote_name(table));
  return register_rows(*conn, select, cols,
                       fmt::format("reading the key table '{}' in '{}'", qualified, from.dbname));
}

std::string key_table_fingerprint(const ConnParams& from, const std::string& qualified) {
  const auto [schema, table] = split_qualified(qualified);
  auto conn = db::connect(from);
  const auto cols = table_columns(*conn, schema, table);
  if (cols.empty()) throw missing_key_table(qualified, from.dbname);
  // The server hashes the rows: no key value leaves it, only their digest and their number.
  return conn->scalar(
      fmt::format("select pg_catalog.count(*) || ':' || "
                  "pg_catalog.md5(coalesce(pg_catalog.string_agg(r::text, E'\\n' order by "
                  "r::text), '')) from (select {} from {}.{}) r",
                  conn->quote_names(cols), conn->quote_name(schema), conn->quote_name(table)),
      fmt::format("fingerprinting the key table '{}' in '{}'", qualified, from.dbname));
}

}  // namespace dt
