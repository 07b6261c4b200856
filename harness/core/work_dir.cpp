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
constexpr std::string_view kMagic = "data-test work dir";

}  // namespace

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
  dir.load_or_create_marker(true);
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
    confined::check_own_file(marker, "work dir", "--work-dir");
    dir.load_or_create_marker(false);
  } else if (file::is_empty_directory(dir.path_)) {
    dir.load_or_create_marker(true);
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

void WorkDir::load_or_create_marker(bool create) {
  const fs::path marker = path_ / kMarker;
  if (create) {
    // O_EXCL and no symlink: also the proof that the directory can be written.
    save();
    return;
  }
  std::string text;
  try {
    text = file::read_text(marker, "work dir marker");
  } catch (const Error& e) {
    throw Error(e.what(), Cause::input);  // it names the marker: that is the operator's fix
  }
  const json::Json doc =
      json::parse(text, marker.string(), "delete the marker file or choose another --work-dir");
  if (!doc.is_object() || doc.value("magic", "") != kMagic) {
    throw Error(fmt::format("work dir marker '{}' was not written by data-test; choose another "
                            "--work-dir",
                            marker.string()),
                Cause::input);
  }
  if (doc.contains("made") && doc["made"].is_object()) {
    for (const auto& [key, value] : doc["made"].items()) {
      if (!value.is_array() || value.size() != 2 || !value[0].is_number_unsigned() ||
          !value[1].is_number_unsigned()) {
        continue;
      }
      made_[key] = file::Identity{value[0].get<dev_t>(), value[1].get<ino_t>()};
    }
  }
  save();  // proves the directory is still writable, without following a symlink
}

void WorkDir::save() const {
  json::Json doc;
  doc["magic"] = std::string(kMagic);
  doc["made"] = json::Json::object();
  for (const auto& [key, id] : made_) doc["made"][key] = {id.dev, id.ino};
  file::write_atomic_private(path_ / kMarker, json::dump(doc));
}

std::string WorkDir::key(const fs::path& target) const {
  const fs::path rel = file::absolute(target).lexically_relative(path_);
  if (rel.empty() || *rel.begin() == "..") {
    throw Error(fmt::format("internal error: '{}' is not inside the work dir '{}'", target.string(),
                            path_.string()));
  }
  return rel.generic_string();
}

void WorkDir::record(const fs::path& target) {
  const auto id = file::identity(target);
  if (!id) throw Error(fmt::format("cannot record '{}': it does not exist", target.string()));
  made_[key(target)] = *id;
  save();
}

std::optional<reclaim::Made> WorkDir::made(const fs::path& target) const {
  const auto it = made_.find(key(target));
  if (it == made_.end()) return std::nullopt;
  return reclaim::Made{path_, path_ / it->first, it->second};
}

std::vector<fs::path> WorkDir::made_under(const fs::path& dir) const {
  const std::string prefix = key(dir) + "/";
  std::vector<fs::path> out;
  for (auto it = made_.lower_bound(prefix); it != made_.end() && it->first.rfind(prefix, 0) == 0;
       ++it) {
    out.push_back(path_ / it->first);
  }
  return out;
}

void WorkDir::forget(const fs::path& target) {
  if (made_.erase(key(target)) != 0) save();
}

}  // namespace dt
