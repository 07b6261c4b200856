#include "core/cache_dir.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "util/confined.hpp"
#include "util/error.hpp"
#include "util/json.hpp"

namespace dt {
namespace {

namespace fs = std::filesystem;
constexpr std::string_view kMagic = "data-test cache dir";

[[noreturn]] void refuse(const fs::path& path, std::string_view why) {
  throw Error(
      fmt::format("cache dir '{}' {}; pass --cache-dir with a new or empty directory (or --fresh)",
                  path.string(), why));
}

}  // namespace

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
    const std::string text = file::read_text(marker, "cache dir marker");
    const json::Json doc = json::parse(text, marker.string(), "choose another --cache-dir");
    if (!doc.is_object() || doc.value("magic", "") != kMagic) {
      refuse(abs, fmt::format("has a {} marker data-test did not write", kMarker));
    }
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
    dir.load();
  } else {
    // Adopts the empty directory: private first, then the marker (O_NOFOLLOW also proves it can
    // be written).
    if (::chmod(abs.c_str(), 0700) != 0) {
      throw Error(
          fmt::format("cannot make the cache dir '{}' private: {}; pass another --cache-dir",
                      abs.string(), std::strerror(errno)));
    }
    confined::check_own_directory(abs, "cache dir", "--cache-dir", true);
    dir.save();
  }
  confined::add_root(abs, "cache dir", "--cache-dir");
  return dir;
}

void CacheDir::load() {
  const fs::path marker = path_ / kMarker;
  const json::Json doc = json::parse(file::read_text(marker, "cache dir marker"), marker.string(),
                                     "choose another --cache-dir");
  // The file is the truth: what another run forgot (a pruned entry) is forgotten here too.
  made_.clear();
  digests_.clear();
  used_.clear();
  if (doc.contains("used") && doc["used"].is_object()) {
    for (const auto& [key, value] : doc["used"].items()) {
      if (value.is_number_integer()) used_[key] = value.get<long long>();
    }
  }
  if (doc.contains("made") && doc["made"].is_object()) {
    for (const auto& [key, value] : doc["made"].items()) {
      if (!value.is_array() || value.size() < 2 || value.size() > 3 ||
          !value[0].is_number_unsigned() || !value[1].is_number_unsigned()) {
        continue;
      }
      made_[key] = file::Identity{value[0].get<dev_t>(), value[1].get<ino_t>()};
      if (value.size() == 3 && value[2].is_string()) digests_[key] = value[2].get<std::string>();
    }
  }
}

void CacheDir::save() const {
  json::Json doc;
  doc["magic"] = std::string(kMagic);
  doc["made"] = json::Json::object();
  for (const auto& [key, id] : made_) {
    const auto digest = digests_.find(key);
    doc["made"][key] = digest == digests_.end() ? json::Json{id.dev, id.ino}
                                                : json::Json{id.dev, id.ino, digest->second};
  }
  // Beside "made", not in it: an older data-test reads "made" as it always did.
  doc["used"] = json::Json::object();
  for (const auto& [key, seconds] : used_) {
    if (made_.count(key) != 0) doc["used"][key] = seconds;
  }
  file::write_atomic_private(path_ / kMarker, json::dump(doc));
}

std::string CacheDir::key(const fs::path& target) const {
  const fs::path rel = file::absolute(target).lexically_relative(path_);
  if (rel.empty() || *rel.begin() == ".." || rel == ".") {
    throw Error(fmt::format("internal error: '{}' is not inside the cache dir '{}'",
                            target.string(), path_.string()));
  }
  return rel.generic_string();
}

void CacheDir::record(const fs::path& target, const std::string& digest) {
  const auto id = file::identity(target);
  if (!id) throw Error(fmt::format("cannot record '{}': it does not exist", target.string()));
  // Another run may have recorded entries since this one opened the dir: keep theirs.
  load();
  made_[key(target)] = *id;
  if (digest.empty()) {
    digests_.erase(key(target));
  } else {
    digests_[key(target)] = digest;
  }
  save();
}

std::string CacheDir::digest(const fs::path& target) const {
  const auto it = digests_.find(key(target));
  return it == digests_.end() ? std::string() : it->second;
}

std::optional<reclaim::Made> CacheDir::made(const fs::path& target) const {
  const auto it = made_.find(key(target));
  if (it == made_.end()) return std::nullopt;
  return reclaim::Made{path_, path_ / it->first, it->second};
}

void CacheDir::forget(const fs::path& target) {
  load();
  digests_.erase(key(target));
  used_.erase(key(target));
  if (made_.erase(key(target)) != 0) save();
}

void CacheDir::record_use(const fs::path& target, std::chrono::system_clock::time_point when) {
  load();
  if (made_.count(key(target)) == 0) return;  // only what data-test made has a use to record
  used_[key(target)] =
      std::chrono::duration_cast<std::chrono::seconds>(when.time_since_epoch()).count();
  save();
}

std::optional<std::chrono::system_clock::time_point> CacheDir::last_used(
    const fs::path& target) const {
  const auto it = used_.find(key(target));
  if (it == used_.end()) return std::nullopt;
  return std::chrono::system_clock::time_point(std::chrono::seconds(it->second));
}

}  // namespace dt
