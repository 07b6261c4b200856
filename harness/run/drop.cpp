#include "run/drop.hpp"

#include <fmt/format.h>

#include "core/server.hpp"
#include "run/plan.hpp"
#include "scratch_db.hpp"
#include "util/log.hpp"

namespace dt {

void drop_scratch_databases(const Options& options) {
  const auto source_dir = find_source_dir(options);
  const Profile profile = load_profile(options, source_dir);
  const AppConfig config = load_config(options, profile, source_dir);
  ServerSession server(config.db);
  const std::string names[] = {profile.released_db, profile.new_db,
                               profile.released_db + "_discovery", profile.new_db + "_discovery"};
  for (const auto& name : names) {
    if (name.size() > 63) continue;  // PostgreSQL could not have made it: names are cut at 63
    if (drop_scratch(server, name, options.force_drop)) {
      log::info(fmt::format("dropped scratch database '{}'", name));
    }
  }
}

}  // namespace dt
