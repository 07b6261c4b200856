#include "state.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/app_profile_json.hpp"
#include "core/results_json.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/json.hpp"
#include "util/text.hpp"

namespace dt {
namespace {

[[noreturn]] void corrupt(const std::filesystem::path& path, std::string_view reason) {
  throw Error(fmt::format("state '{}': corrupt ({}); delete it or run without --reuse-state",
                          path.string(), reason));
}

std::string input_string(const json::Json& inputs, const char* key,
                         const std::filesystem::path& path) {
  if (!inputs.contains(key)) corrupt(path, fmt::format("missing key 'inputs.{}'", key));
  if (!inputs.at(key).is_string()) {
    corrupt(path, fmt::format("key 'inputs.{}' is not a string", key));
  }
  return inputs.at(key).get<std::string>();
}

// The unstable_tables of the profile the state was collected with, read as the profile parser
// reads them (its schemas were checked when it was loaded).
std::vector<UnstableTable> declared_unstable(const State& state,
                                             const std::filesystem::path& path) {
  json::Json doc;
  try {
    doc = json::Json::parse(state.inputs.profile);
  } catch (const std::exception&) {
    corrupt(path, "its inputs' profile is not JSON");
  }
  if (!doc.is_object() || !doc.contains("unstable_tables")) return {};
  try {
    return parse_unstable_tables(doc["unstable_tables"], nullptr);
  } catch (const Error& e) {
    corrupt(path, fmt::format("its inputs' profile: {}", e.what()));
  }
}

// An UNSTABLE verdict never fails, so it must come from the profile the state was collected
// with: an entry the saved profile does not hold word for word is a hand edit hiding a finding.
void check_unstable(const State& state, const std::filesystem::path& path) {
  if (std::none_of(state.results.begin(), state.results.end(),
                   [](const TableResult& r) { return r.unstable.has_value(); })) {
    return;
  }
  const std::vector<UnstableTable> declared = declared_unstable(state, path);
  for (const auto& r : state.results) {
    if (!r.unstable) continue;
    const bool same = std::any_of(declared.begin(), declared.end(), [&](const UnstableTable& u) {
      return u.schema == r.schema && u.table == r.table && u.reason == r.unstable->reason &&
             u.spread == r.unstable->spread;
    });
    if (!same) {
      corrupt(path, fmt::format("{}.{} is UNSTABLE by no entry of its profile", r.schema, r.table));
    }
  }
}

}  // namespace

bool StateInputs::operator==(const StateInputs& other) const {
  return released_commit == other.released_commit && tree_fingerprint == other.tree_fingerprint &&
         repo == other.repo && profile == other.profile;
}

std::string side_key(const StateInputs& inputs, std::string_view side) {
  text::Fnv1a64 h;
  h.field("data-test side inputs v2");
  h.field(side);
  h.field(side == "released" ? inputs.released_commit : inputs.tree_fingerprint);
  h.field(inputs.repo);
  h.field(inputs.collection);
  return h.hex();
}

std::filesystem::path state_path(const std::filesystem::path& work_dir) {
  return work_dir / "state.json";
}

void save_state(const std::filesystem::path& work_dir, const State& state) {
  auto doc = render_json(state.info, state.results);
  doc["inputs"] = {{"released_commit", state.inputs.released_commit},
                   {"tree_fingerprint", state.inputs.tree_fingerprint},
                   {"repo", state.inputs.repo},
                   {"profile", state.inputs.profile}};
  file::write_atomic_private(state_path(work_dir), json::dump(doc));
}

std::optional<State> load_state(const std::filesystem::path& work_dir) {
  const auto path = state_path(work_dir);
  const auto text = file::read_text_if_exists(path, "state");
  if (!text) return std::nullopt;
  const json::Json doc = json::parse(*text, fmt::format("state '{}'", path.string()),
                                     "delete it or run without --reuse-state");
  State state;
  try {
    parse_json(doc, state.info, state.results);
  } catch (const Error& e) {
    corrupt(path, e.what());
  }
  if (!doc.contains("inputs") || !doc["inputs"].is_object()) corrupt(path, "missing key 'inputs'");
  // Only a finished collection is saved; anything else was edited by hand.
  if (!doc.contains("complete") || doc["complete"] != true) corrupt(path, "not a finished run");
  const auto& inputs = doc["inputs"];
  state.inputs.released_commit = input_string(inputs, "released_commit", path);
  state.inputs.tree_fingerprint = input_string(inputs, "tree_fingerprint", path);
  state.inputs.repo = input_string(inputs, "repo", path);
  state.inputs.profile = input_string(inputs, "profile", path);
  check_unstable(state, path);
  return state;
}

}  // namespace dt
