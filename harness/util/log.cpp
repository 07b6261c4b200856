#include "util/log.hpp"

#include <cstdio>
#include <mutex>
#include <string>

#include <fmt/core.h>

#include "util/redact.hpp"

namespace dt::log {
namespace {

// One lock for all levels, so that lines from several threads never interleave.
std::mutex& log_mutex() {
  static std::mutex m;
  return m;
}

void emit(std::string_view level, std::string_view msg) {
  const std::string text = redact::scrub(msg);
  std::lock_guard<std::mutex> lock(log_mutex());
  fmt::print(stderr, "data-test: {}{}\n", level, text);
  std::fflush(stderr);
}

}  // namespace

void info(std::string_view msg) {
  emit("", msg);
}
void warn(std::string_view msg) {
  emit("warning: ", msg);
}
void error(std::string_view msg) {
  emit("error: ", msg);
}

}  // namespace dt::log
