// Run's builds: each side given, both at once when the backend allows it (the two builds share
// nothing), the first failure ending the other build.
#include <atomic>
#include <exception>
#include <thread>

#include "run/run.hpp"
#include "util/process.hpp"
#include "util/signals.hpp"

namespace dt {

void Run::build_all(const std::vector<const Side*>& builds) {
  signals::throw_if_interrupted();
  if (builds.size() < 2 || !backend_->builds_side_by_side()) {
    for (const Side* side : builds) {
      signals::throw_if_interrupted();
      backend_->build(plan_, *side);
    }
    return;
  }
  // The two builds share nothing: side by side, the slower one is all they cost. The first
  // failure ends the other build; the released side's error wins unless it was only stopped.
  std::atomic<bool> stop{false};
  std::exception_ptr errors[2];
  const auto build = [&](const Side& side, std::exception_ptr& error) noexcept {
    Side mine = side;
    mine.stop = &stop;
    try {
      backend_->build(plan_, mine);
    } catch (...) {
      error = std::current_exception();
      stop = true;
    }
  };
  std::thread released([&] { build(*builds[0], errors[0]); });
  build(*builds[1], errors[1]);
  released.join();
  const auto stopped = [](const std::exception_ptr& e) {
    try {
      std::rethrow_exception(e);
    } catch (const process::Stopped&) {
      return true;
    } catch (...) {
      return false;
    }
  };
  if (errors[0] && !stopped(errors[0])) std::rethrow_exception(errors[0]);
  if (errors[1]) std::rethrow_exception(errors[1]);
  if (errors[0]) std::rethrow_exception(errors[0]);
}

}  // namespace dt
