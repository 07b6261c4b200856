#pragma once
// The application profile as a value: how to build one side and which steps fill its scratch
// database, and the placeholders its arguments may hold. Parsing lives in profile.hpp.
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
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

// The placeholder names a profile's arguments may use, without braces.
inline constexpr std::array<std::string_view, 6> kPlaceholderNames = {"bin",  "config", "repo",
                                                                      "side", "src",    "work_dir"};

// Where each "{identifier}" lies in arg: [begin, end) with end one past the closing brace.
// Other braces (a JSON argument, say) are literal text.
std::vector<std::pair<std::size_t, std::size_t>> placeholder_spans(std::string_view arg);

// Replaces every placeholder in each argument, in one pass (a value holding "{src}" is never
// expanded again).
std::vector<std::string> expand(const std::vector<std::string>& argv, const Placeholders& values);

}  // namespace dt
