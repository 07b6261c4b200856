#pragma once
// Content drift: an order-independent fingerprint of a table's rows over given columns,
// computed in SQL where the rows are (one scan, nothing streamed), so that two databases can
// be compared without moving their rows.
#include <string>
#include <vector>

#include "db/conninfo.hpp"

namespace dt {

// Row count and fingerprint of schema.table over columns (in that order): two sums of 64-bit
// halves of each row's md5, so that rows in any order give the same value. Equal fingerprints
// mean equal multisets of rows (up to a hash collision). Throws dt::Error when it cannot read.
std::string fingerprint(const ConnParams& db, const std::string& schema, const std::string& table,
                        const std::vector<std::string>& columns);

}  // namespace dt
