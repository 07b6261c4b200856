#include "run/listing.hpp"

#include <map>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "listing_cache.hpp"
#include "run/plan.hpp"
#include "run/run.hpp"
#include "state.hpp"
#include "util/error.hpp"
#include "util/log.hpp"

namespace dt {
namespace {

std::vector<TableResult> from_results(const std::vector<TableResult>& results) {
  std::vector<TableResult> out;
  for (const auto& r : results) {
    TableResult t;
    t.schema = r.schema;
    t.table = r.table;
    out.push_back(std::move(t));
  }
  return out;
}

// The newest entry, or nullptr.
const ListedSide* newest(const std::vector<ListedSide>& entries) {
  return entries.empty() ? nullptr : &entries.front();
}

// --list-last-known when the inputs' own answer is not known: the newer of the saved state and
// the cache's newest discoveries; nothing at all when neither exists.
std::vector<TableResult> last_known(const std::optional<State>& state, const ListingCache& cache,
                                    const std::string& work_dir) {
  const ListedSide* released = newest(cache.released);
  const ListedSide* fresh = newest(cache.fresh);
  std::string cached_at;
  for (const ListedSide* side : {released, fresh}) {
    if (side != nullptr && side->listed_at > cached_at) cached_at = side->listed_at;
  }
  if (state && (cached_at.empty() || state->info.generated_at >= cached_at)) {
    log::info(
        "listing the tables of the last collection (the inputs changed since; "
        "--list-last-known builds nothing)");
    return from_results(state->results);
  }
  if (!cached_at.empty()) {
    log::info(
        "listing the last discovered tables (the inputs changed since; "
        "--list-last-known builds nothing)");
    return union_of(released != nullptr ? released->tables : std::vector<TableCount>{},
                    fresh != nullptr ? fresh->tables : std::vector<TableCount>{});
  }
  log::info(fmt::format(
      "no tables known yet in '{}' (--list-last-known builds nothing); a collection (CTest: the "
      "<suite>.collect test) or one listing without --list-last-known makes them known",
      work_dir));
  return {};
}

}  // namespace

std::vector<TableResult> union_of(const std::vector<TableCount>& released,
                                  const std::vector<TableCount>& fresh) {
  std::map<std::pair<std::string, std::string>, bool> names;
  for (const auto* side : {&released, &fresh}) {
    for (const auto& t : *side) names[{t.schema, t.table}] = true;
  }
  std::vector<TableResult> out;
  for (const auto& [name, unused] : names) {
    TableResult t;
    t.schema = name.first;
    t.table = name.second;
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<TableResult> tables_to_list(const Options& options) {
  Plan plan = make_plan(options);
  const auto work = plan.work_dir.path();
  auto state = load_state(work);
  if (state && state->inputs == plan.inputs) return from_results(state->results);

  ListingCache cache = load_listing_cache(work);
  const std::string released_key = side_key(plan.inputs, "released");
  const std::string new_key = side_key(plan.inputs, "new");
  const ListedSide* released = find_listed(cache.released, released_key);
  const ListedSide* fresh = find_listed(cache.fresh, new_key);
  if (released != nullptr && fresh != nullptr) return union_of(released->tables, fresh->tables);
  if (options.list_last_known) return last_known(state, cache, work.string());

  // Only the sides not known are built and discovered.
  std::optional<std::vector<TableCount>> known_released;
  if (released != nullptr) known_released = released->tables;
  std::optional<std::vector<TableCount>> known_fresh;
  if (fresh != nullptr) known_fresh = fresh->tables;
  if (known_released)
    log::info(
        "the released side's tables are known (same tag commit): only the new side is discovered");
  Discovered found;
  {
    Run run(std::move(plan), real_backend());
    found = run.discover({!known_released, !known_fresh});
  }
  const std::string now = utc_now_iso();
  if (!known_released) remember_listed(cache.released, {released_key, now, found.released});
  if (!known_fresh) remember_listed(cache.fresh, {new_key, now, found.fresh});
  save_listing_cache(work, cache);
  return union_of(known_released ? *known_released : found.released,
                  known_fresh ? *known_fresh : found.fresh);
}

}  // namespace dt
