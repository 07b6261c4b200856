#include "profile.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include <fmt/format.h>

#include "core/model.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace dt {
namespace {

using json::Json;

constexpr std::array<std::string_view, 15> kKeys = {
    "accepted",        "build",       "connection",   "content_exclude", "databases",
    "discovery_steps", "name",        "natural_keys", "schemas",         "steps",
    "repo_column",     "repo_lookup", "toolchain",    "upgrade_steps",   "unstable_tables"};
// PostgreSQL truncates longer names silently (NAMEDATALEN - 1), which could merge two names.
constexpr std::size_t kMaxDbName = 63;
// The name goes into the default work dir's name.
constexpr std::size_t kMaxName = 100;

constexpr std::string_view kBuiltin = R"json({
  "name": "aveloxis",
  "build": ["go", "build", "-o", "{bin}", "./cmd/aveloxis"],
  "toolchain": ["go", "version"],
  "steps": [
    {"run": ["{bin}", "-c", "{config}", "migrate", "--skip-views"]},
    {"copy_rows": "aveloxis_ops.api_keys"},
    {"run": ["{bin}", "-c", "{config}", "add-repo", "{repo}"]},
    {"run": ["{bin}", "-c", "{config}", "collect", "{repo}", "--full"]}
  ],
  "schemas": ["aveloxis_data", "aveloxis_ops"],
  "databases": {"released": "aveloxis_released", "new": "aveloxis_new"},
  "discovery_steps": 1
}
)json";

bool is_name_char(char c) {
  return text::is_ident_char(c) || c == '.' || c == '-';
}

std::string top_keys_list() {
  std::vector<std::string> keys(kKeys.begin(), kKeys.end());
  std::sort(keys.begin(), keys.end());
  std::string out;
  for (const auto& key : keys) out += (out.empty() ? "" : ", ") + key;
  return out;
}

// "<released>_upgraded", unless that is longer than PostgreSQL keeps.
std::string default_upgraded_name(const std::string& released, const ProfileCheck& check) {
  std::string name = released + "_upgraded";
  if (name.size() > kMaxDbName) {
    check.fail(fmt::format(
        "the upgraded side's default database name '{}' is longer than {} bytes; name it in "
        "\"databases\": {{\"upgraded\": \"<name>\"}}",
        name, kMaxDbName));
  }
  return name;
}

// databases.released, .new and .upgraded: three different names.
void parse_databases(const ProfileCheck& check, const Json& dbs, Profile& profile) {
  if (!dbs.is_object()) {
    check.fail(R"(databases must be an object: {"released": "<name>", "new": "<name>"})");
  }
  for (const auto& item : dbs.items()) {
    if (item.key() != "released" && item.key() != "new" && item.key() != "upgraded") {
      check.fail(fmt::format("unknown key 'databases.{}'; known keys: released, new, upgraded",
                             item.key()));
    }
  }
  for (std::string_view key : {"released", "new"}) {
    if (!dbs.contains(key))
      check.fail(
          fmt::format("missing key 'databases.{}'; add it (see docs/profile-format.md)", key));
    auto name = check.name(dbs[std::string(key)], fmt::format("databases.{}", key));
    (key == "released" ? profile.released_db : profile.new_db) = std::move(name);
  }
  if (profile.released_db == profile.new_db) {
    check.fail(
        fmt::format("databases.released and databases.new are both '{}'; give them "
                    "different names",
                    profile.new_db));
  }
  profile.upgraded_db = dbs.contains("upgraded")
                            ? check.name(dbs["upgraded"], "databases.upgraded")
                            : default_upgraded_name(profile.released_db, check);
  if (profile.upgraded_db == profile.released_db || profile.upgraded_db == profile.new_db) {
    check.fail(fmt::format(
        "databases.upgraded is '{}', the name of another side's database; give it its own name",
        profile.upgraded_db));
  }
}

}  // namespace

void ProfileCheck::fail(std::string_view what) const {
  throw Error(fmt::format("profile '{}': {}", origin_, what));
}

