#include "core/work_dir.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "util/confined.hpp"
#include "util/error.hpp"
#include "util/json.hpp"

namespace dt {
namespace {

namespace fs = std::filesystem;

}  // namespace

WorkDir::WorkDir(fs::path path)
    : path_(std::move(path)),
      records_(path_, MarkerSpec{kMarker, "data-test work dir", "work dir", "--work-dir",
                                 "pass --work-dir with a new or empty directory"}) {}

bool WorkDir::is_own_name(std::string_view name) {
  static constexpr std::array<std::string_view, 17> kOwn{
      kMarker,        kLock,     "report.md",     "report.json", "report.html",  "state.json",
      "listing.json", "bin",     "logs",          "config",      "released-src", "new-src",
      "lost",         "changed", "progress.json", "bisect",      "bisect.json"};
  return std::find(kOwn.begin(), kOwn.end(), name) != kOwn.end();
}

Fd WorkDir::lock() const {
  Fd held = file::try_lock(path_ / kLock);
  if (!held) {
    throw Error(fmt::format(
        "work dir '{}' is in use by another data-test run; wait for it to finish, or pass "
        "another --work-dir",
        path_.string()));
  }
  return held;
}

WorkDir WorkDir::create_default(const std::string& prefix) {
  WorkDir dir(file::canonical(file::make_temp_dir(file::temp_dir(), prefix + "-")));
  confined::check_own_directory(dir.path_, "work dir", "--work-dir", false);
  confined::add_root(dir.path_, "work dir", "--work-dir");
  dir.records_.save();  // no symlink followed: also the proof that the directory can be written
  return dir;
}

WorkDir WorkDir::open(const fs::path& requested) {
  try {
    return open_checked(file::absolute(requested));
  } catch (const Error& e) {
    // One line that says which flag to fix, whatever failed underneath; a message that names
    // the work dir and its fix already stays as it is.
    if (e.cause() == Cause::input) throw;
    throw Error(
        fmt::format("work dir '{}' cannot be written ({}); pass --work-dir with a "
                    "writable directory",
                    requested.string(), e.what()));
  }
}

WorkDir WorkDir::open_checked(const fs::path& path) {
  const file::Kind kind = file::kind(path);
  if (kind == file::Kind::missing) {
    file::create_directories(path, 0700);
  } else if (!file::is_directory(path)) {
    throw Error(fmt::format("work dir '{}' exists and is not a directory; pass --work-dir with "
                            "a new or empty directory",
                            path.string()),
                Cause::input);
  }
  // Another user's directory, or one others may write to, could be changed under the run (its
  // marker forged, a binary swapped between the build and the steps).
  confined::check_own_directory(path, "work dir", "--work-dir", false);
  WorkDir dir(file::canonical(path));
  const fs::path marker = dir.path_ / kMarker;
  confined::add_root(dir.path_, "work dir", "--work-dir");
  if (file::kind(marker) == file::Kind::regular) {
    dir.records_.load();
    dir.records_.save();  // proves the directory is still writable, without following a symlink
  } else if (file::is_empty_directory(dir.path_)) {
    dir.records_.save();
  } else {
    throw Error(
        fmt::format(
            "work dir '{}' holds files data-test did not write (no {} marker); refusing to write "
            "there: pass --work-dir with a new or empty directory",
            dir.path_.string(), kMarker),
        Cause::input);
  }
  return dir;
}

}  // namespace dt
