#include "listing_cache.hpp"

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/file.hpp"
#include "util/json.hpp"
#include "util/log.hpp"
#include "util/text.hpp"

namespace dt {
namespace {

constexpr int kListingVersion = 1;

json::Json side_json(const std::vector<ListedSide>& entries) {
  json::Json out = json::Json::array();
  for (const auto& entry : entries) {
    json::Json tables = json::Json::array();
    for (const auto& t : entry.tables) {
      tables.push_back({text::escape_utf8(t.schema), text::escape_utf8(t.table)});
    }
    out.push_back({{"key", entry.key}, {"listed_at", entry.listed_at}, {"tables", tables}});
  }
  return out;
}

// Throws dt::Error on anything but the shape save_listing_cache writes.
std::vector<ListedSide> side_from(const json::Json& doc, const char* name) {
  std::vector<ListedSide> entries;
  if (!doc.contains(name)) return entries;
  const auto& list = doc.at(name);
  if (!list.is_array()) throw Error(fmt::format("'{}' is not an array", name));
  for (const auto& item : list) {
    if (!item.is_object() || !item.contains("key") || !item.at("key").is_string() ||
        !item.contains("tables") || !item.at("tables").is_array()) {
      throw Error(fmt::format("an entry of '{}' lacks 'key' or 'tables'", name));
    }
    ListedSide entry;
    entry.key = item.at("key").get<std::string>();
    if (item.contains("listed_at") && item.at("listed_at").is_string()) {
      entry.listed_at = item.at("listed_at").get<std::string>();
    }
    for (const auto& pair : item.at("tables")) {
      if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string()) {
        throw Error(fmt::format("a table of '{}' is not [schema, table]", name));
      }
      entry.tables.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>(), 0);
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace

std::filesystem::path listing_cache_path(const std::filesystem::path& work_dir) {
  return work_dir / "listing.json";
}

ListingCache load_listing_cache(const std::filesystem::path& work_dir) {
  const auto path = listing_cache_path(work_dir);
  try {
    const auto text = file::read_text_if_exists(path, "listing cache");
    if (!text) return {};
    const json::Json doc = json::parse(*text, fmt::format("listing cache '{}'", path.string()));
    if (!doc.is_object() || doc.value("version", 0) != kListingVersion) return {};
    ListingCache cache;
    cache.released = side_from(doc, "released");
    cache.fresh = side_from(doc, "new");
    return cache;
  } catch (const Error& e) {
    log::warn(fmt::format("ignoring the listing cache '{}' ({}); the next listing rewrites it",
                          path.string(), e.what()));
    return {};
  }
}

void save_listing_cache(const std::filesystem::path& work_dir, const ListingCache& cache) {
  json::Json doc = {{"version", kListingVersion},
                    {"released", side_json(cache.released)},
                    {"new", side_json(cache.fresh)}};
  file::write_atomic_private(listing_cache_path(work_dir), json::dump(doc));
}

const ListedSide* find_listed(const std::vector<ListedSide>& entries, std::string_view key) {
  for (const auto& entry : entries) {
    if (entry.key == key) return &entry;
  }
  return nullptr;
}

void remember_listed(std::vector<ListedSide>& entries, ListedSide entry) {
  std::vector<ListedSide> kept;
  kept.push_back(std::move(entry));
  for (auto& old : entries) {
    if (old.key != kept.front().key && kept.size() < ListingCache::kKeep) {
      kept.push_back(std::move(old));
    }
  }
  entries = std::move(kept);
}

}  // namespace dt
