#pragma once
// The first statement of every session data-test opens. Only PostgreSQL's own functions and
// operators are ever resolved: `public` (writable by every role on many servers) is not searched,
// so another role's function or operator can never stand in for a catalog one (CVE-2018-1058;
// pg_dump does the same). Row-level security raises an error instead of hiding rows from a count
// or a copy.
#include <string_view>

namespace dt::db {

inline constexpr std::string_view kSafeSessionSql =
    "select pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', false), "
    "pg_catalog.set_config('row_security', 'off', false)";

}  // namespace dt::db
