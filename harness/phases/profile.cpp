#include "profile.hpp"

#include <algorithm>
#include <array>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "core/accepted.hpp"
#include "core/app_profile_json.hpp"
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
// Two quoted names and a dot fit comfortably.
constexpr std::size_t kMaxQualified = 200;
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

bool is_ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_name_char(char c) {
  return is_ident_char(c) || c == '.' || c == '-';
}

bool known_placeholder(std::string_view name) {
  return std::find(kPlaceholderNames.begin(), kPlaceholderNames.end(), name) !=
         kPlaceholderNames.end();
}

std::string known_list() {
  std::string out;
  for (auto name : kPlaceholderNames) {
    if (!out.empty()) out += ' ';
    out += fmt::format("{{{}}}", name);
  }
  return out;
}

std::string top_keys_list() {
  std::vector<std::string> keys(kKeys.begin(), kKeys.end());
  std::sort(keys.begin(), keys.end());
  std::string out;
  for (const auto& key : keys) out += (out.empty() ? "" : ", ") + key;
  return out;
}

// Validation with the origin in every message.
class Checker {
 public:
  Checker(std::string_view origin, Connection::From from) : origin_(origin), from_(from) {}

  [[noreturn]] void fail(std::string_view what) const {
    throw Error(fmt::format("profile '{}': {}", origin_, what));
  }

  std::string string(const Json& value, std::string_view where, bool allow_empty) const {
    if (!value.is_string())
      fail(fmt::format("{} must be a string, got {}", where, value.type_name()));
    auto text = value.get<std::string>();
    if (!allow_empty && text.empty()) fail(fmt::format("{} must not be empty", where));
    return text;
  }

