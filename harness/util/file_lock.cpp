// The flocks data-test takes: a work dir's run lock (try_lock) and the lock around an update of a
// directory's marker (lock_dir). Declared in util/file.hpp.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/file.hpp"

namespace dt::file {

namespace fs = std::filesystem;

Fd try_lock(const fs::path& path) {
  Fd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd) {
    throw Error(
        fmt::format("cannot open the lock file '{}': {}", path.string(), std::strerror(errno)));
  }
  while (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno == EINTR) continue;
    if (errno == EWOULDBLOCK) return Fd();
    throw Error(fmt::format("cannot lock '{}': {}", path.string(), std::strerror(errno)));
  }
  return fd;
}

Fd lock_dir(const fs::path& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd) {
    throw Error(fmt::format("cannot open '{}' to lock it: {}", dir.string(), std::strerror(errno)));
  }
  while (::flock(fd.get(), LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    throw Error(fmt::format("cannot lock '{}': {}", dir.string(), std::strerror(errno)));
  }
  return fd;
}

}  // namespace dt::file
