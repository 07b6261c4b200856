#pragma once
// A process-wide list of secrets (passwords, copied API keys) that must never be printed.
// Every line the harness prints or writes to a log passes through scrub().
#include <string>
#include <string_view>

namespace dt::redact {

// Registers a secret; empty strings and strings shorter than 4 bytes are ignored
// (they would redact ordinary text).
void add_secret(std::string secret);
// Returns text with every registered secret replaced by "********".
std::string scrub(std::string_view text);

}  // namespace dt::redact
