#pragma once
// SHA-256 (OpenSSL's libcrypto, which libpq already brings): content digests for what data-test
// keeps and later trusts (the released build cache).
#include <filesystem>
#include <string>
#include <string_view>

namespace dt::digest {

// The lowercase hex SHA-256 of text.
std::string sha256(std::string_view text);
// The lowercase hex SHA-256 of the regular file at path, read without following a symlink.
// Throws dt::Error (naming the path) when it cannot be read.
std::string sha256_file(const std::filesystem::path& path);

}  // namespace dt::digest
