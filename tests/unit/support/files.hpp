#pragma once
// Files for unit tests: a fresh private directory removed when the test ends, directories made
// in it with a given mode, a file's text and mode read back, and one given to another user.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace dt::testing_support {

// A fresh directory under TMPDIR (mode 0700 from mkdtemp), removed with all it holds at the end.
class TempDir {
 public:
  explicit TempDir(const std::string& name = "dt-unit") {
    std::string pattern = (std::filesystem::temp_directory_path() / (name + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  // Makes `name` (and its parents) in the directory with `perms`, and returns its canonical path:
  // the one data-test resolves, so that tests compare paths as it does.
  std::filesystem::path subdir(
      const std::string& name,
      std::filesystem::perms perms = std::filesystem::perms::owner_all) const {
    std::filesystem::path dir = std::filesystem::canonical(path_) / name;
    std::filesystem::create_directories(dir);
    std::filesystem::permissions(dir, perms);
    return dir;
  }

 private:
  std::filesystem::path path_;
};

// The whole file, or "" when it cannot be read (a test then fails on the content).
inline std::string read_file(const std::filesystem::path& path) {
  std::string out;
  std::FILE* f = std::fopen(path.c_str(), "r");
  if (f == nullptr) return out;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  std::fclose(f);
  return out;
}

// The permission bits of path (symlinks followed), 0 when it cannot be read.
inline mode_t mode_of(const std::filesystem::path& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0;
}

// The uid and gid "nobody" has: a test running as root gives a file to another user with it.
inline constexpr uid_t kNobody = 65534;
// Gives path to kNobody (only root can); false when chown refuses.
inline bool give_to_nobody(const std::filesystem::path& path) {
  return ::chown(path.c_str(), kNobody, kNobody) == 0;
}

}  // namespace dt::testing_support
