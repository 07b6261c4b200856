#include "util/text.hpp"

#include <fmt/format.h>

#include "util/redact.hpp"

namespace dt::text {

void Fnv1a64::add(std::string_view bytes) {
  for (unsigned char c : bytes) {
    hash_ ^= c;
    hash_ *= 0x100000001b3ULL;
  }
}

void Fnv1a64::field(std::string_view bytes) {
  add(std::to_string(bytes.size()));
  add(":");
  add(bytes);
}

std::string Fnv1a64::hex() const {
  return fmt::format("{:016x}", hash_);
}

std::uint64_t fnv1a64(std::string_view bytes) {
  Fnv1a64 hash;
  hash.add(bytes);
  return hash.value();
}

std::string first_line(std::string_view text) {
  std::string line(text.substr(0, text.find('\n')));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

std::string message_line(std::string_view text) {
  return redact::scrub(first_line(text));
}

}  // namespace dt::text
