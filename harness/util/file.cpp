#include "util/file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cstdlib>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <system_error>

#include <fmt/format.h>

#include "util/confined.hpp"
#include "util/error.hpp"

namespace dt::file {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(std::string_view verb, const fs::path& path, int err,
                       std::string_view fix = "check that its directory exists and is writable") {
  throw Error(fmt::format("cannot {} '{}': {}; {}", verb, path.string(), std::strerror(err), fix));
}

std::string random_suffix() {
  std::random_device device;
  return fmt::format("{:08x}", device());
}

Identity identity_of(const Fd& fd, const fs::path& path) {
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) fail("inspect", path, errno);
  return {st.st_dev, st.st_ino};
}

Identity write_new(const fs::path& path, std::string_view text, int flags) {
  Fd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOFOLLOW | flags, 0600));
  if (!fd) {
    if (errno == ELOOP) {
      throw Error(fmt::format(
          "refusing to write '{}': it is a symlink; remove it or choose another work dir",
          path.string()));
    }
    fail("write", path, errno);
  }
  // O_CREAT's mode does not apply to an existing file: tighten it before writing.
  if (::fchmod(fd.get(), 0600) != 0) fail("write", path, errno);
  write_all(fd, text, path);
  const Identity id = identity_of(fd, path);
  if (const int err = fd.close(); err != 0) fail("write", path, err);
  return id;
}

// The one-line error for a file that cannot be read (errno says why).
Error unreadable(const fs::path& path, std::string_view what) {
  return Error(fmt::format("{} '{}': cannot read ({}); check the path", what, path.string(),
                           std::strerror(errno)));
}

// Reads the open file fd to its end in chunks, each passed to chunk.
void read_fd_chunks(const Fd& fd, const fs::path& path, std::string_view what,
                    const std::function<void(std::string_view)>& chunk) {
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n == 0) return;
    if (n < 0) {
      if (errno == EINTR) continue;
      throw unreadable(path, what);
    }
    chunk(std::string_view(buffer, static_cast<std::size_t>(n)));
  }
}

// Reads the file in chunks, each passed to chunk; false when it does not exist.
bool read_chunks(const fs::path& path, std::string_view what,
                 const std::function<void(std::string_view)>& chunk) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    if (errno == ENOENT) return false;
    throw unreadable(path, what);
  }
  read_fd_chunks(fd, path, what, chunk);
  return true;
}

}  // namespace

Kind kind(const fs::path& path) noexcept {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return Kind::missing;
  if (S_ISLNK(st.st_mode)) return Kind::symlink;
  if (S_ISDIR(st.st_mode)) return Kind::directory;
  if (S_ISREG(st.st_mode)) return Kind::regular;
  return Kind::other;
}

std::optional<Identity> identity(const fs::path& path) noexcept {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return std::nullopt;
  return Identity{st.st_dev, st.st_ino};
}

std::optional<Version> version(const fs::path& path) noexcept {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  Version v;
  v.id = Identity{st.st_dev, st.st_ino};
  v.size = static_cast<long long>(st.st_size);
  v.mtime_ns = static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
  return v;
}

namespace {

// The text a read found, or the one-line error for a file that is not there.
std::string required(std::optional<std::string> text, const fs::path& path, std::string_view what) {
  if (!text) {
    throw Error(fmt::format("{} '{}': cannot read ({}); check the path", what, path.string(),
                            std::strerror(ENOENT)));
  }
  return std::move(*text);
}

}  // namespace

std::string read_text(const fs::path& path, std::string_view what) {
  return required(read_text_if_exists(path, what), path, what);
}

std::string read_all(const Fd& fd, const fs::path& path, std::string_view what) {
  std::string text;
  read_fd_chunks(fd, path, what, [&](std::string_view chunk) { text.append(chunk); });
  return text;
}

