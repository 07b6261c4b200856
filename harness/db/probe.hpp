#pragma once
// A connection attempt made with libpq's non-blocking API: interruptible by a signal, bounded in
// time, and able to tell "could not reach the server" from "the server refused us" by how far the
// handshake got rather than by the wording of libpq's message. probe() is internal to db/; the
// program checks PGCONNECT_TIMEOUT with the other environment numbers before it starts.
#include <chrono>

#include "db/conninfo.hpp"

namespace dt::db {

// Connects and disconnects. Throws dt::Error with a fix that fits the failure, or
// dt::Interrupted when a signal arrives first. $PGCONNECT_TIMEOUT (seconds, default 30) bounds it.
void probe(const ConnParams& params);
// $PGCONNECT_TIMEOUT's value: unset or empty is 30 s; else whole seconds from 2 to 3600 (libpq
// takes 2 as its least), anything else one dt::Error line naming the value.
std::chrono::seconds parse_connect_timeout(const char* text);

}  // namespace dt::db
