#pragma once
// The JSON adapter: every JSON text data-test reads goes through parse(), which bounds the
// nesting depth (nlohmann recurses once per level) and turns every error into one line.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace dt::json {

using Json = nlohmann::ordered_json;

// Deeper documents are refused before parsing: no file data-test reads needs more.
inline constexpr int kMaxDepth = 64;

// Parses text. Throws dt::Error "<origin>: invalid JSON at line L, column C: <reason>; <fix>"
// (the reason never quotes the text, which may hold a password), "<origin>: invalid JSON: a
// number is too large; <fix>", or "<origin>: nested deeper than 64 levels".
Json parse(std::string_view text, std::string_view origin, std::string_view fix = "fix the file");

// The deepest nesting of arrays and objects in text (strings skipped); stops counting at limit.
int nesting_depth(std::string_view text, int limit = kMaxDepth + 1);

// Serialises doc with indent 2 and a final newline. Bytes that are not valid UTF-8 never reach
// here: callers escape names with text::escape_utf8 first; any left are replaced, not thrown.
std::string dump(const Json& doc);

}  // namespace dt::json
