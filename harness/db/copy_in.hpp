#pragma once
// COPY ... FROM STDIN on a connection of its own, with libpq's copy API: rows go in as the raw
// text-format lines they came out as. Internal to db/.
#include <functional>
#include <string>
#include <string_view>

#include "db/conninfo.hpp"

namespace dt::db {

// Connects to `to`, runs `copy` (a COPY ... FROM STDIN statement) and feeds it the lines
// next_line yields (without newlines) until it returns false. Atomic: all rows or none.
// Throws dt::Error with the server's reason.
void copy_in(const ConnParams& to, std::string_view copy,
             const std::function<bool(std::string&)>& next_line);

}  // namespace dt::db
