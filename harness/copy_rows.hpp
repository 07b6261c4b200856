#pragma once
// The copy_rows step: the operator's key rows streamed into a scratch database with COPY, their
// credentials registered as secrets first.
#include <string>

#include "util/conninfo.hpp"

namespace dt {

// copy_rows: streams every row of schema.table from `from` to `to` with COPY, over the columns
// both copies have. Returns the number of rows copied. Registers text-typed values of the
// copied rows as secrets. Throws dt::Error when the table is missing on either side.
long long copy_rows(const ConnParams& from, const ConnParams& to, const std::string& qualified);

// Registers every text value of schema.table in the primary database `from` as a secret, so a
// child that prints a key before copy_rows runs is scrubbed too. Returns the number of rows.
// Throws dt::Error (the same message as copy_rows) when the table is missing.
long long register_table_secrets(const ConnParams& from, const std::string& qualified);

}  // namespace dt
