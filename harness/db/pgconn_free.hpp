#pragma once
// The deleter for a libpq connection that db/ opens directly (the probe, COPY FROM STDIN), not
// through libpqxx. Internal to db/.
#include <libpq-fe.h>

namespace dt::db {

// unique_ptr's deleter for a PGconn: PQfinish closes the connection and frees it.
struct PgconnFree {
  void operator()(PGconn* conn) const noexcept { PQfinish(conn); }
};

}  // namespace dt::db
