#pragma once
// Reading an application profile: JSON -> a validated Profile (see core/app_profile.hpp).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/app_profile.hpp"
#include "util/json.hpp"

namespace dt {

// Parses and validates profile JSON. origin names the source in messages (a path).
// Throws dt::Error naming the key, or the line and column of a syntax error.
Profile parse_profile(std::string_view json_text, std::string_view origin);

// Every key path the parser knows, dotted ("connection.keys.dbname"; "steps[].run" for a key of
// each step): the JSON Schema in docs/ must list exactly these.
std::vector<std::string> known_profile_keys();

// The profile's "connection" (absent: the JSON file with a "database" object), checked against
// the profile's name. Throws dt::Error "profile '<origin>': connection...".
Connection parse_connection(const json::Json& doc, std::string_view origin);
// The profile's "repo_column" and "repo_lookup" into profile (both or neither).
void parse_repo_keys(const json::Json& doc, std::string_view origin, Profile& profile);
// The profile's "build", "toolchain" and "steps" into profile (profile_steps.cpp); their
// placeholders are checked against profile.connection, so that is parsed first.
void parse_steps(const json::Json& doc, std::string_view origin, Profile& profile);
// "discovery_steps" (default: every step), then "upgrade_steps" (default: the discovery steps)
// into profile (profile_steps.cpp); needs profile.steps.
void parse_upgrade_steps(const json::Json& doc, std::string_view origin, Profile& profile);
// The per-table keys, each optional and outside the collection key: "content_exclude",
// "natural_keys", "unstable_tables", "accepted" (profile_tables.cpp); needs profile.schemas.
void parse_table_keys(const json::Json& doc, std::string_view origin, Profile& profile);

// The longest "schema.table" a profile may name (a copy_rows step's table, repo_lookup.table;
// the JSON Schema's maxLength): two quoted names and a dot fit comfortably.
inline constexpr std::size_t kMaxQualified = 200;

// One profile's value checks with its origin in every message, for the parsers above.
class ProfileCheck {
 public:
  // origin names the profile in messages (a path, or "built-in").
  explicit ProfileCheck(std::string_view origin) : origin_(origin) {}
  // Throws dt::Error "profile '<origin>': <what>".
  [[noreturn]] void fail(std::string_view what) const;
  // The string at `where`; an empty one only with allow_empty.
  std::string string(const json::Json& value, std::string_view where, bool allow_empty) const;
  // A database, schema or column name: a non-empty string without NUL or control characters
  // (libpq would cut a name at a NUL), at most 63 bytes (PostgreSQL would truncate it).
  std::string name(const json::Json& value, std::string_view where) const;

 private:
  std::string origin_;
};

// The profile's JSON Schema: docs/profile.schema.json, compiled in.
std::string_view profile_schema_text();
// Every way json_text breaks the JSON Schema, one line each ("profile '<origin>': <where>:
// <what>"); malformed JSON is one line. The parser's cross-field rules are not checked here.
std::vector<std::string> schema_problems(std::string_view json_text, std::string_view origin);
// The same for a data-test.accepted.json (the profile schema's "accepted" definition); origin
// starts each line.
std::vector<std::string> accepted_schema_problems(std::string_view json_text,
                                                  std::string_view origin);

// The built-in Aveloxis profile.
Profile builtin_profile();
// Its JSON text (printed in docs and --help).
std::string_view builtin_profile_json();

}  // namespace dt
