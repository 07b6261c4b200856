#include "util/redact.hpp"

#include <sys/prctl.h>
#include <sys/resource.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <vector>

namespace dt::redact {
namespace {

constexpr std::string_view kMask = "********";

struct Registry {
  std::mutex mutex;
  std::vector<std::string> secrets;  // longest first, so a secret containing another goes first
};

Registry& registry() {
  static Registry instance;
  return instance;
}

bool unreserved(unsigned char c) {
  return std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~';
}

// secret as a URL writes it: every byte but RFC 3986's unreserved ones as %XX, in upper or
// lower case hex; with `plus`, a space as '+' (HTML forms).
std::string percent_encoded(std::string_view secret, bool upper, bool plus) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out;
  for (const char ch : secret) {
    const auto c = static_cast<unsigned char>(ch);
    if (unreserved(c)) {
      out += ch;
    } else if (plus && c == ' ') {
      out += '+';
    } else {
      out += {'%', digits[c >> 4], digits[c & 15]};
    }
  }
  return out;
}

void insert(Registry& reg, std::string secret) {
  if (std::find(reg.secrets.begin(), reg.secrets.end(), secret) != reg.secrets.end()) return;
  auto pos = std::find_if(reg.secrets.begin(), reg.secrets.end(),
                          [&](const std::string& s) { return s.size() < secret.size(); });
  reg.secrets.insert(pos, std::move(secret));
}

// The password of every "scheme://user:password@" in out, masked whether registered or not: a
// URL may write it with escapes no encoding above produced.
void mask_url_passwords(std::string& out) {
  for (auto scheme = out.find("://"); scheme != std::string::npos;
       scheme = out.find("://", scheme + 3)) {
    const auto start = scheme + 3;
    const auto end = out.find_first_of("@/?# \t\n\"'", start);
    if (end == std::string::npos || out[end] != '@') continue;
    const auto colon = out.find(':', start);
    if (colon == std::string::npos || colon >= end || colon + 1 == end) continue;
    // Already masked (this mask, or repo_url's "***"): left as it is.
    if (out.find_first_not_of('*', colon + 1) >= end) continue;
    out.replace(colon + 1, end - colon - 1, kMask);
  }
}

}  // namespace

void forget_secrets() noexcept {
  Registry& reg = registry();
  std::lock_guard<std::mutex> lock(reg.mutex);
  reg.secrets.clear();
}

void add_secret(std::string secret) {
  if (secret.size() < 4) return;
  Registry& reg = registry();
  std::lock_guard<std::mutex> lock(reg.mutex);
  for (const bool upper : {true, false}) {
    for (const bool plus : {false, true}) insert(reg, percent_encoded(secret, upper, plus));
  }
  insert(reg, std::move(secret));
}

std::string scrub(std::string_view text) {
  std::string out(text);
  Registry& reg = registry();
  std::lock_guard<std::mutex> lock(reg.mutex);
  for (const std::string& secret : reg.secrets) {
    std::string::size_type pos = 0;
    while ((pos = out.find(secret, pos)) != std::string::npos) {
      out.replace(pos, secret.size(), kMask);
      pos += kMask.size();
    }
  }
  mask_url_passwords(out);
  return out;
}

void protect_process() noexcept {
  const rlimit none{0, 0};
  ::setrlimit(RLIMIT_CORE, &none);
  ::prctl(PR_SET_DUMPABLE, 0);
}

}  // namespace dt::redact
