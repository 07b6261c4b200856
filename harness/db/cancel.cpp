#include <pqxx/pqxx>

#include "db/cancel.hpp"

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "util/signals.hpp"

namespace dt::db {
namespace {

// One thread for the process, started on first use; it sleeps while nothing is registered.
struct Watchdog {
  std::mutex mutex;
  std::set<PqxxConnection*> active;
  std::set<PqxxConnection*> cancelled;

  Watchdog() {
    std::thread([this] { loop(); }).detach();
  }

  [[noreturn]] void loop() noexcept {
    for (;;) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      if (signals::interrupting() == 0) continue;
      std::lock_guard<std::mutex> lock(mutex);
      for (PqxxConnection* conn : active) {
        if (cancelled.insert(conn).second) {
          try {
            conn->cancel_query();
          } catch (...) {
            // The statement ends anyway when the server or the connection goes.
          }
        }
      }
    }
  }
};

Watchdog& watchdog() {
  static auto* instance = new Watchdog();  // never destroyed: its thread outlives main
  return *instance;
}

}  // namespace

CancelOnSignal::CancelOnSignal(PqxxConnection& conn) : conn_(conn) {
  Watchdog& w = watchdog();
  std::lock_guard<std::mutex> lock(w.mutex);
  w.active.insert(&conn_);
}

CancelOnSignal::~CancelOnSignal() noexcept {
  Watchdog& w = watchdog();
  std::lock_guard<std::mutex> lock(w.mutex);
  w.active.erase(&conn_);
  w.cancelled.erase(&conn_);
}

}  // namespace dt::db
