#include "run/phase_timer.hpp"

#include <exception>

#include <fmt/format.h>

#include "util/log.hpp"

namespace dt {

PhaseTimer::PhaseTimer(Phase& current, std::vector<PhaseTiming>& timings, Phase phase)
    : current_(current), timings_(timings), start_(std::chrono::steady_clock::now()) {
  current_ = std::move(phase);
  log::milestone(fmt::format("{}: started", current_.text()));
}

PhaseTimer::~PhaseTimer() noexcept {
  try {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    timings_.push_back({current_.label(), seconds});
    if (std::uncaught_exceptions() == 0) {
      log::milestone(fmt::format("{}: done in {:.1f} s", current_.text(), seconds));
    }
  } catch (...) {
    // Out of memory while unwinding: the timing is lost, the run's outcome is not.
  }
}

}  // namespace dt
