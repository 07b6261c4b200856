// Run's builds: which sides are built (the released one may come from the cache; a self-check
// builds only the released one), each given both at once when the backend allows it (the two
// builds share nothing), the first failure ending the other build.
#include <atomic>
#include <exception>
#include <thread>

#include <fmt/format.h>

#include "run/phase_timer.hpp"
#include "run/run.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/log.hpp"
#include "util/process.hpp"
#include "util/signals.hpp"

namespace dt {

void Run::build_sides(Sides& sides, const Pass& pass) {
  PhaseTimer timer(phase_, info_.phases, {1, "resolve binaries"});
  file::create_directories(plan_.work_dir.path() / "logs", 0700);
  for (const Side* side : active(sides, pass)) {
    // One log per run: a fixed work dir (CTest) must not pile runs onto each other.
    file::write_private(side->log, fmt::format("==== data-test {} started {} ====\n",
                                               pass.listing ? "listing" : "run", utc_now_iso()));
  }
  // A self-check's new side runs the released build: it is needed even when a snapshot stands
  // in for the released collection.
  const bool self_check = plan_.options.mode == Mode::self_check;
  const bool released_build = pass.released_side || (self_check && pass.new_side);
  const auto cached =
      released_build ? backend_->cached_build(plan_, sides.released) : std::optional<CachedBuild>();
  if (cached) {
    // No worktree: the released steps run beside the executable.
    sides.released.src = sides.released.bin.parent_path();
    info_.released_build = cached_build_text(*cached);
    log::milestone(fmt::format("released build: {}", info_.released_build));
  } else if (released_build) {
    worktree_ = backend_->worktree(plan_, sides.released.src.filename().string(),
                                   plan_.inputs.released_commit);
  }
  // A bisect candidate: its commit, checked out beside the released one; a commit's build is
  // cached as the released tag's is.
  std::optional<CachedBuild> new_cached;
  if (pass.new_side && !plan_.new_commit.empty()) {
    new_worktree_ =
        backend_->worktree(plan_, sides.fresh.src.filename().string(), plan_.new_commit);
    new_cached = backend_->cached_build(plan_, sides.fresh);
    if (new_cached) log::milestone(fmt::format("new build: {}", cached_build_text(*new_cached)));
  }
  std::vector<const Side*> builds;
  if (released_build && !cached) builds.push_back(&sides.released);
  if (pass.new_side && !self_check && !new_cached) builds.push_back(&sides.fresh);
  build_all(builds);
  if (self_check) {
    // One build, one source: the second collection differs from the first only by when it ran.
    sides.fresh.src = sides.released.src;
    sides.fresh.bin = sides.released.bin;
  }
}

void Run::build_all(const std::vector<const Side*>& builds) {
  signals::throw_if_interrupted();
  const auto side_of = [](const Side& side) {
    return side.name == "released" ? Phase::Side::released : Phase::Side::fresh;
  };
  if (builds.size() < 2 || !backend_->builds_side_by_side()) {
    for (const Side* side : builds) {
      signals::throw_if_interrupted();
      try {
        backend_->build(plan_, *side);
      } catch (const Error&) {
        failed_build_ = side_of(*side);
        throw;
      }
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
  // The error reported is the released side's unless that build was only stopped.
  const std::size_t reported = errors[0] && !stopped(errors[0]) ? 0 : errors[1] ? 1 : 0;
  if (!errors[reported]) return;
  failed_build_ = side_of(*builds[reported]);
  std::rethrow_exception(errors[reported]);
}

Phase Run::stopped_in() const {
  Phase phase = phase_;
  if (phase.number == 1) phase.side = failed_build_;
  return phase;
}

}  // namespace dt
