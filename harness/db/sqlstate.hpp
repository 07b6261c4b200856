#pragma once
// The SQLSTATEs data-test acts on, in one place: every other code is only reported, never
// classified. Codes from PostgreSQL's errcodes.txt (Appendix A of its manual).
#include <string_view>

#include "util/error.hpp"

namespace dt::db::sqlstate {

// A statement cancelled (pg_cancel_backend, or our signal watchdog's cancel request).
inline constexpr std::string_view kQueryCanceled = "57014";
// The server ends the backend: a fast/smart shutdown or pg_terminate_backend, a crash of another
// backend, or a server still starting up or shutting down.
inline constexpr std::string_view kAdminShutdown = "57P01";
inline constexpr std::string_view kCrashShutdown = "57P02";
inline constexpr std::string_view kCannotConnectNow = "57P03";
// Class 08, connection exception: 08000, 08003, 08006, 08001, 08004, 08P01 ...
inline constexpr std::string_view kConnectionExceptionClass = "08";

// What a server error with this SQLSTATE means to data-test: query_canceled, connection_lost,
// or failed for every code data-test does not act on (and for none, "").
Cause cause_of(std::string_view code) noexcept;

}  // namespace dt::db::sqlstate
