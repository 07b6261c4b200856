#pragma once
// The application profile as a value: how to build one side and which steps fill its scratch
// database, and the placeholders its arguments may hold. Parsing lives in profile.hpp, but for
// unstable_tables, which the saved state reads too (core/app_profile_json.hpp).
#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/accepted.hpp"

namespace dt {

// One step of a side's collection.
struct Step {
  enum class Kind { run, copy_rows };
  Kind kind = Kind::run;
  std::vector<std::string> argv;  // Kind::run: the argument vector, placeholders unexpanded
  std::string table;              // Kind::copy_rows: "schema.table"
  // A run step holding {repo} runs once per repository unless `once`: then once per run, each
  // argument that is exactly "{repo}" becoming every repository, in order.
  bool once = false;
};

// How the application finds its database: the primary's connection is read from there, and
// each side's steps are pointed at their scratch database the same way.
struct Connection {
  enum class From {
    file,       // a JSON or YAML file with the key path of each connection field
    url_env,    // a URL in an environment variable
    libpq_env,  // libpq's variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, ...)
  };
  From from = From::file;
  std::string format = "json";  // file: "json" or "yaml"
  std::string path;             // file: relative to the clone; empty: <profile name>.json
  // file: connection field (host port user password dbname sslmode url) -> dotted key path.
  std::map<std::string, std::string> keys = {
      {"host", "database.host"},     {"port", "database.port"},
      {"user", "database.user"},     {"password", "database.password"},
      {"dbname", "database.dbname"}, {"sslmode", "database.sslmode"}};
  std::string variable = "DATABASE_URL";  // url_env: the variable's name
};

// Where a collected row's repository is written: a table mapping each repository URL to its id.
struct RepoLookup {
  std::string table;       // "schema.table"
  std::string url_column;  // the URL exactly as the collector was given it
  std::string id_column;   // the id other tables hold in the profile's repo_column
};

// A profile's say on how one table's rows are matched across the two databases
// ("natural_keys" in docs/profile-format.md).
struct NaturalKeyOverride {
  std::string schema;
  std::string table;
  std::vector<std::string> key;      // the key columns; empty: data-test chooses
  std::vector<std::string> exclude;  // columns never compared (a run's timestamp, say)
};

// A table whose counts are known to vary between two collections of the same build (a live
// source, random or time-dependent rows): "unstable_tables" in docs/profile-format.md.
struct UnstableTable {
  std::string schema;
  std::string table;
  std::string reason;                  // why, as the profile says it (shown in the report)
  std::optional<std::int64_t> spread;  // rows either way that are noise; none: any difference
};

// A parsed, validated profile.
struct Profile {
  std::string name;
  std::vector<std::string> build;  // argument vector, placeholders unexpanded
  // A command printing the toolchain's version (e.g. go version): part of the released build
  // cache's key. Empty: the profile names none.
  std::vector<std::string> toolchain;
  std::vector<Step> steps;
  std::vector<std::string> schemas;
  std::string released_db;
  std::string new_db;
  // The upgraded side: a copy of the released collection that upgrade_steps migrate with the
  // new build ("databases.upgraded", default "<released_db>_upgraded").
  std::string upgraded_db;
  std::size_t discovery_steps = 1;  // steps [0, n) build the schema; listing runs only those
  Connection connection;            // how the application finds its database
  std::string repo_column;          // empty: no per-repository breakdown
  RepoLookup repo_lookup;           // set exactly when repo_column is
  std::vector<NaturalKeyOverride> natural_keys;  // sorted by schema, table
  std::vector<UnstableTable> unstable_tables;    // sorted by schema, table
  // Intended changes: the profile's "accepted" and <source-dir>/data-test.accepted.json (read
  // by the plan), sorted by schema, table.
  std::vector<AcceptedChange> accepted;
  // The upgrade's steps (default: the first discovery_steps steps, the schema steps).
  std::vector<Step> upgrade_steps;
  // Columns no content comparison reads, on any table (a version stamp a migration rewrites).
  std::vector<std::string> content_exclude;
  std::string canonical;  // the profile as compact JSON, for state fingerprints
  // The same less the parts that never change what a collection writes (natural_keys,
  // content_exclude, repo_column, repo_lookup, upgrade_steps, unstable_tables, accepted): the key
  // of builds, listings, snapshots and --resume, so that editing how a result is diagnosed reuses
  // them.
  std::string collection;
};

// Values for {bin} {src} {config} {repo} {side} {work_dir} {dbname} {database_url}.
// database_url never holds the password (it may land in argv): children find the password in
// their environment (PGPASSFILE).
struct Placeholders {
  std::string bin, src, config, repo, side, work_dir, dbname, database_url;
};

// The placeholder names a profile's arguments may use, without braces.
inline constexpr std::array<std::string_view, 8> kPlaceholderNames = {
    "bin", "config", "database_url", "dbname", "repo", "side", "src", "work_dir"};

// Where each "{identifier}" lies in arg: [begin, end) with end one past the closing brace.
// Other braces (a JSON argument, say) are literal text.
std::vector<std::pair<std::size_t, std::size_t>> placeholder_spans(std::string_view arg);

// Replaces every placeholder in each argument, in one pass (a value holding "{src}" is never
// expanded again).
std::vector<std::string> expand(const std::vector<std::string>& argv, const Placeholders& values);

// A once-per-run step's arguments: each argument that is exactly "{repo}" becomes every
// repository in order, the rest expand as expand() does.
std::vector<std::string> expand_once(const std::vector<std::string>& argv,
                                     const Placeholders& values,
                                     const std::vector<std::string>& repos);

// True when any argument holds the placeholder {name}.
bool uses_placeholder(const std::vector<std::string>& argv, std::string_view name);

}  // namespace dt
