#pragma once
// The application profile: how to build one side and which steps fill its scratch database.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dt {

// One step of a side's collection.
struct Step {
  enum class Kind { run, copy_rows };
  Kind kind = Kind::run;
  std::vector<std::string> argv;  // Kind::run: the argument vector, placeholders unexpanded
  std::string table;              // Kind::copy_rows: "schema.table"
};

// A parsed, validated profile.
struct Profile {
  std::string name;
  std::vector<std::string> build;  // argument vector, placeholders unexpanded
  std::vector<Step> steps;
  std::vector<std::string> schemas;
  std::string released_db;
  std::string new_db;
  std::size_t discovery_steps = 1;  // steps [0, n) build the schema; listing runs only those
  std::string canonical;            // the profile as compact JSON, for state fingerprints
};

// Values for {bin} {src} {config} {repo} {side} {work_dir}.
struct Placeholders {
  std::string bin, src, config, repo, side, work_dir;
};

// Parses and validates profile JSON. origin names the source in messages (a path).
// Throws dt::Error naming the key, or the line and column of a syntax error.
Profile parse_profile(std::string_view json_text, std::string_view origin);

// The built-in Aveloxis profile.
Profile builtin_profile();
// Its JSON text (printed in docs and --help).
std::string_view builtin_profile_json();

// Replaces every placeholder in each argument.
std::vector<std::string> expand(const std::vector<std::string>& argv, const Placeholders& values);

// The split of a "schema.table" name. Throws dt::Error when there is no dot.
std::pair<std::string, std::string> split_qualified(std::string_view qualified);

}  // namespace dt
