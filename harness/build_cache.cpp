#include "build_cache.hpp"

#include <fmt/format.h>

#include "core/model.hpp"
#include "core/reclaim.hpp"
#include "util/error.hpp"
#include "util/json.hpp"
#include "util/process.hpp"
#include "util/text.hpp"

namespace dt {
namespace {

namespace fs = std::filesystem;
constexpr int kVersion = 1;

fs::path entry_dir(const CacheDir& cache, std::string_view key) {
  return cache.path() / "builds" / std::string(key);
}

json::Json version_json(const file::Version& v) {
  return {{"dev", static_cast<unsigned long long>(v.id.dev)},
          {"ino", static_cast<unsigned long long>(v.id.ino)},
          {"size", v.size},
          {"mtime_ns", v.mtime_ns}};
}

std::string trimmed(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

std::string build_cache_key(std::string_view commit, const std::vector<std::string>& build,
                            std::string_view toolchain) {
  text::Fnv1a64 h;
  h.field("data-test released build v1");
  h.field(commit);
  h.field(std::to_string(build.size()));
  for (const auto& arg : build) h.field(arg);
  h.field(toolchain);
  return h.hex();
}

std::string cached_build_text(const CachedBuild& cached) {
  return fmt::format("cached (commit {}, built {})", cached.commit.substr(0, 7), cached.built);
}

std::string toolchain_version(const std::vector<std::string>& toolchain, const fs::path& dir) {
  if (toolchain.empty()) return "";
  const auto got = process::capture(toolchain, dir);
  if (got.status != 0) {
    throw Error(fmt::format(
        "the profile's toolchain command '{}' failed ({}); fix it or remove \"toolchain\" from the "
        "profile",
        process::display(toolchain), got.status));
  }
  return trimmed(got.out);
}

std::optional<CachedBuild> restore_build(const CacheDir& cache, std::string_view key,
                                         const fs::path& bin) {
  const fs::path dir = entry_dir(cache, key);
  try {
    const auto text = file::read_text_if_exists(dir / "entry.json", "build cache entry");
    if (!text) return std::nullopt;
    const json::Json doc = json::parse(*text, "build cache entry");
    const auto now = file::version(dir / "bin");
    // An entry that does not say exactly this, or whose file changed since, is no entry.
    if (!now || !doc.is_object() || doc.value("version", 0) != kVersion ||
        doc.value("key", std::string()) != key || !doc.contains("binary") ||
        doc.at("binary") != version_json(*now)) {
      return std::nullopt;
    }
    CachedBuild cached{doc.value("commit", std::string()), doc.value("built", std::string())};
    file::create_directories(bin.parent_path(), 0700);
    file::copy_executable(dir / "bin", bin);
    return cached;
  } catch (const Error&) {
    return std::nullopt;  // a broken entry costs a build, never the run
  }
}

void store_build(CacheDir& cache, std::string_view key, std::string_view commit,
                 const fs::path& bin) {
  const fs::path dir = entry_dir(cache, key);
  file::create_directories(dir.parent_path(), 0700);
  if (file::kind(dir) != file::Kind::missing) {
    const auto made = cache.made(dir);
    if (!made) {
      throw Error(fmt::format("build cache entry '{}' was not made by data-test; leaving it",
                              dir.string()));
    }
    reclaim::reclaim(*made);
    cache.forget(dir);
  }
  file::create_directories(dir, 0700);
  cache.record(dir);
  file::copy_executable(bin, dir / "bin");
  const auto stored = file::version(dir / "bin");
  if (!stored) throw Error(fmt::format("cannot read back '{}'", (dir / "bin").string()));
  const json::Json doc = {{"version", kVersion},
                          {"key", std::string(key)},
                          {"commit", std::string(commit)},
                          {"built", utc_now_iso()},
                          {"binary", version_json(*stored)}};
  file::write_atomic_private(dir / "entry.json", json::dump(doc));
}

}  // namespace dt
