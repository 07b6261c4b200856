#include "util/signals.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstring>
#include <mutex>

#include "util/error.hpp"
#include "util/redact.hpp"

namespace dt::signals {
namespace {

// Lock-free, so the handler may use them.
std::atomic<int> g_pending{0};
static_assert(std::atomic<int>::is_always_lock_free);
std::atomic<bool> g_installed{false};
std::atomic<int> g_shields{0};

// What the run waits for, as a ready-made line: two buffers, the handler reads the one `g_line`
// names while the main thread fills the other.
constexpr std::size_t kLine = 512;
char g_lines[2][kLine];
std::atomic<int> g_line{-1};  // -1: nothing to say
std::mutex g_set_mutex;
std::string g_current;  // the text behind the current line (for nesting)

void set_line(const std::string& what) noexcept {
  std::lock_guard<std::mutex> lock(g_set_mutex);
  g_current = what;
  if (what.empty()) {
    g_line.store(-1);
    return;
  }
  const int next = g_line.load() == 0 ? 1 : 0;
  static constexpr char kHead[] = "data-test: stopping; waiting for ";
  std::size_t n = 0;
  for (const char* p = kHead; *p != '\0' && n < kLine - 2; ++p) g_lines[next][n++] = *p;
  for (const char c : what) {
    if (n >= kLine - 2) break;
    g_lines[next][n++] = c == '\n' ? ' ' : c;
  }
  g_lines[next][n++] = '\n';
  g_lines[next][n] = '\0';
  g_line.store(next);
}

extern "C" void on_signal(int sig) {
  // Keep the first signal: it decides the exit status. A later one says what we wait for.
  int expected = 0;
  if (g_pending.compare_exchange_strong(expected, sig)) return;
  const int line = g_line.load();
  const char* text = line < 0 ? "data-test: stopping; cleaning up\n" : g_lines[line];
  (void)!::write(2, text, std::strlen(text));
}

}  // namespace

void install() {
  if (g_installed.exchange(true)) return;
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  // SA_RESTART: a blocked read in a library must not fail with EINTR; our loops poll pending().
  action.sa_flags = SA_RESTART;
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &action, nullptr);
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  sigaction(SIGPIPE, &ignore, nullptr);
}

int pending() noexcept {
  return g_pending.load();
}

int interrupting() noexcept {
  return g_shields.load() > 0 ? 0 : g_pending.load();
}

void throw_if_interrupted() {
  if (const int sig = interrupting(); sig != 0) throw Interrupted(sig);
}

Shield::Shield() noexcept {
  g_shields.fetch_add(1);
}

Shield::~Shield() noexcept {
  g_shields.fetch_sub(1);
}

void clear_for_tests() noexcept {
  g_pending.store(0);
}

WaitingFor::WaitingFor(std::string_view what) noexcept {
  try {
    {
      std::lock_guard<std::mutex> lock(g_set_mutex);
      previous_ = g_current;
    }
    set_line(redact::scrub(what));
  } catch (...) {
    // Out of memory: the second signal then says less; nothing else depends on it.
  }
}

WaitingFor::~WaitingFor() noexcept {
  set_line(previous_);
}

}  // namespace dt::signals
