#pragma once
// What every fuzz target shares: a property that does not hold stops the run with a message
// (libFuzzer then saves the input), and the input split into NUL-separated parts.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace dt::fuzz {

// Stops the process when ok is false: libFuzzer reports the crash and saves the input.
inline void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz property violated: %s\n", what);
    std::abort();
  }
}

// The input as text.
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// The input split at each NUL byte (so a part holds any other byte).
inline std::vector<std::string> parts(std::string_view text) {
  std::vector<std::string> out(1);
  for (const char c : text) {
    if (c == '\0') {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

}  // namespace dt::fuzz
