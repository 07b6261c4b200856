// The released build cache's entries as `data-test cache [list|prune]` sees them: listed from the
// disk, proven (or not) by the cache dir's record, removed only through reclaim.
#include <fmt/format.h>

#include "build_cache.hpp"
#include "core/reclaim.hpp"
#include "util/error.hpp"
#include "util/json.hpp"

namespace dt {
namespace {

namespace fs = std::filesystem;

fs::path builds_dir(const CacheDir& cache) {
  return cache.path() / "builds";
}

// What the entry's entry.json says it was built from; left empty when it cannot be read (the
// listing still shows the entry, and a prune still goes by the record).
void read_origin(const fs::path& dir, CacheEntry& entry) {
  const fs::path path = dir / "entry.json";
  if (file::kind(path) != file::Kind::regular) return;
  try {
    const json::Json doc = json::parse(file::read_text(path, "build cache entry"), path.string());
    if (!doc.is_object()) return;
    const auto text = [&](const char* field) {
      return doc.contains(field) && doc.at(field).is_string() ? doc.at(field).get<std::string>()
                                                              : std::string();
    };
    entry.commit = text("commit");
    entry.built = text("built");
  } catch (const Error&) {
    // Only words for the listing: an unreadable one is shown as unknown.
  }
}

}  // namespace

std::vector<CacheEntry> cached_builds(const CacheDir& cache) {
  std::vector<CacheEntry> entries;
  const fs::path builds = builds_dir(cache);
  if (file::kind(builds) == file::Kind::missing) return entries;
  for (const std::string& name : file::entry_names(builds)) {
    const fs::path dir = builds / name;
    CacheEntry entry;
    entry.key = name;
    entry.bytes = file::disk_usage(dir);
    // A name alone proves nothing: the record's identity must be the very directory there.
    const auto made = cache.made(dir);
    entry.ours =
        made && file::kind(dir) == file::Kind::directory && file::identity(dir) == made->identity;
    if (entry.ours) {
      read_origin(dir, entry);
      entry.used = cache.last_used(dir);
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

bool build_expired(const CacheEntry& entry, std::chrono::system_clock::time_point now,
                   std::chrono::seconds max_age) {
  if (!entry.ours) return false;
  // An entry whose use was never recorded (an older data-test's) is as old as can be.
  if (!entry.used || max_age.count() <= 0) return true;
  return now - *entry.used > max_age;
}

void remove_build(CacheDir& cache, const CacheEntry& entry) {
  const fs::path dir = builds_dir(cache) / entry.key;
  const auto made = cache.made(dir);
  if (!made) {
    throw Error(fmt::format(
        "cached build '{}' was not made by data-test (the cache dir has no record of it); "
        "leaving it",
        dir.string()));
  }
  reclaim::reclaim(*made);
  cache.forget(dir);
}

}  // namespace dt
