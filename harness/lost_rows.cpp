#include "lost_rows.hpp"

#include <fmt/format.h>

#include "db/connection.hpp"
#include "db/copy_text.hpp"
#include "util/redact.hpp"

namespace dt {
namespace {

// The tab-separated fields of a COPY line, still escaped (views into line).
void split(const std::string& line, std::vector<std::string_view>& fields) {
  fields.clear();
  std::size_t start = 0;
  for (;;) {
    const std::size_t tab = line.find('\t', start);
    if (tab == std::string::npos) {
      fields.emplace_back(line.data() + start, line.size() - start);
      return;
    }
    fields.emplace_back(line.data() + start, tab - start);
    start = tab + 1;
  }
}

std::optional<std::string> decode(std::string_view raw) {
  std::vector<bool> is_null;
  auto fields = db::copy_fields(raw, &is_null);
  if (is_null.empty() || is_null[0]) return std::nullopt;
  return std::move(fields[0]);
}

// Byte order of the values, NULL after every value: the order of
// `ORDER BY k::text COLLATE "C"` (NULLS LAST is the default of ascending order).
int compare_field(std::string_view a, std::string_view b) {
  // An unescaped field is its value; escapes (and \N) need decoding to compare.
  if (a.find('\\') == std::string_view::npos && b.find('\\') == std::string_view::npos) {
    return a.compare(b);
  }
  const auto x = decode(a);
  const auto y = decode(b);
  if (!x || !y) return !x && !y ? 0 : (!x ? 1 : -1);
  return x->compare(*y);
}

int compare_keys(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b,
                 std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const int c = compare_field(a[i], b[i]);
    if (c != 0) return c < 0 ? -1 : 1;
  }
  return 0;
}

std::vector<std::optional<std::string>> row_of(const std::vector<std::string_view>& fields,
                                               std::size_t from, std::size_t count) {
  std::vector<std::optional<std::string>> row;
  for (std::size_t i = from; i < from + count && i < fields.size(); ++i) {
    auto value = decode(fields[i]);
    row.push_back(value ? std::optional<std::string>(redact::scrub(*value)) : std::nullopt);
  }
  return row;
}

// The quoted column list "a"::text, "b"::text (keys) or "a", "b".
std::string column_list(db::Connection& conn, const std::vector<std::string>& columns,
                        bool as_text) {
  std::string out;
  for (const auto& c : columns) {
    out += (out.empty() ? "" : ", ") + conn.quote_name(c) + (as_text ? "::text" : "");
  }
  return out;
}

std::string order_by(db::Connection& conn, const std::vector<std::string>& key) {
  std::string out;
  for (const auto& c : key) {
    out += (out.empty() ? "" : ", ") + conn.quote_name(c) + "::text COLLATE \"C\"";
  }
  return out;
}

std::string select_of(db::Connection& conn, const RowDiffSpec& spec, bool released) {
  std::string columns = column_list(conn, spec.key, true);
  if (!spec.compared.empty()) columns += ", " + column_list(conn, spec.compared, false);
  if (released && !spec.shown.empty()) columns += ", " + column_list(conn, spec.shown, false);
  return fmt::format("select {} from {}.{} order by {}", columns, conn.quote_name(spec.schema),
                     conn.quote_name(spec.table), order_by(conn, spec.key));
}

// Sorting a large table in key order needs room; the scratch database is ours alone.
void prepare(db::Connection& conn) {
  conn.exec("set work_mem = '256MB'", "raising work_mem for the row comparison");
}

}  // namespace

RowDiff merge_rows(const LineSource& released, const LineSource& fresh, const RowDiffSpec& spec) {
  RowDiff diff;
  diff.lost_sample.columns = spec.shown;
  diff.changed_sample.columns.push_back("side");
  for (const auto& c : spec.key) diff.changed_sample.columns.push_back(c);
  for (const auto& c : spec.compared) diff.changed_sample.columns.push_back(c);
  const std::size_t k = spec.key.size();
  const std::size_t c = spec.compared.size();

  std::string r_line, n_line;
  std::vector<std::string_view> r, n;
  bool has_r = released(r_line);
  bool has_n = fresh(n_line);
  if (has_r) split(r_line, r);
  if (has_n) split(n_line, n);
  while (has_r || has_n) {
    const int order = !has_r ? 1 : !has_n ? -1 : compare_keys(r, n, k);
    if (order < 0) {
      ++diff.lost;
      if (diff.lost_sample.rows.size() < spec.sample) {
        diff.lost_sample.rows.push_back(row_of(r, k + c, spec.shown.size()));
      }
    } else if (order > 0) {
      ++diff.extra;
    } else if (c > 0) {
      bool same = true;
      for (std::size_t i = k; i < k + c && same; ++i) same = r[i] == n[i];
      if (!same) {
        ++diff.changed;
        if (diff.changed_sample.rows.size() < 2 * spec.sample) {
          auto before = row_of(r, 0, k + c);
          before.insert(before.begin(), std::string("released"));
          auto after = row_of(n, 0, k + c);
          after.insert(after.begin(), std::string("new"));
          diff.changed_sample.rows.push_back(std::move(before));
          diff.changed_sample.rows.push_back(std::move(after));
        }
      }
    }
    if (order <= 0 && (has_r = released(r_line))) split(r_line, r);
    if (order >= 0 && (has_n = fresh(n_line))) split(n_line, n);
  }
  return diff;
}

RowDiff diff_rows(const ConnParams& released, const ConnParams& fresh, const RowDiffSpec& spec) {
  auto r_conn = db::connect(released);
  auto n_conn = db::connect(fresh);
  prepare(*r_conn);
  prepare(*n_conn);
  const std::string name = spec.schema + "." + spec.table;
  db::CopyReader r(*r_conn, select_of(*r_conn, spec, true),
                   fmt::format("reading the rows of '{}' in '{}'", name, released.dbname));
  db::CopyReader n(*n_conn, select_of(*n_conn, spec, false),
                   fmt::format("reading the rows of '{}' in '{}'", name, fresh.dbname));
  return merge_rows([&](std::string& line) { return r.next(line); },
                    [&](std::string& line) { return n.next(line); }, spec);
}

RowDiff released_only(const ConnParams& released, const RowDiffSpec& spec, std::int64_t rows) {
  auto conn = db::connect(released);
  RowDiffSpec keys_only = spec;
  keys_only.compared.clear();
  db::CopyReader r(
      *conn, fmt::format("{} limit {}", select_of(*conn, keys_only, true), spec.sample),
      fmt::format("reading the rows of '{}.{}' in '{}'", spec.schema, spec.table, released.dbname));
  RowDiff diff = merge_rows([&](std::string& line) { return r.next(line); },
                            [](std::string&) { return false; }, keys_only);
  diff.lost = rows;
  return diff;
}

std::string to_csv(const RowSample& sample) {
  const auto field = [](const std::string& value) {
    if (value.empty() || value.find_first_of(",\"\r\n") != std::string::npos) {
      std::string out = "\"";
      for (char ch : value) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      return out + "\"";
    }
    return value;
  };
  std::string out;
  for (std::size_t i = 0; i < sample.columns.size(); ++i) {
    out += (i ? "," : "") + field(sample.columns[i]);
  }
  out += "\r\n";
  for (const auto& row : sample.rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      out += i ? "," : "";
      if (row[i]) out += field(*row[i]);
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace dt
