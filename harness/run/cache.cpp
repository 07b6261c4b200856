#include "run/cache.hpp"

#include <fmt/format.h>

#include "core/cache_dir.hpp"
#include "snapshot.hpp"
#include "util/error.hpp"
#include "util/log.hpp"
#include "util/output.hpp"
#include "util/text.hpp"

namespace dt {
namespace {

namespace fs = std::filesystem;

// The cache dir, with the same checks as a run's; nullopt when it holds nothing yet (missing,
// or empty: listing it never adopts it).
std::optional<CacheDir> open_existing(const Options& options) {
  const fs::path path =
      options.cache_dir ? file::absolute(*options.cache_dir) : CacheDir::default_path();
  if (path.empty()) {
    throw Error(
        "there is no default cache dir ($XDG_CACHE_HOME and $HOME are not set); pass "
        "--cache-dir PATH");
  }
  CacheDir::check(path);
  if (file::kind(path / CacheDir::kMarker) == file::Kind::missing) {
    output::print(fmt::format("no cached builds (the cache dir '{}' holds none)\n", path.string()));
    return std::nullopt;
  }
  return CacheDir::open(path);
}

// One entry's line; the key and entry.json's words printable (anyone naming a directory there
// could put escapes in its name).
std::string entry_line(const CacheEntry& entry, std::chrono::system_clock::time_point now,
                       std::chrono::seconds max_age) {
  const std::string key = text::printable(entry.key);
  if (!entry.ours) {
    return fmt::format(
        "{}  not made by data-test (the cache dir has no record of it): never pruned, {}\n", key,
        size_text(entry.bytes));
  }
  const std::string origin =
      entry.commit.empty()
          ? std::string("built from an unknown commit")
          : fmt::format("commit {}, built {}", text::printable(entry.commit.substr(0, 7)),
                        text::printable(entry.built));
  std::string used = "last use not recorded (an older data-test)";
  if (entry.used) {
    const auto idle = std::chrono::duration_cast<std::chrono::seconds>(now - *entry.used);
    used = fmt::format("last used {} ago", age_text(idle));
  }
  return fmt::format("{}  {}, {}, {}{}\n", key, origin, used, size_text(entry.bytes),
                     build_expired(entry, now, max_age) ? ", expired" : "");
}

// Removes each expired entry (never one without a record); a refusal is one line and exit 2, and
// the others are still pruned.
int prune(CacheDir& cache, const std::vector<CacheEntry>& entries,
          std::chrono::system_clock::time_point now, std::chrono::seconds max_age) {
  int status = 0;
  long long freed = 0;
  for (const auto& entry : entries) {
    if (!build_expired(entry, now, max_age)) continue;
    try {
      remove_build(cache, entry);
      freed += entry.bytes;
      output::print(fmt::format("removed cached build '{}' ({})\n", text::printable(entry.key),
                                size_text(entry.bytes)));
    } catch (const Error& e) {
      log::error(fmt::format("not pruned: {}", e.what()));
      status = 2;
    }
  }
  output::print(
      fmt::format("pruned {} on disk (cached builds unused for longer than --cache-max-age)\n",
                  size_text(freed)));
  return status;
}

}  // namespace

std::string render_cached_builds(const std::vector<CacheEntry>& entries,
                                 std::chrono::system_clock::time_point now,
                                 std::chrono::seconds max_age) {
  if (entries.empty()) return "no cached builds\n";
  std::string out;
  long long total = 0;
  std::size_t foreign = 0;
  for (const auto& entry : entries) {
    out += entry_line(entry, now, max_age);
    total += entry.bytes;
    foreign += entry.ours ? 0 : 1;
  }
  out += fmt::format("{} cached build{}, {} on disk", entries.size(),
                     entries.size() == 1 ? "" : "s", size_text(total));
  if (foreign != 0) out += fmt::format(" ({} not made by data-test, kept)", foreign);
  return out + "\n";
}

int cache_command(const Options& options) {
  auto cache = open_existing(options);
  if (!cache) return 0;
  const auto max_age = options.cache_max_age.value_or(kDefaultCacheMaxAge);
  const auto now = std::chrono::system_clock::now();
  const auto entries = cached_builds(*cache);
  output::print(render_cached_builds(entries, now, max_age));
  return options.prune ? prune(*cache, entries, now, max_age) : 0;
}

}  // namespace dt
