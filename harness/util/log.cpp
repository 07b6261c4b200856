#include "util/log.hpp"

#include <unistd.h>

#include <atomic>
#include <mutex>
#include <string>

#include "util/redact.hpp"

namespace dt::log {
namespace {

std::atomic<bool> g_quiet{false};
std::atomic<bool> g_colour{false};

// One lock for all levels, so that lines from several threads never interleave.
std::mutex& log_mutex() {
  static std::mutex m;
  return m;
}

void emit(std::string_view level, std::string_view msg) noexcept {
  try {
    std::string line = "data-test: ";
    line += level;
    line += redact::scrub(msg);
    line += '\n';
    std::lock_guard<std::mutex> lock(log_mutex());
    // write(2), not stdio: no buffer to lose, and EPIPE/EIO (a closed terminal) just drop it.
    std::size_t done = 0;
    while (done < line.size()) {
      const ssize_t n = ::write(2, line.data() + done, line.size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
  } catch (...) {
    // Out of memory while formatting a message: nothing sensible is left to report it with.
  }
}

}  // namespace

void info(std::string_view msg) noexcept {
  if (!g_quiet.load()) emit("", msg);
}
void milestone(std::string_view msg) noexcept {
  emit("", msg);
}
void warn(std::string_view msg) noexcept {
  emit(g_colour.load() ? "\033[33mwarning:\033[0m " : "warning: ", msg);
}
void error(std::string_view msg) noexcept {
  emit(g_colour.load() ? "\033[1;31merror:\033[0m " : "error: ", msg);
}
void set_colour(bool colour) noexcept {
  g_colour.store(colour);
}
void set_quiet(bool quiet) noexcept {
  g_quiet.store(quiet);
}

}  // namespace dt::log
