#pragma once
// Announces a phase, and when it ends how long it took; records the timing for the report.
#include <chrono>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "run/phase.hpp"

namespace dt {

class PhaseTimer {
 public:
  // Sets current to phase and prints "phase N/6 (name): started".
  PhaseTimer(Phase& current, std::vector<PhaseTiming>& timings, Phase phase);
  // Records the time; prints "...: done in X s" unless an exception is unwinding. Never throws.
  ~PhaseTimer() noexcept;
  PhaseTimer(const PhaseTimer&) = delete;
  PhaseTimer& operator=(const PhaseTimer&) = delete;

 private:
  Phase& current_;
  std::vector<PhaseTiming>& timings_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace dt
