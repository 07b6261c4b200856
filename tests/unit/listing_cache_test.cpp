// listing.json: each side's discoveries by key, newest first and bounded; a damaged file is only
// a lost cache.
#include "listing_cache.hpp"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include "support/files.hpp"
#include "util/file.hpp"

namespace dt {
namespace {

using testing_support::TempDir;

ListedSide entry(const std::string& key, const std::string& table) {
  return {key, "2026-05-17T14:30:00Z", {{"app_data", table, 0}}};
}

TEST(ListingCache, MissingIsEmpty) {
  TempDir dir;
  const ListingCache cache = load_listing_cache(dir.path());
  EXPECT_TRUE(cache.released.empty());
  EXPECT_TRUE(cache.fresh.empty());
}

TEST(ListingCache, RoundTripsBothSidesPrivately) {
  TempDir dir;
  ListingCache cache;
  remember_listed(cache.released, entry("r1", "issues"));
  remember_listed(
      cache.fresh,
      {"n1", "2026-05-18T00:00:00Z", {{"app_data", "issues", 0}, {"app data", "Tag Labels", 0}}});
  save_listing_cache(dir.path(), cache);
  struct stat st {};
  ASSERT_EQ(::stat(listing_cache_path(dir.path()).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  const ListingCache back = load_listing_cache(dir.path());
  ASSERT_NE(find_listed(back.released, "r1"), nullptr);
  EXPECT_EQ(find_listed(back.released, "n1"), nullptr);
  const ListedSide* fresh = find_listed(back.fresh, "n1");
  ASSERT_NE(fresh, nullptr);
  EXPECT_EQ(fresh->listed_at, "2026-05-18T00:00:00Z");
  ASSERT_EQ(fresh->tables.size(), 2u);
  EXPECT_EQ(fresh->tables[1].schema, "app data");
  EXPECT_EQ(fresh->tables[1].table, "Tag Labels");
}

TEST(ListingCache, NewestFirstOneEntryPerKeyAndBounded) {
  std::vector<ListedSide> entries;
  for (int i = 0; i < 12; ++i) remember_listed(entries, entry("k" + std::to_string(i), "t"));
  ASSERT_EQ(entries.size(), ListingCache::kKeep);
  EXPECT_EQ(entries.front().key, "k11");
  EXPECT_EQ(find_listed(entries, "k3"), nullptr);  // the oldest went
  remember_listed(entries, entry("k5", "again"));
  EXPECT_EQ(entries.size(), ListingCache::kKeep);
  EXPECT_EQ(entries.front().key, "k5");
  EXPECT_EQ(entries.front().tables[0].table, "again");
  int k5 = 0;
  for (const auto& e : entries) k5 += e.key == "k5" ? 1 : 0;
  EXPECT_EQ(k5, 1);
}

TEST(ListingCache, ADamagedFileIsALostCacheNotAnError) {
  TempDir dir;
  for (const char* text :
       {"{not json", R"({"version": 1, "released": 5})", R"({"version": 1, "new": [{"key": "n"}]})",
        R"({"version": 1, "new": [{"key": "n", "tables": [["only one"]]}]})",
        R"({"version": 99, "new": []})"}) {
    file::write_private(listing_cache_path(dir.path()), text);
    const ListingCache cache = load_listing_cache(dir.path());
    EXPECT_TRUE(cache.released.empty() && cache.fresh.empty()) << text;
  }
}

}  // namespace
}  // namespace dt
