#include "util/redact.hpp"

#include <algorithm>
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

}  // namespace

void add_secret(std::string secret) {
  if (secret.size() < 4) return;
  Registry& reg = registry();
  std::lock_guard<std::mutex> lock(reg.mutex);
  if (std::find(reg.secrets.begin(), reg.secrets.end(), secret) != reg.secrets.end()) return;
  auto pos = std::find_if(reg.secrets.begin(), reg.secrets.end(),
                          [&](const std::string& s) { return s.size() < secret.size(); });
  reg.secrets.insert(pos, std::move(secret));
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
  return out;
}

}  // namespace dt::redact
