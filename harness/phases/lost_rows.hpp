#pragma once
// Which rows: the rows present on the released side and missing on the new one (and, for a
// content check, the rows whose content changed), matched by a natural key. PostgreSQL cannot
// join across databases, so each side is streamed once in key order with COPY and the two
// streams are merged: memory holds two lines and the sample, whatever the table's size.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/diagnosis.hpp"
#include "db/conninfo.hpp"

namespace dt {

// How one key column is streamed on each side, so that both streams come in the order the
// merge compares in: as numbers for integers, else as the bytes of the text.
struct KeyOrder {
  bool integer = false;          // an integer type on both sides: ORDER BY the column itself
  bool released_native = false;  // released's own order is byte order (C-collated text, uuid)
  bool new_native = false;       // the same on the new side
  bool typed_equality = false;   // `column = 'text'` finds the row (integers, text, uuid)
};

// What to compare in one table.
struct RowDiffSpec {
  std::string schema;
  std::string table;
  std::vector<std::string> key;       // the natural key's columns
  std::vector<KeyOrder> order;        // one per key column (missing: ordered as text)
  std::vector<std::string> compared;  // non-key columns compared for content; empty: keys only
  std::vector<std::string> shown;     // released columns written for a lost row
  std::size_t sample = 20;            // rows kept of each kind
};

using Values = std::vector<std::optional<std::string>>;

// What the merge found.
struct RowDiff {
  std::int64_t lost = 0;     // keys on released, missing on new (duplicates count each)
  std::int64_t extra = 0;    // keys on new, missing on released
  std::int64_t changed = 0;  // same key, other content (only when spec.compared is not empty)
  // The first `sample` lost keys, in key order, as text and not scrubbed (they are looked up):
  // never printed.
  std::vector<Values> lost_keys;
  RowSample lost_sample;     // columns: spec.shown
  RowSample changed_sample;  // columns: "side", key, compared; each released row, then new's
  RowSample extra_sample;    // columns: key; the first `sample` keys only on new (scrubbed)
};

// One COPY text line of a side's stream into line; false at the end.
using LineSource = std::function<bool(std::string&)>;

// The merge of two streams ordered by their key fields (integers as numbers, the rest as bytes,
// NULL last). Released lines hold key, compared, then shown fields (shown may be left out);
// new lines key, then compared fields. Values in the samples are scrubbed of secrets. Pure:
// what diff_rows does once the streams are open.
RowDiff merge_rows(const LineSource& released, const LineSource& fresh, const RowDiffSpec& spec);

// Streams both sides' keys (and compared columns) in key order and merges them, then reads the
// sampled lost rows' shown columns from released by their keys. A key in its own byte or numeric
// order is read through its index; other keys are sorted as text. Throws dt::Error when a side
// cannot be read.
RowDiff diff_rows(const ConnParams& released, const ConnParams& fresh, const RowDiffSpec& spec);

// For a table the new side lacks: every one of its `rows` rows is lost; the sample is the first
// rows in key order.
RowDiff released_only(const ConnParams& released, const RowDiffSpec& spec, std::int64_t rows);

// The sample as CSV (RFC 4180, header first): NULL is an empty field, an empty string "".
std::string to_csv(const RowSample& sample);

}  // namespace dt
