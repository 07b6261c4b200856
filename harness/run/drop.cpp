#include "run/drop.hpp"

#include <optional>

#include <fmt/format.h>

#include "core/reclaim.hpp"
#include "core/server.hpp"
#include "core/work_dir.hpp"
#include "run/plan.hpp"
#include "scratch_db.hpp"
#include "util/file.hpp"
#include "util/log.hpp"

namespace fs = std::filesystem;

namespace dt {

namespace {

// The work dir --work-dir names, when data-test marked it; a default work dir is never found.
std::optional<WorkDir> marked_work_dir(const Options& options) {
  if (!options.work_dir) return std::nullopt;
  const fs::path path = file::absolute(*options.work_dir);
  if (file::kind(path / WorkDir::kMarker) != file::Kind::regular) return std::nullopt;
  return WorkDir::open(path);
}

// The scratch configs and PGPASSFILEs a --keep-dbs run left in its work dir hold the passwords
// of the databases just dropped: removed too, through reclaim, as a run's cleanup removes them.
void remove_kept_configs(WorkDir& dir) {
  for (const fs::path& target : dir.made_under(dir.path() / "config")) {
    if (const auto made = dir.made(target)) {
      reclaim::reclaim(*made);
      dir.forget(target);
      log::info(fmt::format("removed the scratch config '{}'", target.string()));
    }
  }
}

}  // namespace

void drop_scratch_databases(const Options& options) {
  const auto source_dir = find_source_dir(options);
  const Profile profile = load_profile(options, source_dir);
  const AppConfig config = load_config(options, profile, source_dir);
  // Never beside a live run in the same work dir: its databases and configs are its own.
  std::optional<WorkDir> work_dir = marked_work_dir(options);
  const Fd held = work_dir ? work_dir->lock() : Fd();
  ServerSession server(config.db);
  const std::string names[] = {profile.released_db, profile.new_db, profile.upgraded_db,
                               profile.released_db + "_discovery", profile.new_db + "_discovery"};
  for (const auto& name : names) {
    if (name.size() > 63) continue;  // PostgreSQL could not have made it: names are cut at 63
    if (drop_scratch(server, name, options.force_drop)) {
      log::info(fmt::format("dropped scratch database '{}'", name));
    }
  }
  if (work_dir) remove_kept_configs(*work_dir);
}

}  // namespace dt
