#pragma once
// The phase a run is in, as a value: Run acts on its number and side, and prints its text()
// ("phase 4/6 (collect, new side)") in messages and partial reports.
#include <string>

namespace dt {

// The names of the step phases run_steps runs on each side (progress.json records them).
inline constexpr const char* kMigratePhase = "migrate";
inline constexpr const char* kCollectPhase = "collect";

struct Phase {
  // The side a phase works on; none for the phases over both sides (or neither).
  enum class Side { none, released, fresh };

  int number = 0;    // N of "phase N/6"; 0 before the numbered phases (the preflight)
  std::string name;  // "provision scratch databases", "collect"; empty before the run starts
  Side side = Side::none;

  bool started() const noexcept { return !name.empty(); }
  // "released", "new", or "" for Side::none: the side's name in messages and progress.json.
  const char* side_name() const noexcept;
  // "collect, new side": the name with its side; the report's timing is under this name.
  std::string label() const;
  // "phase 4/6 (collect, new side)"; before the numbered phases, the name alone
  // ("preflight (server checks)").
  std::string text() const;
};

}  // namespace dt
