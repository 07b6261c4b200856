#include "util/digest.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/fd.hpp"

namespace dt::digest {
namespace {

// One EVP digest context, freed however the scope ends.
struct Context {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx{EVP_MD_CTX_new(), &EVP_MD_CTX_free};

  Context() {
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
      throw Error("cannot start a SHA-256 digest (OpenSSL)");
    }
  }
  void update(const void* data, std::size_t size) {
    if (EVP_DigestUpdate(ctx.get(), data, size) != 1) throw Error("SHA-256 digest failed");
  }
  std::string hex() {
    std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
    unsigned int size = 0;
    if (EVP_DigestFinal_ex(ctx.get(), out.data(), &size) != 1) {
      throw Error("SHA-256 digest failed");
    }
    std::string text;
    for (unsigned int i = 0; i < size; ++i) text += fmt::format("{:02x}", out.at(i));
    return text;
  }
};

}  // namespace

std::string sha256(std::string_view text) {
  Context c;
  c.update(text.data(), text.size());
  return c.hex();
}

std::string sha256_file(const std::filesystem::path& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd) {
    throw Error(
        fmt::format("cannot read '{}' for its digest: {}", path.string(), std::strerror(errno)));
  }
  Context c;
  std::array<char, 1 << 16> buffer{};
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      throw Error(
          fmt::format("cannot read '{}' for its digest: {}", path.string(), std::strerror(errno)));
    }
    if (n == 0) break;
    c.update(buffer.data(), static_cast<std::size_t>(n));
  }
  return c.hex();
}

}  // namespace dt::digest
