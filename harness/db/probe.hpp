#pragma once
// A connection attempt made with libpq's non-blocking API: interruptible by a signal, bounded in
// time, and able to tell "could not reach the server" from "the server refused us" by how far the
// handshake got rather than by the wording of libpq's message. Internal to db/.
#include "db/conninfo.hpp"

namespace dt::db {

// Connects and disconnects. Throws dt::Error with a fix that fits the failure, or
// dt::Interrupted when a signal arrives first. $PGCONNECT_TIMEOUT (seconds, default 30) bounds it.
void probe(const ConnParams& params);

}  // namespace dt::db
