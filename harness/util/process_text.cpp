// The text side of child processes: progress lines, exit statuses and command lines.
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/process.hpp"
#include "util/redact.hpp"
#include "util/text.hpp"

namespace dt::process {
namespace {

bool needs_quotes(const std::string& arg) {
  if (arg.empty()) return true;
  for (const char c : arg) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       std::strchr("_@%+=:,./-", c) != nullptr;
    if (!plain) return true;
  }
  return false;
}

}  // namespace

std::chrono::seconds parse_heartbeat_seconds(const char* value) {
  constexpr long long kMax = 86400;
  if (value == nullptr || *value == '\0') return std::chrono::seconds(60);
  char* end = nullptr;
  errno = 0;
  const long long n = std::strtoll(value, &end, 10);
  // strtoll takes leading blanks and a sign: only digits are a number of seconds here.
  if (errno != 0 || *end != '\0' || !std::isdigit(static_cast<unsigned char>(*value)) || n < 1 ||
      n > kMax) {
    throw Error(fmt::format(
        "DATA_TEST_HEARTBEAT_SECONDS='{}' is not a whole number of seconds from 1 to {}; fix or "
        "unset it",
        text::printable(value), kMax));
  }
  return std::chrono::seconds(n);
}

std::chrono::seconds heartbeat_interval() {
  return parse_heartbeat_seconds(std::getenv("DATA_TEST_HEARTBEAT_SECONDS"));
}

std::string format_elapsed(std::chrono::seconds elapsed) {
  const long long total = elapsed.count() < 0 ? 0 : static_cast<long long>(elapsed.count());
  const long long h = total / 3600, m = (total % 3600) / 60, s = total % 60;
  if (h > 0) return fmt::format("{}h {}m {}s", h, m, s);
  if (m > 0) return fmt::format("{}m {}s", m, s);
  return fmt::format("{}s", s);
}

std::string describe_status(int status) {
  if (status <= 128 || status >= 128 + 65) return fmt::format("exit {}", status);
  const int sig = status - 128;
  const char* abbrev = sigabbrev_np(sig);
  return fmt::format("killed by signal {} ({}{}), exit {}", sig, abbrev ? "SIG" : "",
                     abbrev ? abbrev : "unknown", status);
}

std::string quote(const std::string& arg) {
  if (!needs_quotes(arg)) return arg;
  std::string out = "'";
  for (const char c : arg) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string display(const std::vector<std::string>& argv) {
  std::string out;
  for (const std::string& arg : argv) {
    if (!out.empty()) out += ' ';
    out += quote(arg);
  }
  return redact::scrub(out);
}

}  // namespace dt::process
