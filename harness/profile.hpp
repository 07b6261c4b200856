#pragma once
// Reading an application profile: JSON -> a validated Profile (see core/app_profile.hpp).
#include <string_view>

#include "core/app_profile.hpp"

namespace dt {

// Parses and validates profile JSON. origin names the source in messages (a path).
// Throws dt::Error naming the key, or the line and column of a syntax error.
Profile parse_profile(std::string_view json_text, std::string_view origin);

// The built-in Aveloxis profile.
Profile builtin_profile();
// Its JSON text (printed in docs and --help).
std::string_view builtin_profile_json();

}  // namespace dt