std::optional<std::string> read_text_if_exists(const fs::path& path, std::string_view what) {
  std::string text;
  if (!read_chunks(path, what, [&](std::string_view chunk) { text.append(chunk); })) {
    return std::nullopt;
  }
  return text;
}

std::optional<std::string> read_input_if_exists(const fs::path& path, std::string_view what) {
  std::string text;
  const bool found = read_chunks(path, what, [&](std::string_view chunk) {
    if (text.size() + chunk.size() > kMaxInputBytes) {
      throw Error(fmt::format("{} '{}' is larger than {} MiB, too large for a {}; check the path",
                              what, path.string(), kMaxInputBytes >> 20, what));
    }
    text.append(chunk);
  });
  if (!found) return std::nullopt;
  return text;
}

std::string read_input(const fs::path& path, std::string_view what) {
  return required(read_input_if_exists(path, what), path, what);
}

bool for_each_line(const fs::path& path, std::string_view what,
                   const std::function<void(std::string_view)>& line) {
  std::string pending;
  const bool found = read_chunks(path, what, [&](std::string_view chunk) {
    pending.append(chunk);
    std::size_t start = 0;
    for (auto nl = pending.find('\n'); nl != std::string::npos; nl = pending.find('\n', start)) {
      line(std::string_view(pending).substr(start, nl - start));
      start = nl + 1;
    }
    pending.erase(0, start);
    // A line longer than any log line data-test writes (they are cut at 64 KiB) is cut too.
    if (pending.size() >= (1u << 20)) {
      line(pending);
      pending.clear();
    }
  });
  if (!pending.empty()) line(pending);
  return found;
}

Identity write_private(const fs::path& path, std::string_view text) {
  return write_new(path, text, O_CREAT | O_TRUNC);
}

Identity create_private(const fs::path& path, std::string_view text) {
  return write_new(path, text, O_CREAT | O_EXCL);
}

void write_atomic_private(const fs::path& path, std::string_view text) {
  const fs::path temp =
      path.parent_path() / fmt::format(".{}.{}.tmp", path.filename().string(), random_suffix());
  write_new(temp, text, O_CREAT | O_EXCL);
  // On failure the temporary file stays (named after path): deleting is core/reclaim's job only.
  if (::rename(temp.c_str(), path.c_str()) != 0) fail("write", path, errno);
}

void copy_executable(const fs::path& from, const fs::path& to) {
  Fd in(::open(from.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!in) fail("read", from, errno, "check the path");
  const fs::path temp =
      to.parent_path() / fmt::format(".{}.{}.tmp", to.filename().string(), random_suffix());
  Fd out(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0700));
  if (!out) fail("write", temp, errno);
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(in.get(), buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("read", from, errno, "check the disk");
    }
    if (n == 0) break;
    write_all(out, std::string_view(buffer, static_cast<std::size_t>(n)), temp);
  }
  if (::fchmod(out.get(), 0700) != 0) fail("write", temp, errno);
  if (const int err = out.close(); err != 0) fail("write", temp, err);
  // On failure the temporary file stays (named after to): deleting is core/reclaim's job only.
  if (::rename(temp.c_str(), to.c_str()) != 0) fail("write", to, errno);
}

Fd open_append_private(const fs::path& path) {
  Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd) fail("write", path, errno);
  return fd;
}

void write_all(const Fd& fd, std::string_view text, const fs::path& path) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd.get(), text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("write", path, errno, errno == ENOSPC ? "free some disk space" : "check the disk");
    }
    done += static_cast<std::size_t>(n);
  }
}

void create_directories(const fs::path& path, mode_t mode) {
  // Inside the work dir or the cache dir: never through a symlink, only through our own.
  if (confined::create_directories(path, mode)) return;
  if (path.empty() || file::is_directory(path)) return;
  create_directories(path.parent_path(), 0755);
  if (::mkdir(path.c_str(), mode) != 0 && !(errno == EEXIST && file::is_directory(path))) {
    fail("create the directory", path, errno, "check the path and its permissions");
  }
}

