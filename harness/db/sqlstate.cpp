#include "db/sqlstate.hpp"

namespace dt::db::sqlstate {

Cause cause_of(std::string_view code) noexcept {
  if (code == kQueryCanceled) return Cause::query_canceled;
  if (code == kAdminShutdown || code == kCrashShutdown || code == kCannotConnectNow) {
    return Cause::connection_lost;
  }
  if (code.size() == 5 && code.substr(0, 2) == kConnectionExceptionClass) {
    return Cause::connection_lost;
  }
  return Cause::failed;
}

}  // namespace dt::db::sqlstate
