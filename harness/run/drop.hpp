#pragma once
// --drop-dbs-only (CTest's cleanup test): drop the profile's scratch databases and their
// listing twins, through the same proof every other drop takes.
#include "options.hpp"

namespace dt {

// Drops what reclaim accepts; throws dt::Error at the first refusal (a foreign or live-owned
// database, the primary), having dropped nothing foreign.
void drop_scratch_databases(const Options& options);

}  // namespace dt
