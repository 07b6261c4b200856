#include "run/phase_timer.hpp"

#include <exception>

#include <fmt/format.h>

#include "util/log.hpp"

namespace dt {

PhaseTimer::PhaseTimer(std::string& current, std::vector<PhaseTiming>& timings, int number,
                       std::string name)
    : current_(current),
      timings_(timings),
      name_(std::move(name)),
      start_(std::chrono::steady_clock::now()) {
  current_ = fmt::format("phase {}/6 ({})", number, name_);
  log::milestone(fmt::format("{}: started", current_));
}

PhaseTimer::~PhaseTimer() noexcept {
  try {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    timings_.push_back({name_, seconds});
    if (std::uncaught_exceptions() == 0) {
      log::milestone(fmt::format("{}: done in {:.1f} s", current_, seconds));
    }
  } catch (...) {
    // Out of memory while unwinding: the timing is lost, the run's outcome is not.
  }
}

}  // namespace dt
