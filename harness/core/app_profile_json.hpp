#pragma once
// The parts of a profile's JSON that more than one phase reads: the profile parser (phases/
// profile) when a profile is loaded, and the saved state (phases/state), whose UNSTABLE verdicts
// must be the saved profile's own. One reader, so that both understand an entry alike.
#include <string>
#include <vector>

#include "core/app_profile.hpp"
#include "util/json.hpp"

namespace dt {

// The "unstable_tables" object ({"schema.table": {"reason": "...", "spread": 5}, ...}), sorted by
// schema, table. Throws dt::Error at the first entry that is wrong, in the words that follow
// "profile '<origin>': "; with schemas, also when an entry's schema is not one of them.
std::vector<UnstableTable> parse_unstable_tables(const json::Json& value,
                                                 const std::vector<std::string>* schemas);

}  // namespace dt
