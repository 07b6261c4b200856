#include "lost_rows.hpp"

#include <algorithm>
#include <cstddef>

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

// -1, 0 or 1 for two decimal integers as PostgreSQL prints them ("-12", "7").
int compare_integers(std::string_view a, std::string_view b) {
  const bool neg_a = !a.empty() && a[0] == '-';
  const bool neg_b = !b.empty() && b[0] == '-';
  if (neg_a != neg_b) return neg_a ? -1 : 1;
  if (neg_a) {
    a.remove_prefix(1);
    b.remove_prefix(1);
  }
  int c = a.size() != b.size() ? (a.size() < b.size() ? -1 : 1) : a.compare(b);
  c = c < 0 ? -1 : (c > 0 ? 1 : 0);
  return neg_a ? -c : c;
}

// The order of `ORDER BY k` (integers) or `ORDER BY k::text COLLATE "C"` (bytes), NULL after
// every value (the default of ascending order).
int compare_field(std::string_view a, std::string_view b, bool integer) {
  const bool null_a = a == "\\N";
  const bool null_b = b == "\\N";
  if (null_a || null_b) return null_a == null_b ? 0 : (null_a ? 1 : -1);
  if (integer) return compare_integers(a, b);
  // An unescaped field is its value; escapes need decoding to compare.
  if (a.find('\\') == std::string_view::npos && b.find('\\') == std::string_view::npos) {
    const int c = a.compare(b);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  const int c = decode(a)->compare(*decode(b));
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

int compare_keys(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b,
                 const RowDiffSpec& spec) {
  for (std::size_t i = 0; i < spec.key.size(); ++i) {
    const bool integer = i < spec.order.size() && spec.order[i].integer;
    const int c = compare_field(a[i], b[i], integer);
    if (c != 0) return c;
  }
  return 0;
}

// Decoded fields [from, from + count), scrubbed of secrets unless they are kept for a lookup.
Values row_of(const std::vector<std::string_view>& fields, std::size_t from, std::size_t count,
              bool scrub = true) {
  Values row;
  for (std::size_t i = from; i < from + count && i < fields.size(); ++i) {
    auto value = decode(fields[i]);
    if (value && scrub) value = redact::scrub(*value);
    row.push_back(std::move(value));
  }
  return row;
}

KeyOrder order_of(const RowDiffSpec& spec, std::size_t i) {
  return i < spec.order.size() ? spec.order[i] : KeyOrder{};
}

// Each key column as the stream carries it: itself when its own order is the merge's, else as
// text (whose bytes the merge compares).
std::string key_list(db::Connection& conn, const RowDiffSpec& spec, bool released) {
  std::string out;
  for (std::size_t i = 0; i < spec.key.size(); ++i) {
    const KeyOrder o = order_of(spec, i);
    const bool native = o.integer || (released ? o.released_native : o.new_native);
    out += (out.empty() ? "" : ", ") + conn.quote_name(spec.key[i]) + (native ? "" : "::text");
  }
  return out;
}

std::string order_by(db::Connection& conn, const RowDiffSpec& spec, bool released) {
  std::string out;
  for (std::size_t i = 0; i < spec.key.size(); ++i) {
    const KeyOrder o = order_of(spec, i);
    const bool native = o.integer || (released ? o.released_native : o.new_native);
    out += (out.empty() ? "" : ", ") + conn.quote_name(spec.key[i]) +
           (native ? "" : "::text COLLATE \"C\"");
  }
  return out;
}

std::string table_of(db::Connection& conn, const RowDiffSpec& spec) {
  return conn.quote_name(spec.schema) + "." + conn.quote_name(spec.table);
}

std::string select_of(db::Connection& conn, const RowDiffSpec& spec, bool released) {
  std::string columns = key_list(conn, spec, released);
  if (!spec.compared.empty()) columns += ", " + conn.quote_names(spec.compared);
  if (released && !spec.shown.empty()) columns += ", " + conn.quote_names(spec.shown);
  return fmt::format("select {} from {} order by {}", columns, table_of(conn, spec),
                     order_by(conn, spec, released));
}

// The released rows of the sampled lost keys, in key order, one per lost key (a key on
// released twice and on new once lost one row): an index lookup per key when the key's columns
// take a typed literal.
RowSample fetch_lost(db::Connection& conn, const RowDiffSpec& spec,
                     const std::vector<Values>& keys) {
  RowSample sample;
  sample.columns = spec.shown;
  if (keys.empty() || spec.shown.empty()) return sample;
  std::string where;
  for (const auto& key : keys) {
    std::string one;
    for (std::size_t i = 0; i < spec.key.size() && i < key.size(); ++i) {
      const std::string column = conn.quote_name(spec.key[i]);
      const bool typed = order_of(spec, i).typed_equality;
      one += (one.empty() ? "" : " and ") +
             (key[i] ? column + (typed ? "" : "::text") + " = " + conn.quote(*key[i])
                     : column + " is null");
    }
    where += (where.empty() ? "(" : " or (") + one + ")";
  }
  const std::size_t k = spec.key.size();
  const std::string sql = fmt::format("select {}, {} from {} where {} order by {}",
                                      key_list(conn, spec, true), conn.quote_names(spec.shown),
                                      table_of(conn, spec), where, order_by(conn, spec, true));
  const auto rows =
      conn.query(sql, fmt::format("reading the lost rows of '{}.{}'", spec.schema, spec.table));
  std::vector<bool> used(rows.size(), false);
  for (const auto& key : keys) {
    for (std::size_t j = 0; j < rows.size(); ++j) {
      if (used[j] || !std::equal(key.begin(), key.end(), rows[j].begin(),
                                 rows[j].begin() + static_cast<std::ptrdiff_t>(k))) {
        continue;
      }
      used[j] = true;
      Values values;
      for (std::size_t i = k; i < rows[j].size(); ++i) {
        const auto& v = rows[j][i];
        values.push_back(v ? std::optional<std::string>(redact::scrub(*v)) : std::nullopt);
      }
      sample.rows.push_back(std::move(values));
      break;
    }
  }
  return sample;
}

// Sorting a large table in key order needs room; the scratch database is ours alone.
void prepare(db::Connection& conn) {
  conn.exec("set work_mem = '256MB'", "raising work_mem for the row comparison");
}

}  // namespace

RowDiff merge_rows(const LineSource& released, const LineSource& fresh, const RowDiffSpec& spec) {
  RowDiff diff;
  diff.lost_sample.columns = spec.shown;
  diff.extra_sample.columns = spec.key;
  diff.changed_sample.columns.emplace_back("side");
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
    const int order = !has_r ? 1 : !has_n ? -1 : compare_keys(r, n, spec);
    if (order < 0) {
      ++diff.lost;
      if (diff.lost_keys.size() < spec.sample) {
        diff.lost_keys.push_back(row_of(r, 0, k, false));
        if (!spec.shown.empty())
          diff.lost_sample.rows.push_back(row_of(r, k + c, spec.shown.size()));
      }
    } else if (order > 0) {
      ++diff.extra;
      if (diff.extra_sample.rows.size() < spec.sample)
        diff.extra_sample.rows.push_back(row_of(n, 0, k));
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
  // The keys alone are streamed: a narrow sort, or none when an index holds the order.
  RowDiffSpec streamed = spec;
  streamed.shown.clear();
  RowDiff diff;
  {
    db::CopyReader r(*r_conn, select_of(*r_conn, streamed, true),
                     fmt::format("reading the rows of '{}' in '{}'", name, released.dbname));
    db::CopyReader n(*n_conn, select_of(*n_conn, streamed, false),
                     fmt::format("reading the rows of '{}' in '{}'", name, fresh.dbname));
    diff = merge_rows([&](std::string& line) { return r.next(line); },
                      [&](std::string& line) { return n.next(line); }, streamed);
  }
  diff.lost_sample = fetch_lost(*r_conn, spec, diff.lost_keys);
  return diff;
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
