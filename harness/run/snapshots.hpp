#pragma once
// `data-test snapshots [list|prune]`: the released snapshots kept on the profile's server (a
// full copy of a released collection each), their key, age and disk use; prune drops those
// older than --snapshot-max-age (0: all), each through reclaim with its proof.
#include "options.hpp"

namespace dt {

// Prints the listing (and, for prune, each drop) to stdout. Returns the exit status: 0, or 2
// when a snapshot could not be pruned (busy, or refused by reclaim; each said in one line).
int snapshots_command(const Options& options);

}  // namespace dt
