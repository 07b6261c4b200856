#include "support/live_child.hpp"

#include <thread>

#include "test_paths.hpp"

namespace dt::e2e {
namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

bool has_line_with(const std::string& text, const std::string& part) {
  std::size_t start = 0;
  for (auto nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', start)) {
    if (text.substr(start, nl - start).find(part) != std::string::npos) return true;
    start = nl + 1;
  }
  return false;
}

LiveChild::LiveChild(const std::vector<std::string>& args,
                     const std::map<std::string, std::string>& env) {
  process::Launch launch;
  launch.argv = {DATA_TEST_BINARY};
  launch.argv.insert(launch.argv.end(), args.begin(), args.end());
  launch.env = env;
  launch.merge_output = false;
  child_ = std::make_unique<process::ChildGroup>(
      launch, process::Sinks{[this](std::string_view c) {
                               std::lock_guard<std::mutex> lock(mutex_);
                               out_.append(c);
                             },
                             [this](std::string_view c) {
                               std::lock_guard<std::mutex> lock(mutex_);
                               err_.append(c);
                             },
                             [this] {
                               std::lock_guard<std::mutex> lock(mutex_);
                               out_closed_ = true;
                             },
                             [this] {
                               std::lock_guard<std::mutex> lock(mutex_);
                               err_closed_ = true;
                             }});
}

std::string LiveChild::out() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return out_;
}

std::string LiveChild::err() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return err_;
}

bool LiveChild::wait_for(const std::string& text, bool on_stdout, std::chrono::seconds limit) {
  const auto deadline = Clock::now() + limit;
  for (;;) {
    if (has_line_with(on_stdout ? out() : err(), text)) return true;
    if (Clock::now() >= deadline) return false;
    if (child_->exited()) {
      // Whatever was still in the pipe when it exited: read up to its end (a grandchild that
      // keeps the pipe open is waited for up to the same deadline).
      for (;;) {
        {
          std::lock_guard<std::mutex> lock(mutex_);
          if (on_stdout ? out_closed_ : err_closed_) break;
        }
        if (Clock::now() >= deadline) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      return has_line_with(on_stdout ? out() : err(), text);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

bool LiveChild::wait_for_stdout(const std::string& text, std::chrono::seconds limit) {
  return wait_for(text, true, limit);
}

bool LiveChild::wait_for_stderr(const std::string& text, std::chrono::seconds limit) {
  return wait_for(text, false, limit);
}

void LiveChild::signal(int sig) {
  if (!reaped_) child_->signal_leader(sig);
}

int LiveChild::wait(std::chrono::seconds limit) {
  if (reaped_) return status_;
  const auto deadline = Clock::now() + limit;
  while (!child_->exited()) {
    if (Clock::now() >= deadline) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  status_ = child_->finish(false);
  reaped_ = true;
  return status_;
}

}  // namespace dt::e2e