std::string ProfileCheck::string(const Json& value, std::string_view where,
                                 bool allow_empty) const {
  if (!value.is_string())
    fail(fmt::format("{} must be a string, got {}", where, value.type_name()));
  auto text = value.get<std::string>();
  if (!allow_empty && text.empty()) fail(fmt::format("{} must not be empty", where));
  return text;
}

std::string ProfileCheck::name(const Json& value, std::string_view where) const {
  auto text = string(value, where, false);
  if (text::has_control_char(text)) {
    fail(fmt::format("{} '{}' holds a control character; use a plain name", where,
                     text::printable(text)));
  }
  if (text.size() > kMaxDbName) {
    fail(fmt::format("{} '{}' is longer than {} bytes; PostgreSQL would truncate it", where, text,
                     kMaxDbName));
  }
  return text;
}

Profile parse_profile(std::string_view json_text, std::string_view origin) {
  const Json doc = json::parse(json_text, fmt::format("profile '{}'", origin));
  if (!doc.is_object()) {
    throw Error(fmt::format("profile '{}': the top level must be an object, got {}", origin,
                            doc.type_name()));
  }
  for (const auto& item : doc.items()) {
    if (std::find(kKeys.begin(), kKeys.end(), item.key()) == kKeys.end()) {
      throw Error(fmt::format("profile '{}': unknown key '{}'; known keys: {}", origin, item.key(),
                              top_keys_list()));
    }
  }
  for (std::string_view key : {"name", "build", "steps", "schemas", "databases"}) {
    if (!doc.contains(key)) {
      throw Error(fmt::format("profile '{}': missing key '{}'; add it (see docs/profile-format.md)",
                              origin, key));
    }
  }

  Profile profile;
  profile.connection = parse_connection(doc, origin);
  const ProfileCheck check(origin);
  profile.name = check.string(doc["name"], "name", false);
  if (!std::all_of(profile.name.begin(), profile.name.end(), is_name_char)) {
    check.fail(
        fmt::format("name '{}' may use only letters, digits, '_', '.' and '-'", profile.name));
  }
  if (profile.name.size() > kMaxName) {
    check.fail(fmt::format("name is longer than {} characters; use a short name", kMaxName));
  }
  parse_steps(doc, origin, profile);

  const Json& schemas = doc["schemas"];
  if (!schemas.is_array() || schemas.empty()) {
    check.fail("schemas must be a non-empty array of schema names, e.g. [\"public\"]");
  }
  for (std::size_t i = 0; i < schemas.size(); ++i) {
    auto schema = check.name(schemas[i], fmt::format("schemas[{}]", i));
    if (std::find(profile.schemas.begin(), profile.schemas.end(), schema) !=
        profile.schemas.end()) {
      check.fail(fmt::format("schemas lists '{}' twice; list each schema once", schema));
    }
    profile.schemas.push_back(std::move(schema));
  }

  parse_databases(check, doc["databases"], profile);
  parse_upgrade_steps(doc, origin, profile);
  parse_repo_keys(doc, origin, profile);
  parse_table_keys(doc, origin, profile);
  profile.canonical = doc.dump();
  auto shaping = doc;
  for (const char* key : {"natural_keys", "content_exclude", "repo_column", "repo_lookup",
                          "upgrade_steps", "unstable_tables", "accepted"}) {
    shaping.erase(key);
  }
  profile.collection = shaping.dump();
  return profile;
}

std::vector<std::string> known_profile_keys() {
  std::vector<std::string> keys(kKeys.begin(), kKeys.end());
  for (const char* key :
       {"databases.released", "databases.new", "databases.upgraded", "upgrade_steps[].run",
        "upgrade_steps[].copy_rows", "upgrade_steps[].once", "steps[].run", "steps[].copy_rows",
        "steps[].once", "connection.from", "connection.format", "connection.path",
        "connection.keys", "connection.variable", "repo_lookup.table", "repo_lookup.url_column",
        "repo_lookup.id_column"}) {
    keys.emplace_back(key);
  }
  for (const char* field : {"host", "port", "user", "password", "dbname", "sslmode", "url"}) {
    keys.push_back(std::string("connection.keys.") + field);
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

Profile builtin_profile() {
  return parse_profile(kBuiltin, "built-in");
}

std::string_view builtin_profile_json() {
  return kBuiltin;
}

}  // namespace dt
