#pragma once
// Small text helpers shared by the modules: a stable hash, one-line messages, UTF-8 checks,
// lists of names.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

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

// The first line of text without trailing CR or spaces. Not scrubbed.
std::string first_line(std::string_view text);
// first_line with every registered secret masked: for messages quoting another program's error.
std::string scrubbed_first_line(std::string_view text);

// text with ASCII letters in lower case (other bytes unchanged): for case-blind matching.
std::string lower(std::string_view text);

// True when text is well-formed UTF-8.
bool is_valid_utf8(std::string_view text);
// text unchanged when it is valid UTF-8; otherwise each byte of an invalid sequence becomes
// "\xNN", so that any bytes can go into JSON and Markdown and still be told apart.
std::string escape_utf8(std::string_view text);
// True when text holds a NUL or another control character (below 0x20, or 0x7f).
bool has_control_char(std::string_view text);
// text for a one-line message: control characters as "\xNN", invalid UTF-8 escaped.
std::string printable(std::string_view text);

// items joined by separator ("a, b, c"). A separator goes in only after non-empty output, so
// empty items at the start add none.
std::string join(const std::vector<std::string>& items, std::string_view separator = ", ");
// True when list holds an element equal to item.
bool contains(const std::vector<std::string>& list, const std::string& item);
// An ASCII letter, digit or '_': a character of a placeholder or profile name.
bool is_ident_char(char c);

}  // namespace dt::text