fs::path make_temp_dir(const fs::path& parent, std::string_view prefix) {
  std::string pattern = (parent / fmt::format("{}XXXXXX", prefix)).string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    fail("create a directory in", parent, errno,
         "set TMPDIR or --work-dir to a writable directory");
  }
  return pattern;
}

bool is_directory(const fs::path& path) noexcept {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::vector<std::string> regular_files_below(const fs::path& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  // The iterator never follows a symlink; each entry is judged by lstat.
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const auto status = it->symlink_status();
    if (fs::is_directory(status)) continue;
    if (!fs::is_regular_file(status)) {
      throw Error(fmt::format("'{}' is not a regular file or a directory", it->path().string()));
    }
    files.push_back(it->path().lexically_relative(dir).generic_string());
  }
  if (ec) fail("list", dir, ec.value(), "check the path");
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::string> entry_names(const fs::path& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd) fail("list", dir, errno, "check that it is a directory, not a symlink");
  DIR* stream = ::fdopendir(fd.get());
  if (stream == nullptr) fail("list", dir, errno, "check the path");
  fd.release();  // the DIR owns it now
  std::vector<std::string> names;
  while (const dirent* entry = ::readdir(stream)) {
    if (std::strcmp(entry->d_name, ".") != 0 && std::strcmp(entry->d_name, "..") != 0) {
      names.emplace_back(entry->d_name);
    }
  }
  ::closedir(stream);
  std::sort(names.begin(), names.end());
  return names;
}

long long disk_usage(const fs::path& path) noexcept {
  struct stat top {};
  if (::lstat(path.c_str(), &top) != 0) return 0;
  long long bytes = static_cast<long long>(top.st_blocks) * 512;
  if (!S_ISDIR(top.st_mode)) return bytes;
  std::error_code ec;
  // The iterator never follows a symlink; each entry is counted by lstat (a hard link at each
  // of its names, as du -l counts it).
  for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    struct stat st {};
    if (::lstat(it->path().c_str(), &st) != 0) continue;
    if (st.st_dev != top.st_dev) {
      it.disable_recursion_pending();  // a mount below: not this entry's disk
      continue;
    }
    bytes += static_cast<long long>(st.st_blocks) * 512;
  }
  return bytes;
}

bool is_empty_directory(const fs::path& path) noexcept {
  DIR* dir = ::opendir(path.c_str());
  if (dir == nullptr) return false;
  bool empty = true;
  while (const dirent* entry = ::readdir(dir)) {
    if (std::strcmp(entry->d_name, ".") != 0 && std::strcmp(entry->d_name, "..") != 0) {
      empty = false;
      break;
    }
  }
  ::closedir(dir);
  return empty;
}

bool is_executable_file(const fs::path& path) noexcept {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

fs::path temp_dir() {
  const char* tmp = std::getenv("TMPDIR");
  return (tmp != nullptr && *tmp != '\0') ? fs::path(tmp) : fs::path("/tmp");
}

fs::path current_dir() {
  std::error_code ec;
  fs::path dir = fs::current_path(ec);
  if (ec) {
    throw Error(fmt::format("cannot read the current directory: {}; cd to an existing directory",
                            ec.message()));
  }
  return dir;
}

fs::path absolute(const fs::path& path) {
  if (path.empty()) return path;
  return (path.is_absolute() ? path : current_dir() / path).lexically_normal();
}

fs::path canonical(const fs::path& path) {
  std::error_code ec;
  fs::path out = fs::canonical(path, ec);
  if (ec) {
    throw Error(
        fmt::format("cannot resolve '{}': {}; check the path", path.string(), ec.message()));
  }
  return out;
}

bool lexically_within(const fs::path& inner, const fs::path& outer) {
  const fs::path rel = file::absolute(inner).lexically_relative(file::absolute(outer));
  return !rel.empty() && *rel.begin() != "..";
}

}  // namespace dt::file
