#pragma once
// While a statement runs, a pending signal cancels it on the server (libpq's cancel request),
// so that a Ctrl-C during an hour-long count is acted on at once. Internal to db/.
#include <pqxx/connection>

namespace dt::db {

using PqxxConnection = pqxx::connection;

// Registers conn with the watchdog thread for the scope's lifetime.
class CancelOnSignal {
 public:
  explicit CancelOnSignal(PqxxConnection& conn);
  ~CancelOnSignal() noexcept;
  CancelOnSignal(const CancelOnSignal&) = delete;
  CancelOnSignal& operator=(const CancelOnSignal&) = delete;

 private:
  PqxxConnection& conn_;
};

}  // namespace dt::db
