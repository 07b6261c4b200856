#include "copy_rows.hpp"

#include <cctype>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <pqxx/pqxx>
#include <pqxx/tablereader>
#include <pqxx/tablewriter>

#include "profile.hpp"
#include "scratch_db.hpp"
#include "util/error.hpp"
#include "util/redact.hpp"

namespace dt {
namespace {

struct Column {
  std::string name;
  bool secret = false;  // a text column that may hold a credential (see keep_secret_columns)
};

// True for a column name that says it holds a credential (token, access_token, api_key, ...).
bool credential_name(std::string name) {
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* word : {"token", "key", "secret", "pass", "credential", "auth"}) {
    if (name.find(word) != std::string::npos) return true;
  }
  return false;
}

// Which text columns are secrets: those named like credentials; when none is, every text column
// (better to mask a platform name than to print a key). Masking every value would hide ordinary
// words such as "github" in every line printed.
void keep_secret_columns(std::vector<Column>& cols) {
  bool any = false;
  for (const Column& c : cols) any = any || (c.secret && credential_name(c.name));
  if (!any) return;
  for (Column& c : cols) c.secret = c.secret && credential_name(c.name);
}

// Columns of schema.table that COPY can fill, in attnum order. Empty when there is no table.
std::vector<Column> table_columns(pqxx::transaction_base& tx, const std::string& schema,
                                  const std::string& table, bool& found) {
  pqxx::result rel = tx.exec(
      fmt::format("select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace "
                  "where n.nspname = {} and c.relname = {} and c.relkind in ('r', 'p')",
                  tx.quote(schema), tx.quote(table)));
  found = !rel.empty();
  if (!found) return {};
  // Generated columns (PG 12+) cannot be written by COPY FROM.
  const bool has_generated = tx.conn().server_version() >= 120000;
  pqxx::result cols = tx.exec(fmt::format(
      "select a.attname, t.typcategory = 'S' from pg_attribute a "
      "join pg_type t on t.oid = a.atttypid "
      "where a.attrelid = {} and a.attnum > 0 and not a.attisdropped {} order by a.attnum",
      rel[0][0].c_str(), has_generated ? "and a.attgenerated = ''" : ""));
  std::vector<Column> out;
  for (const auto& row : cols) out.push_back({row[0].as<std::string>(), row[1].as<bool>()});
  keep_secret_columns(out);
  return out;
}

// One COPY text-format field with its backslash escapes undone.
std::string copy_unescape(std::string_view field) {
  std::string out;
  out.reserve(field.size());
  for (std::size_t i = 0; i < field.size(); ++i) {
    char c = field[i];
    if (c != '\\' || i + 1 == field.size()) {
      out += c;
      continue;
    }
    char e = field[++i];
    switch (e) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      default:
        out += e;
        break;  // PostgreSQL only emits the escapes above and "\\"
    }
  }
  return out;
}

// Registers the text fields of one COPY line as secrets (they are API keys).
void register_secrets(std::string_view line, const std::vector<bool>& is_text) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);  // libpqxx keeps it
  std::size_t pos = 0;
  for (std::size_t i = 0; pos <= line.size(); ++i) {
    std::size_t end = line.find('\t', pos);
    if (end == std::string::npos) end = line.size();
    std::string_view field(line.data() + pos, end - pos);
    if (i < is_text.size() && is_text[i] && field != "\\N") {
      redact::add_secret(copy_unescape(field));
    }
    pos = end + 1;
  }
}

// The deprecated-but-present libpqxx 6.4 COPY classes: the only ones with public raw lines on
// both ends, so that rows pass through untouched and unparsed.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
long long stream_copy(pqxx::transaction_base& src, pqxx::transaction_base& dst,
                      const std::string& select, const std::string& target,
                      const std::vector<std::string>& quoted_cols,
                      const std::vector<bool>& is_text) {
  // tablereader writes "COPY <name> TO STDOUT": a parenthesised query is a valid name there.
  pqxx::tablereader reader(src, "(" + select + ")");
  pqxx::tablewriter writer(dst, target, quoted_cols.begin(), quoted_cols.end());
  long long rows = 0;
  std::string line;
  while (reader.get_raw_line(line)) {
    register_secrets(line, is_text);
    writer.write_raw_line(line);
    ++rows;
  }
  reader.complete();
  writer.complete();
  return rows;
}
#pragma GCC diagnostic pop

Error missing_key_table(const std::string& qualified, const std::string& dbname) {
  return Error(
      fmt::format("key table '{}' not found in the primary database '{}'; load your API keys there "
                  "first, or fix copy_rows in the profile",
                  qualified, dbname));
}

}  // namespace

long long copy_rows(const ConnParams& from, const ConnParams& to, const std::string& qualified) {
  const auto [schema, table] = split_qualified(qualified);
  auto src_conn = connect_db(from);
  auto dst_conn = connect_db(to);
  pqxx::read_transaction src(*src_conn);
  pqxx::work dst(*dst_conn);

  bool found = false;
  const std::vector<Column> src_cols = table_columns(src, schema, table, found);
  if (!found) throw missing_key_table(qualified, from.dbname);
  const std::vector<Column> dst_cols = table_columns(dst, schema, table, found);
  if (!found) {
    throw Error(fmt::format(
        "key table '{}' not found in the scratch database '{}'; the profile's migration step "
        "did not create it — check the steps before copy_rows",
        qualified, to.dbname));
  }

  // The columns both versions have, in the destination's order; the rest keep their defaults.
  std::vector<std::string> quoted;
  std::vector<bool> is_text;
  for (const Column& d : dst_cols) {
    for (const Column& s : src_cols) {
      if (s.name == d.name) {
        quoted.push_back(dst.quote_name(d.name));
        is_text.push_back(s.secret || d.secret);
        break;
      }
    }
  }
  if (quoted.empty()) {
    throw Error(
        fmt::format("key table '{}' has no column in common between '{}' and '{}'; fix "
                    "copy_rows in the profile",
                    qualified, from.dbname, to.dbname));
  }
  std::string list;
  for (const std::string& q : quoted) list += (list.empty() ? "" : ", ") + q;
  const std::string target = dst.quote_name(schema) + "." + dst.quote_name(table);
  const std::string select =
      fmt::format("select {} from {}.{}", list, src.quote_name(schema), src.quote_name(table));
  try {
    long long rows = stream_copy(src, dst, select, target, quoted, is_text);
    dst.commit();
    return rows;
  } catch (const pqxx::sql_error& e) {
    throw Error(fmt::format("copying '{}' from '{}' into '{}' failed: {}", qualified, from.dbname,
                            to.dbname, libpq_reason(e.what())));
  }
}

long long register_table_secrets(const ConnParams& from, const std::string& qualified) {
  const auto [schema, table] = split_qualified(qualified);
  auto conn = connect_db(from);
  pqxx::read_transaction tx(*conn);
  bool found = false;
  const std::vector<Column> cols = table_columns(tx, schema, table, found);
  if (!found) throw missing_key_table(qualified, from.dbname);
  std::string list;
  for (const Column& c : cols) {
    if (c.secret) list += (list.empty() ? "" : ", ") + tx.quote_name(c.name);
  }
  if (list.empty()) return 0;  // no text column: nothing that could be a key
  const pqxx::result rows = tx.exec(
      fmt::format("select {} from {}.{}", list, tx.quote_name(schema), tx.quote_name(table)));
  for (const auto& row : rows) {
    for (const auto& field : row) {
      if (!field.is_null()) redact::add_secret(field.as<std::string>());
    }
  }
  return static_cast<long long>(rows.size());
}

}  // namespace dt