  // A database or schema name: a non-empty string without NUL or control characters (libpq
  // would cut a name at a NUL and compare another name than the one checked).
  std::string name(const Json& value, std::string_view where) const {
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

  // A non-empty array of strings; the first (the program) must not be empty. `build` is true
  // for the build command (it runs once per side, so {repo} means nothing there).
  std::vector<std::string> argv(const Json& value, std::string_view where, bool build) const {
    if (!value.is_array() || value.empty()) {
      fail(fmt::format(R"({} must be a non-empty array of strings, e.g. ["make", "{{bin}}"])",
                       where));
    }
    std::vector<std::string> out;
    for (std::size_t i = 0; i < value.size(); ++i) {
      const auto item_where = fmt::format("{}[{}]", where, i);
      out.push_back(string(value[i], item_where, i != 0));
      for (const auto& [begin, end] : placeholder_spans(out.back())) {
        const std::string_view name(out.back().data() + begin + 1, end - begin - 2);
        if (!known_placeholder(name)) {
          fail(fmt::format("{}: unknown placeholder '{{{}}}'; known: {}", item_where, name,
                           known_list()));
        }
        if (name == "config" && from_ != Connection::From::file) {
          fail(fmt::format(
              "{}: '{{config}}' needs a connection from a file, and this profile's connection "
              "is from the environment; use {{dbname}} or {{database_url}}, or drop the "
              "argument",
              item_where));
        }
        if (name == "repo" && build) {
          fail(
              fmt::format("{}: '{{repo}}' cannot be used in build (it runs once per side, "
                          "not per repository); use it in a step",
                          item_where));
        }
      }
    }
    return out;
  }

  // One step of `list` ("steps" or "upgrade_steps").
  Step step(const Json& value, std::string_view list, std::size_t index) const {
    const auto where = fmt::format("{}[{}]", list, index);
    const std::string_view shape =
        R"(a step is {"run": ["program", "arg", ...]} (with "once": true to run a {repo} )"
        R"(step once for all repositories) or {"copy_rows": "schema.table"})";
    if (!value.is_object() || value.empty()) {
      fail(fmt::format("{}: unknown step {}; {}", where, value.dump(), shape));
    }
    std::vector<std::string> kinds;
    for (auto it = value.begin(); it != value.end(); ++it) {  // not items(): a temporary proxy
      if (it.key() != "once") kinds.push_back(it.key());
    }
    if (kinds.size() != 1) {
      fail(fmt::format("{}: unknown step {}; {}", where, value.dump(), shape));
    }
    const std::string& key = kinds.front();
    const Json& body = value[key];
    Step step;
    if (key == "run") {
      step.kind = Step::Kind::run;
      step.argv = argv(body, where + ".run", false);
    } else if (key == "copy_rows") {
      step.kind = Step::Kind::copy_rows;
      step.table = string(body, where + ".copy_rows", false);
      if (step.table.size() > kMaxQualified) {
        fail(fmt::format("{}.copy_rows is longer than {} bytes; name one table as schema.table",
                         where, kMaxQualified));
      }
      try {
        split_qualified(step.table);
      } catch (const Error& e) {
        fail(fmt::format("{}.copy_rows: {}", where, e.what()));
      }
    } else {
      fail(fmt::format("{}: unknown step '{}'; {}", where, key, shape));
    }
    if (value.contains("once")) {
      if (step.kind != Step::Kind::run) {
        fail(fmt::format("{}.once applies to run steps only (copy_rows runs once anyway)", where));
      }
      if (!value["once"].is_boolean()) {
        fail(fmt::format("{}.once must be true or false, got {}", where, value["once"].dump()));
      }
      step.once = value["once"].get<bool>();
    }
    if (step.once) {
      for (std::size_t i = 0; i < step.argv.size(); ++i) {
        if (step.argv[i] != "{repo}" && uses_placeholder({step.argv[i]}, "repo")) {
          fail(fmt::format(
              "{}.run[{}]: a once step takes '{{repo}}' only as a whole argument (it becomes "
              "every repository, one argument each)",
              where, i));
        }
      }
    }
    return step;
  }

  // "natural_keys": {"schema.table": {"key": [columns], "exclude": [columns]}, ...}
  std::vector<NaturalKeyOverride> natural_keys(const Json& value,
                                               const std::vector<std::string>& schemas) const {
    const std::string_view shape =
        "natural_keys is an object like {\"schema.table\": {\"key\": [\"column\"], "
        "\"exclude\": [\"column\"]}}";
    if (!value.is_object()) fail(shape);
    std::vector<NaturalKeyOverride> out;
    for (const auto& item : value.items()) {
      const std::string where = fmt::format("natural_keys.\"{}\"", item.key());
      NaturalKeyOverride o;
      try {
        std::tie(o.schema, o.table) = split_qualified(item.key());
      } catch (const Error& e) {
        fail(fmt::format("{}: {}", where, e.what()));
      }
      if (std::find(schemas.begin(), schemas.end(), o.schema) == schemas.end()) {
        fail(
            fmt::format("{}: schema '{}' is not one of the profile's schemas; add it to "
                        "\"schemas\" or fix the name",
                        where, o.schema));
      }
      const Json& body = item.value();
      if (!body.is_object() || body.empty()) fail(fmt::format("{}: {}", where, shape));
      for (const auto& part : body.items()) {
        if (part.key() != "key" && part.key() != "exclude") {
          fail(fmt::format("{}: unknown key '{}'; known keys: key, exclude", where, part.key()));
        }
        auto& list = part.key() == "key" ? o.key : o.exclude;
        list = columns(part.value(), where + "." + part.key());
      }
      for (const auto& column : o.key) {
        if (std::find(o.exclude.begin(), o.exclude.end(), column) != o.exclude.end()) {
          fail(fmt::format("{}: column '{}' is both in key and in exclude; keep it in one", where,
                           column));
        }
      }
      out.push_back(std::move(o));
    }
    std::sort(out.begin(), out.end(), [](const NaturalKeyOverride& a, const NaturalKeyOverride& b) {
      return std::tie(a.schema, a.table) < std::tie(b.schema, b.table);
    });
    return out;
  }

  // A non-empty array of distinct column names.
  std::vector<std::string> columns(const Json& value, const std::string& where) const {
    if (!value.is_array() || value.empty()) {
      fail(fmt::format("{} must be a non-empty array of column names", where));
    }
    std::vector<std::string> out;
    for (std::size_t i = 0; i < value.size(); ++i) {
      auto column = name(value[i], fmt::format("{}[{}]", where, i));
      if (std::find(out.begin(), out.end(), column) != out.end()) {
        fail(fmt::format("{} lists '{}' twice; list each column once", where, column));
      }
      out.push_back(std::move(column));
    }
    return out;
  }

 private:
  std::string origin_;
  Connection::From from_;
};

// "<released>_upgraded", unless that is longer than PostgreSQL keeps.
std::string default_upgraded_name(const std::string& released, const Checker& check) {
  std::string name = released + "_upgraded";
  if (name.size() > kMaxDbName) {
    check.fail(fmt::format(
        "the upgraded side's default database name '{}' is longer than {} bytes; name it in "
        "\"databases\": {{\"upgraded\": \"<name>\"}}",
        name, kMaxDbName));
  }
  return name;
}

}  // namespace

