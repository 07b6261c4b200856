#pragma once
// <work-dir>/state.json: a finished collection's results plus the inputs it was made from, so
// that CTest's table tests and later runs can reuse it instead of collecting again.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.hpp"

namespace dt {

// What a collection depends on; a state is reused only when all of these match.
struct StateInputs {
  std::string released_commit;
  std::string tree_fingerprint;
  std::string repo;     // as shown (credentials masked): a token does not change the data
  std::string profile;  // the profile's canonical JSON
  // Profile::collection: the profile parts a side's build and collection depend on. Not saved:
  // a state's own answer needs the whole profile (its diagnosis used every part).
  std::string collection;
  // The state's inputs: the collection and the whole profile (not `collection`, derived).
  bool operator==(const StateInputs& other) const;
  bool operator!=(const StateInputs& other) const { return !(*this == other); }
};

// One side's inputs as a 16-hex-digit key: the released side's are the tag's commit, the new
// side's the working tree's fingerprint, and both sides' the repo and the profile's collection
// parts. A side's build, its schema-only discovery and its collection depend on nothing else, so
// they are cached under this key.
std::string side_key(const StateInputs& inputs, std::string_view side);

struct State {
  StateInputs inputs;
  RunInfo info;
  std::vector<TableResult> results;
};

// The state file's path inside a work dir.
std::filesystem::path state_path(const std::filesystem::path& work_dir);
// Writes atomically (temp file + rename), mode 0600.
void save_state(const std::filesystem::path& work_dir, const State& state);
// The state in work_dir, or nullopt when there is none. Throws dt::Error when it is corrupt.
std::optional<State> load_state(const std::filesystem::path& work_dir);

}  // namespace dt
