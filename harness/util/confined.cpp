#include "util/confined.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/fd.hpp"
#include "util/file.hpp"

namespace dt::confined {
namespace {

namespace fs = std::filesystem;

struct Root {
  fs::path path;
  std::string what;
  std::string flag;
};

std::mutex& roots_mutex() {
  static std::mutex m;
  return m;
}

std::vector<Root>& roots() {
  static std::vector<Root> r;
  return r;
}

// The registered root holding path (the innermost one), if any.
std::optional<Root> root_of(const fs::path& path) {
  std::lock_guard<std::mutex> lock(roots_mutex());
  std::optional<Root> best;
  for (const Root& r : roots()) {
    const fs::path rel = path.lexically_relative(r.path);
    if (rel.empty() || *rel.begin() == "..") continue;
    if (!best || r.path.string().size() > best->path.string().size()) best = r;
  }
  return best;
}

std::string mode_text(mode_t mode) {
  return fmt::format("{:04o}", mode & 07777);
}

// What is wrong with an entry of ours, or "" when nothing is. Directories must not be writable
// by group or others; private_only: not open to them at all.
std::string problem(const struct stat& st, bool private_only) {
  if (S_ISLNK(st.st_mode)) return "is a symlink (data-test never follows one there)";
  if (st.st_uid != ::geteuid()) {
    return fmt::format("is owned by uid {}, not by you (uid {})", st.st_uid, ::geteuid());
  }
  if (private_only && (st.st_mode & 077) != 0) {
    return fmt::format("is open to group or others (mode {}); run chmod 700 on it",
                       mode_text(st.st_mode));
  }
  if ((st.st_mode & 022) != 0) {
    return fmt::format("is writable by group or others (mode {}); run chmod go-w on it",
                       mode_text(st.st_mode));
  }
  return "";
}

[[noreturn]] void refuse(const fs::path& path, std::string_view what, std::string_view flag,
                         const std::string& why, bool is_root) {
  if (is_root) {
    throw Error(fmt::format("{} '{}' {}, or pass another {}", what, path.string(), why, flag),
                Cause::input);
  }
  throw Error(fmt::format("'{}' in the {} {}; remove it, or pass another {}", path.string(), what,
                          why, flag),
              Cause::input);
}

// One entry data-test trusts: of `type` (S_IFDIR or S_IFREG; a symlink is refused as one),
// this user's, closed to others' writes (private_only: to them at all). The root itself is
// named as the flag's value; an entry below it by its path.
void check_own(const fs::path& path, std::string_view what, std::string_view flag, mode_t type,
               bool private_only) {
  const bool is_root = type == S_IFDIR;
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    throw Error(fmt::format("cannot inspect the {} '{}': {}; pass another {}", what, path.string(),
                            std::strerror(errno), flag),
                Cause::input);
  }
  if (!S_ISLNK(st.st_mode) && (st.st_mode & S_IFMT) != type) {
    refuse(path, what, flag, is_root ? "exists and is not a directory" : "is not a regular file",
           is_root);
  }
  const std::string why = problem(st, private_only);
  if (!why.empty()) refuse(path, what, flag, why, is_root);
}

}  // namespace

void add_root(const fs::path& root, std::string_view what, std::string_view flag) {
  std::lock_guard<std::mutex> lock(roots_mutex());
  roots().push_back(Root{root.lexically_normal(), std::string(what), std::string(flag)});
}

bool create_directories(const fs::path& path, mode_t mode) {
  const fs::path target = path.lexically_normal();
  const auto root = root_of(target);
  if (!root) return false;
  Fd dir(::open(root->path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir) {
    throw Error(fmt::format("cannot open the {} '{}': {}; pass another {}", root->what,
                            root->path.string(), std::strerror(errno), root->flag),
                Cause::input);
  }
  fs::path walked = root->path;
  for (const fs::path& part : target.lexically_relative(root->path)) {
    if (part == "." || part.empty()) continue;
    walked /= part;
    if (::mkdirat(dir.get(), part.c_str(), mode) != 0 && errno != EEXIST) {
      throw Error(fmt::format("cannot create the directory '{}': {}; pass another {}",
                              walked.string(), std::strerror(errno), root->flag));
    }
    Fd next(::openat(dir.get(), part.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    struct stat st {};
    if (!next) {
      const int err = errno;
      if (::fstatat(dir.get(), part.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
          S_ISLNK(st.st_mode)) {
        refuse(walked, root->what, root->flag, problem(st, false), false);
      }
      throw Error(fmt::format("cannot enter '{}': {}; remove it, or pass another {}",
                              walked.string(), std::strerror(err), root->flag));
    }
    if (::fstat(next.get(), &st) != 0 || st.st_uid != ::geteuid() || (st.st_mode & 022) != 0) {
      refuse(walked, root->what, root->flag, problem(st, false), false);
    }
    dir = std::move(next);
  }
  return true;
}

void check_own_directory(const fs::path& path, std::string_view what, std::string_view flag,
                         bool private_only) {
  check_own(path, what, flag, S_IFDIR, private_only);
}

void check_own_file(const fs::path& path, std::string_view what, std::string_view flag) {
  check_own(path, what, flag, S_IFREG, false);
}

std::string read_own_file(const fs::path& path, std::string_view what, std::string_view flag) {
  // O_NONBLOCK: a FIFO put there is refused below, not waited on.
  Fd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  struct stat st {};
  if (!fd || ::fstat(fd.get(), &st) != 0) {
    const int err = errno;
    check_own_file(path, what, flag);  // names a symlink, or why it cannot be inspected
    throw Error(fmt::format("cannot read the {} '{}': {}; pass another {}", what, path.string(),
                            std::strerror(err), flag),
                Cause::input);
  }
  if (!S_ISREG(st.st_mode)) refuse(path, what, flag, "is not a regular file", false);
  const std::string why = problem(st, false);
  if (!why.empty()) refuse(path, what, flag, why, false);
  try {
    return file::read_all(fd, path, fmt::format("the {}'s file", what));
  } catch (const Error& e) {
    throw Error(e.what(), Cause::input);
  }
}

void check_own_tree(const fs::path& root, std::string_view what, std::string_view flag) {
  std::error_code ec;
  // Never follows a symlink (the iterator's default); each entry is judged by lstat.
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    struct stat st {};
    if (::lstat(it->path().c_str(), &st) != 0) continue;  // gone since listed
    const std::string why = problem(st, false);
    if (!why.empty()) refuse(it->path(), what, flag, why, false);
  }
  if (ec) {
    throw Error(fmt::format("cannot list the {} '{}': {}; pass another {}", what, root.string(),
                            ec.message(), flag),
                Cause::input);
  }
}

}  // namespace dt::confined