// databases.released, .new and .upgraded: three different names.
void parse_databases(const Checker& check, const Json& dbs, Profile& profile) {
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

// discovery_steps (default: every step), then upgrade_steps (default: the discovery steps).
void parse_upgrade_steps(const Checker& check, const Json& doc, Profile& profile) {
  const Json& steps = doc["steps"];
  if (doc.contains("discovery_steps")) {
    const Json& n = doc["discovery_steps"];
    const bool integral = n.is_number_integer();
    const auto count = steps.size();
    if (!integral || n.get<std::int64_t>() < 1 ||
        static_cast<std::uint64_t>(n.get<std::int64_t>()) > count) {
      check.fail(fmt::format(
          "discovery_steps must be an integer from 1 to {} (the number of steps), got {}", count,
          n.dump()));
    }
    profile.discovery_steps = static_cast<std::size_t>(n.get<std::int64_t>());
  }
  if (doc.contains("upgrade_steps")) {
    const Json& list = doc["upgrade_steps"];
    if (!list.is_array() || list.empty()) {
      check.fail(
          R"(upgrade_steps must be a non-empty array of steps, e.g. [{"run": ["{bin}", "migrate"]}])");
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      profile.upgrade_steps.push_back(check.step(list[i], "upgrade_steps", i));
    }
  } else {
    profile.upgrade_steps.assign(
        profile.steps.begin(),
        profile.steps.begin() + static_cast<std::ptrdiff_t>(profile.discovery_steps));
  }
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
  const Checker check(origin, profile.connection.from);
  profile.name = check.string(doc["name"], "name", false);
  if (!std::all_of(profile.name.begin(), profile.name.end(), is_name_char)) {
    check.fail(
        fmt::format("name '{}' may use only letters, digits, '_', '.' and '-'", profile.name));
  }
  if (profile.name.size() > kMaxName) {
    check.fail(fmt::format("name is longer than {} characters; use a short name", kMaxName));
  }
  profile.build = check.argv(doc["build"], "build", true);
  if (doc.contains("toolchain")) {
    profile.toolchain = check.argv(doc["toolchain"], "toolchain", true);
  }

  const Json& steps = doc["steps"];
  if (!steps.is_array() || steps.empty()) {
    check.fail(R"(steps must be a non-empty array of steps, e.g. [{"run": ["{bin}", "migrate"]}])");
  }
  for (std::size_t i = 0; i < steps.size(); ++i)
    profile.steps.push_back(check.step(steps[i], "steps", i));

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
  parse_upgrade_steps(check, doc, profile);
  parse_repo_keys(doc, origin, profile);
  if (doc.contains("content_exclude")) {
    profile.content_exclude = check.columns(doc["content_exclude"], "content_exclude");
  }
  if (doc.contains("natural_keys")) {
    profile.natural_keys = check.natural_keys(doc["natural_keys"], profile.schemas);
  }
  if (doc.contains("unstable_tables")) {
    try {
      profile.unstable_tables = parse_unstable_tables(doc["unstable_tables"], &profile.schemas);
    } catch (const Error& e) {
      check.fail(e.what());
    }
  }
  if (doc.contains("accepted")) {
    profile.accepted =
        parse_accepted(doc["accepted"], fmt::format("profile '{}'", origin), profile.schemas);
  }
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
