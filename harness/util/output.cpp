#include "util/output.hpp"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <mutex>

namespace dt::output {
namespace {

std::atomic<bool> g_closed{false};

std::mutex& out_mutex() {
  static std::mutex m;
  return m;
}

}  // namespace

bool print(std::string_view text) noexcept {
  if (g_closed.load()) return false;
  std::lock_guard<std::mutex> lock(out_mutex());
  // GoogleTest writes through stdio: flush its buffer first so the order on the terminal holds.
  std::fflush(stdout);
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(1, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      g_closed.store(true);
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

bool closed() noexcept {
  return g_closed.load();
}

}  // namespace dt::output
