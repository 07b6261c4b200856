#include "util/signals.hpp"

#include <atomic>
#include <csignal>

#include "util/error.hpp"

namespace dt::signals {
namespace {

// Lock-free, so the handler may store into it.
std::atomic<int> g_pending{0};
static_assert(std::atomic<int>::is_always_lock_free);
std::atomic<bool> g_installed{false};

extern "C" void on_signal(int sig) {
  // Keep the first signal: it decides the exit status.
  int expected = 0;
  g_pending.compare_exchange_strong(expected, sig);
}

}  // namespace

void install() {
  if (g_installed.exchange(true)) return;
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  // SA_RESTART: a blocked read in a library must not fail with EINTR; our loops poll pending().
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

int pending() noexcept {
  return g_pending.load();
}

void throw_if_interrupted() {
  if (const int sig = pending(); sig != 0) throw Interrupted(sig);
}

void clear_for_tests() noexcept {
  g_pending.store(0);
}

}  // namespace dt::signals
