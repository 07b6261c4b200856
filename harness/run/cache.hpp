#pragma once
// `data-test cache [list|prune]`: the released builds kept in the cache dir, each with what it
// was built from, when a run last used it and its disk use; prune removes those unused for longer
// than --cache-max-age (0: all), each through reclaim with the cache dir's record as its proof.
// An entry without a record is shown as not data-test's and never removed.
#include <chrono>
#include <string>
#include <vector>

#include "build_cache.hpp"
#include "options.hpp"

namespace dt {

// Prints the listing (and, for prune, each removal) to stdout. Returns the exit status: 0, or 2
// when an entry could not be removed (refused by reclaim; each said in one line).
int cache_command(const Options& options);

// The listing: one line per entry (key, commit, when built, when last used, size, "expired" at
// max_age; one without a record says it is not data-test's and kept), then the total.
std::string render_cached_builds(const std::vector<CacheEntry>& entries,
                                 std::chrono::system_clock::time_point now,
                                 std::chrono::seconds max_age);

}  // namespace dt
