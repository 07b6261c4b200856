#include "run/snapshots.hpp"

#include <fmt/format.h>

#include "core/cache_dir.hpp"
#include "core/reclaim.hpp"
#include "core/server.hpp"
#include "run/plan.hpp"
#include "snapshot.hpp"
#include "util/error.hpp"
#include "util/log.hpp"
#include "util/output.hpp"

namespace dt {
namespace {

std::vector<SnapshotRow> list(ServerSession& server, std::chrono::seconds max_age) {
  std::vector<std::pair<std::string, Mark>> marked;
  std::vector<long long> bytes;
  for (auto& db : server.marked_databases()) {
    marked.emplace_back(db.name, std::move(db.mark));
    bytes.push_back(db.bytes);
  }
  return snapshot_rows(std::move(marked), bytes, std::chrono::system_clock::now(), max_age);
}

// The snapshot's log in the cache dir goes with it.
void forget_log(const Options& options, const std::string& name) {
  const auto path =
      options.cache_dir ? file::absolute(*options.cache_dir) : CacheDir::default_path();
  if (path.empty() || file::kind(path) == file::Kind::missing) return;
  CacheDir cache = CacheDir::open(path);
  const auto log = cache.path() / "snapshots" / (name + ".log");
  if (const auto made = cache.made(log)) {
    reclaim::reclaim(*made);
    cache.forget(log);
  }
}

}  // namespace

int snapshots_command(const Options& options) {
  const auto source_dir = find_source_dir(options);
  const Profile profile = load_profile(options, source_dir);
  const AppConfig config = load_config(options, profile, source_dir);
  ServerSession server(config.db);
  const auto rows = list(server, options.snapshot_max_age);
  output::print(render_snapshots(rows));
  if (!options.prune) return 0;
  int status = 0;
  long long freed = 0;
  for (const auto& row : rows) {
    if (!row.expired) continue;
    try {
      server.lock(row.name);  // never one a run is copying or replacing
      reclaim::reclaim(reclaim::Database{&server, row.name, false});
      freed += row.bytes;
      output::print(fmt::format("dropped snapshot '{}' ({})\n", row.name, size_text(row.bytes)));
    } catch (const Error& e) {
      log::error(fmt::format("not pruned: {}", e.what()));
      status = 2;
      continue;
    }
    try {
      forget_log(options, row.name);
    } catch (const Error& e) {
      log::warn(
          fmt::format("the log of snapshot '{}' stays in the cache dir: {}", row.name, e.what()));
    }
  }
  output::print(fmt::format("pruned {} on disk (snapshots older than --snapshot-max-age)\n",
                            size_text(freed)));
  return status;
}

}  // namespace dt
