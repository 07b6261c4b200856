#include "core/cache_dir.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "util/confined.hpp"
#include "util/error.hpp"

namespace dt {
namespace {

namespace fs = std::filesystem;
constexpr std::string_view kFix = "pass --cache-dir with a new or empty directory (or --fresh)";

[[noreturn]] void refuse(const fs::path& path, std::string_view why) {
  throw Error(fmt::format("cache dir '{}' {}; {}", path.string(), why, kFix));
}

MadeRecords records_of(const fs::path& path) {
  return MadeRecords(
      path, MarkerSpec{CacheDir::kMarker, "data-test cache dir", "cache dir", "--cache-dir", kFix});
}

}  // namespace

CacheDir::CacheDir(fs::path path) : path_(std::move(path)), records_(records_of(path_)) {}

fs::path CacheDir::default_path() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg != nullptr && fs::path(xdg).is_absolute()) return fs::path(xdg) / "data-test";
  const char* home = std::getenv("HOME");
  if (home != nullptr && fs::path(home).is_absolute()) {
    return fs::path(home) / ".cache" / "data-test";
  }
  return {};
}

void CacheDir::check(const fs::path& path) {
  const fs::path abs = file::absolute(path);
  switch (file::kind(abs)) {
    case file::Kind::missing:
      return;
    case file::Kind::symlink:
      refuse(abs, "is a symlink (data-test never follows one there)");
    case file::Kind::directory:
      break;
    default:
      refuse(abs, "exists and is not a directory");
  }
  const fs::path marker = abs / kMarker;
  if (file::kind(marker) == file::Kind::regular) {
    records_of(abs).load();  // refuses a marker that is no proof, keeping nothing
    // What data-test runs from here (a cached build) must be what it stored: only this user
    // may write anywhere below, and nobody else may read it (it holds snapshots' logs).
    confined::check_own_directory(abs, "cache dir", "--cache-dir", true);
    confined::check_own_tree(abs, "cache dir", "--cache-dir");
    return;
  }
  if (!file::is_empty_directory(abs)) {
    refuse(abs, fmt::format("holds files data-test did not write (no {} marker)", kMarker));
  }
  // An empty directory of ours that nobody else can add to is adopted, and made 0700 by open.
  confined::check_own_directory(abs, "cache dir", "--cache-dir", false);
}

CacheDir CacheDir::open(const fs::path& path) {
  check(path);
  const fs::path abs = file::absolute(path);
  if (file::kind(abs) == file::Kind::missing) file::create_directories(abs, 0700);
  CacheDir dir(abs);
  if (file::kind(abs / kMarker) == file::Kind::regular) {
    dir.records_.load();
  } else {
    // Adopts the empty directory: private first, then the marker (O_NOFOLLOW also proves it can
    // be written).
    if (::chmod(abs.c_str(), 0700) != 0) {
      throw Error(
          fmt::format("cannot make the cache dir '{}' private: {}; pass another --cache-dir",
                      abs.string(), std::strerror(errno)));
    }
    confined::check_own_directory(abs, "cache dir", "--cache-dir", true);
    dir.records_.save();
  }
  confined::add_root(abs, "cache dir", "--cache-dir");
  return dir;
}

}  // namespace dt
