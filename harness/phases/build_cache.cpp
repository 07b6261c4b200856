#include "build_cache.hpp"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "core/model.hpp"
#include "core/reclaim.hpp"
#include "util/digest.hpp"
#include "util/error.hpp"
#include "util/json.hpp"
#include "util/log.hpp"
#include "util/process.hpp"
#include "util/text.hpp"

namespace dt {
namespace {

namespace fs = std::filesystem;
constexpr int kEntryVersion = 2;  // 2: the whole output directory, with digests

fs::path entry_dir(const CacheDir& cache, std::string_view key) {
  return cache.path() / "builds" / std::string(key);
}

// The files of a build's output directory (relative, sorted), but data-test's own stamp. Throws
// dt::Error naming anything the cache cannot keep exactly: a symlink or a special file.
std::vector<std::string> output_files(const fs::path& out, const std::string& stamp_name) {
  std::vector<std::string> files;
  try {
    files = file::regular_files_below(out);
  } catch (const Error& e) {
    throw Error(
        fmt::format("the build's output directory '{}' holds what the cache cannot keep "
                    "({}): this build is not cached",
                    out.string(), e.what()));
  }
  files.erase(std::remove(files.begin(), files.end(), stamp_name), files.end());
  return files;
}

// One digest over every stored file's path and digest: what the cache dir's record holds.
std::string manifest_digest(const std::vector<std::pair<std::string, std::string>>& files) {
  std::string text;
  for (const auto& [rel, sha] : files) {
    text += rel;
    text += '\0';
    text += sha;
    text += '\n';
  }
  return digest::sha256(text);
}

// A relative path that stays inside its directory.
bool inside(const std::string& rel) {
  const fs::path p(rel);
  if (rel.empty() || p.is_absolute()) return false;
  return std::none_of(p.begin(), p.end(), [](const fs::path& part) { return part == ".."; });
}

// A verified entry: the build it holds and its files with their digests.
struct Stored {
  CachedBuild build;
  std::vector<std::pair<std::string, std::string>> files;
};

// The entry at dir as this cache dir's record proves it: made by data-test (same directory),
// its list of files digesting to the recorded digest, exactly those files there, each with its
// digest, the executable among them. Throws dt::Error saying what does not match.
Stored verify_entry(const CacheDir& cache, const fs::path& dir, std::string_view key,
                    const fs::path& bin) {
  const auto made = cache.made(dir);
  if (!made || file::identity(dir) != made->identity) {
    throw Error("the cache dir has no record of making it");
  }
  const std::string recorded = cache.digest(dir);
  if (recorded.empty()) throw Error("it was stored without a digest (an older data-test)");
  const json::Json doc =
      json::parse(file::read_text(dir / "entry.json", "build cache entry"), "build cache entry");
  if (!doc.is_object() || doc.value("version", 0) != kEntryVersion ||
      doc.value("key", std::string()) != key || !doc.contains("files") ||
      !doc.at("files").is_array() || doc.value("binary", std::string()) != bin.filename()) {
    throw Error("its entry.json is not this key's");
  }
  Stored stored{{doc.value("commit", std::string()), doc.value("built", std::string())}, {}};
  std::vector<std::string> names;
  for (const auto& f : doc.at("files")) {
    const std::string rel = f.value("path", std::string());
    if (!inside(rel)) throw Error(fmt::format("it lists the path '{}'", rel));
    stored.files.emplace_back(rel, f.value("sha256", std::string()));
    names.push_back(rel);
  }
  if (manifest_digest(stored.files) != recorded) {
    throw Error("its list of files is not the one recorded when it was stored");
  }
  if (output_files(dir / "files", "") != names ||
      std::find(names.begin(), names.end(), bin.filename().string()) == names.end()) {
    throw Error("its files are not the ones stored");
  }
  for (const auto& [rel, sha] : stored.files) {
    if (digest::sha256_file(dir / "files" / rel) != sha) {
      throw Error(fmt::format("'{}' changed since it was stored", rel));
    }
  }
  return stored;
}

// The use is what `cache prune` goes by; failing to record it never fails the run (the entry
// then looks older than it is, and a prune may cost a later run a build).
void record_use(CacheDir& cache, const fs::path& dir) {
  try {
    cache.record_use(dir, std::chrono::system_clock::now());
  } catch (const Error& e) {
    log::warn(fmt::format("could not record the use of '{}' in the cache dir: {}", dir.string(),
                          e.what()));
  }
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

std::optional<CachedBuild> restore_build(CacheDir& cache, std::string_view key,
                                         const fs::path& bin) {
  const fs::path dir = entry_dir(cache, key);
  if (file::kind(dir / "entry.json") == file::Kind::missing) return std::nullopt;
  try {
    const Stored stored = verify_entry(cache, dir, key, bin);
    // What is run is what was verified: each copy is digested again where it lands.
    for (const auto& [rel, sha] : stored.files) {
      const fs::path to = bin.parent_path() / rel;
      file::create_directories(to.parent_path(), 0700);
      file::copy_executable(dir / "files" / rel, to);
      if (digest::sha256_file(to) != sha) {
        throw Error(
            fmt::format("'{}' changed while it was restored", (dir / "files" / rel).string()));
      }
    }
    record_use(cache, dir);
    return stored.build;
  } catch (const Error& e) {
    // A broken or changed entry costs a build, never the run, and is never run.
    log::warn(fmt::format("released build cache entry '{}' not used: {}; building again",
                          dir.string(), e.what()));
    return std::nullopt;
  }
}

void store_build(CacheDir& cache, std::string_view key, std::string_view commit,
                 const fs::path& bin, const fs::path& stamp) {
  const fs::path out = bin.parent_path();
  // Checked before anything is written: an output the cache cannot hold is never half kept.
  const std::vector<std::string> files = output_files(out, stamp.filename().string());
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
  record_use(cache, dir);  // in use while it is written: a prune meanwhile leaves it
  json::Json listed = json::Json::array();
  std::vector<std::pair<std::string, std::string>> digests;
  for (const std::string& rel : files) {
    const fs::path to = dir / "files" / rel;
    file::create_directories(to.parent_path(), 0700);
    file::copy_executable(out / rel, to);
    digests.emplace_back(rel, digest::sha256_file(to));
    listed.push_back({{"path", rel}, {"sha256", digests.back().second}});
  }
  const json::Json doc = {{"version", kEntryVersion},          {"key", std::string(key)},
                          {"commit", std::string(commit)},     {"built", utc_now_iso()},
                          {"binary", bin.filename().string()}, {"files", std::move(listed)}};
  file::write_atomic_private(dir / "entry.json", json::dump(doc));
  // The proof a later restore rests on: kept in the cache dir's own record, not the entry.
  cache.record(dir, manifest_digest(digests));
  record_use(cache, dir);
}

}  // namespace dt
