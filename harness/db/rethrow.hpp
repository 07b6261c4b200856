#pragma once
// The one translation of libpqxx's exceptions into data-test's: by exception type and SQLSTATE
// (db/sqlstate.hpp), never by the message's words.
#include <string_view>

namespace dt::db {

// Turns the exception being handled into dt::Interrupted (a statement our signal watchdog
// cancelled), db::QueryError (the server refused a statement, or the session went away; its
// cause() says which) or dt::Error, each message starting with what. Must be called from inside
// a catch block.
[[noreturn]] void rethrow(std::string_view what);

}  // namespace dt::db
