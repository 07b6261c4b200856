#include "db/rethrow.hpp"

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "db/connection.hpp"
#include "db/sqlstate.hpp"
#include "util/signals.hpp"

namespace dt::db {

void rethrow(std::string_view what) {
  try {
    throw;
  } catch (const pqxx::broken_connection& e) {
    throw QueryError(
        fmt::format("{}: the connection to the server was lost ({})", what, reason_line(e.what())),
        "", Cause::connection_lost);
  } catch (const pqxx::sql_error& e) {
    const Cause cause = sqlstate::cause_of(e.sqlstate());
    // Cancelled by our watchdog: the signal is the story, not the statement.
    if (cause == Cause::query_canceled && signals::pending() != 0) {
      throw Interrupted(signals::pending());
    }
    throw QueryError(fmt::format("{}: {}", what, reason_line(e.what())), e.sqlstate(), cause);
  } catch (const Error& e) {
    throw Error(fmt::format("{}: {}", what, e.what()));
  } catch (const Interrupted&) {
    throw;
  } catch (const std::exception& e) {
    throw Error(fmt::format("{}: {}", what, reason_line(e.what())));
  }
}

}  // namespace dt::db
