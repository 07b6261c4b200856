// Run's builds side by side: with a backend that allows it, both sides' builds run at once; the
// first failure ends the other build, and the error reported is the released side's unless that
// build was only stopped.
#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/fake_backend.hpp"
#include "util/process.hpp"

namespace dt {
namespace {

using ::testing::HasSubstr;
using testing_support::FakeBackend;
using testing_support::Journal;
using testing_support::RunOrder;

// What a side's fake build does once both have started: succeed, fail, or wait for its stop flag.
enum class Does { succeed, fail, wait_for_stop };

// Builds at once: each build waits (up to 20 s, a guard against a hang, never a timing) until
// both have started, then does what it was told.
class SideBySide : public FakeBackend {
 public:
  SideBySide(Journal& journal, Does released, Does fresh)
      : FakeBackend(journal), released_(released), fresh_(fresh) {}
  bool builds_side_by_side() const override { return true; }
  void build(const Plan&, const Side& side) override {
    started_ += 1;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (started_ < 2 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::yield();
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      seen_.insert(side.name + (started_ == 2 ? " with the other" : " alone"));
    }
    const Does does = side.name == "released" ? released_ : fresh_;
    if (does == Does::fail) throw Error(side.name + " build failed");
    if (does == Does::succeed) return;
    while (side.stop != nullptr && !side.stop->load() &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::yield();
    }
    if (side.stop != nullptr && side.stop->load()) throw process::Stopped(side.name + " stopped");
    throw Error(side.name + " was never stopped");
  }
  std::set<std::string> seen() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return seen_;
  }

 private:
  Does released_;
  Does fresh_;
  std::atomic<int> started_{0};
  mutable std::mutex mutex_;
  std::set<std::string> seen_;
};

std::string error_of(dt::Run& run) {
  try {
    run.collect();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST_F(RunOrder, BothSidesBuildAtOnce) {
  auto backend = std::make_unique<SideBySide>(journal_, Does::succeed, Does::succeed);
  const SideBySide& fake = *backend;
  {
    dt::Run run(plan(), std::move(backend));
    EXPECT_EQ(run.collect().results.size(), 1u);
    // Each build saw the other one started before it went on.
    EXPECT_EQ(fake.seen(),
              (std::set<std::string>{"released with the other", "new with the other"}));
  }
}

TEST_F(RunOrder, TheFirstFailedBuildStopsTheOtherAndIsTheOneReported) {
  {
    dt::Run run(plan(), std::make_unique<SideBySide>(journal_, Does::wait_for_stop, Does::fail));
    EXPECT_THAT(error_of(run), HasSubstr("new build failed"));
  }
  {
    dt::Run run(plan(), std::make_unique<SideBySide>(journal_, Does::fail, Does::wait_for_stop));
    EXPECT_THAT(error_of(run), HasSubstr("released build failed"));
  }
  {
    // Both fail on their own: the released side's error, as when they built one after the other.
    dt::Run run(plan(), std::make_unique<SideBySide>(journal_, Does::fail, Does::fail));
    EXPECT_THAT(error_of(run), HasSubstr("released build failed"));
  }
  EXPECT_THAT(journal_.events, ::testing::Not(::testing::Contains(HasSubstr("create"))));
}

}  // namespace
}  // namespace dt
