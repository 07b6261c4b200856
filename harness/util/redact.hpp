#pragma once
// A process-wide list of secrets (passwords, copied API keys) that must never be printed.
// Every line the harness prints or writes to a log passes through scrub().
#include <string>
#include <string_view>

namespace dt::redact {

// Registers a secret, and each way a URL may percent-encode it; empty strings and strings
// shorter than 4 bytes are ignored (they would redact ordinary text).
void add_secret(std::string secret);
// Returns text with every registered secret replaced by "********", and the password of every
// "scheme://user:password@" URL in it masked the same way.
std::string scrub(std::string_view text);
// Forgets every registered secret: for a process that runs several independent jobs one after
// another (the unit tests), so that one job's secrets do not mask the next one's output.
void forget_secrets() noexcept;
// The process's memory holds the secrets: no core file (RLIMIT_CORE 0) and not dumpable
// (PR_SET_DUMPABLE 0: no ptrace or /proc/<pid>/mem by another process of the same user).
void protect_process() noexcept;

}  // namespace dt::redact
