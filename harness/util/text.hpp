#pragma once
// Small text helpers shared by the modules: a stable hash and one-line messages.
#include <cstdint>
#include <string>
#include <string_view>

namespace dt::text {

// FNV-1a, 64 bit: the same value in every run and on every host (fingerprints, lock keys,
// name suffixes). Not cryptographic.
class Fnv1a64 {
 public:
  // Adds raw bytes.
  void add(std::string_view bytes);
  // Adds a length-prefixed field, so that field boundaries cannot shift between inputs.
  void field(std::string_view bytes);
  std::uint64_t value() const { return hash_; }
  // 16 lowercase hex digits.
  std::string hex() const;

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

// FNV-1a 64 of bytes.
std::uint64_t fnv1a64(std::string_view bytes);

// The first line of text without trailing CR or spaces.
std::string first_line(std::string_view text);
// first_line, scrubbed of secrets: for messages that quote another program's error.
std::string message_line(std::string_view text);

}  // namespace dt::text
