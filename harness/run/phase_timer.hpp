#pragma once
// Announces a phase, and when it ends how long it took; records the timing for the report.
#include <chrono>
#include <string>
#include <vector>

#include "core/model.hpp"

namespace dt {

class PhaseTimer {
 public:
  // Sets current to "phase N/6 (name)" and prints "...: started".
  PhaseTimer(std::string& current, std::vector<PhaseTiming>& timings, int number, std::string name);
  // Records the time; prints "...: done in X s" unless an exception is unwinding. Never throws.
  ~PhaseTimer() noexcept;
  PhaseTimer(const PhaseTimer&) = delete;
  PhaseTimer& operator=(const PhaseTimer&) = delete;

 private:
  std::string& current_;
  std::vector<PhaseTiming>& timings_;
  std::string name_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace dt
