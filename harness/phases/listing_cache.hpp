#pragma once
// <work-dir>/listing.json: the base tables each side's schema-only discovery found, keyed by that
// side's inputs (state.hpp's side_key), so that a later listing with the same inputs reads this
// file instead of building, connecting and creating databases.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.hpp"

namespace dt {

// One side's discovery.
struct ListedSide {
  std::string key;                 // the side's inputs key
  std::string listed_at;           // ISO-8601 UTC, when the discovery finished
  std::vector<TableCount> tables;  // schema and table (rows unused)
};

// The discoveries kept per side, newest first.
struct ListingCache {
  static constexpr std::size_t kKeep = 8;  // a tree edited back and forth stays cached
  std::vector<ListedSide> released;
  std::vector<ListedSide> fresh;
};

// The cache file's path inside a work dir.
std::filesystem::path listing_cache_path(const std::filesystem::path& work_dir);
// The cache in work_dir; empty when there is none. An unreadable or corrupt file is only a lost
// cache: a warning, and an empty cache.
ListingCache load_listing_cache(const std::filesystem::path& work_dir);
// Writes atomically (temp file + rename), mode 0600.
void save_listing_cache(const std::filesystem::path& work_dir, const ListingCache& cache);

// The entry whose key is key, or nullptr.
const ListedSide* find_listed(const std::vector<ListedSide>& entries, std::string_view key);
// Puts entry first, dropping an older entry with its key and any beyond ListingCache::kKeep.
void remember_listed(std::vector<ListedSide>& entries, ListedSide entry);

}  // namespace dt
