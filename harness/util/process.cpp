#include "util/process.hpp"

#include <unistd.h>

#include <mutex>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "util/child.hpp"
#include "util/error.hpp"
#include "util/fd.hpp"
#include "util/file.hpp"
#include "util/log.hpp"
#include "util/output.hpp"
#include "util/redact.hpp"
#include "util/signals.hpp"

namespace dt::process {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kMaxLine = std::size_t{64} * 1024;  // a longer run without '\n' is cut

// Splits a byte stream into lines and writes each one, scrubbed and prefixed. Runs on the
// reader thread; a log that cannot be written is remembered and reported after the child ends.
class LineWriter {
 public:
  LineWriter(std::string prefix, const Fd* log, std::filesystem::path log_path, int echo)
      : prefix_(std::move(prefix)), log_(log), log_path_(std::move(log_path)), echo_(echo) {}

  void data(std::string_view chunk) {
    pending_.append(chunk);
    std::string::size_type start = 0;
    for (auto nl = pending_.find('\n'); nl != std::string::npos; nl = pending_.find('\n', start)) {
      line(std::string_view(pending_).substr(start, nl - start));
      start = nl + 1;
    }
    pending_.erase(0, start);
    if (pending_.size() >= kMaxLine) {
      line(pending_);
      pending_.clear();
    }
  }

  void eof() {
    if (!pending_.empty()) line(pending_);
    pending_.clear();
  }

  // The first error writing the log, if any.
  std::optional<std::string> log_error() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return log_error_;
  }

 private:
  void line(std::string_view text) {
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    const std::string out = fmt::format("{}{}\n", prefix_, redact::scrub(text));
    if (echo_ == 1) {
      output::print(out);
    } else if (echo_ == 2) {
      (void)!::write(2, out.data(), out.size());
    }
    if (log_ != nullptr && *log_) {
      try {
        file::write_all(*log_, out, log_path_);
      } catch (const Error& e) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!log_error_) log_error_ = e.what();
      }
    }
  }

  std::string prefix_;
  const Fd* log_;
  std::filesystem::path log_path_;
  int echo_;  // 0 none, 1 stdout, 2 stderr
  std::string pending_;
  mutable std::mutex mutex_;
  std::optional<std::string> log_error_;
};

}  // namespace

int run(const Spec& spec) {
  signals::throw_if_interrupted();
  Fd log;
  if (!spec.log_file.empty()) log = file::open_append_private(spec.log_file);
  LineWriter writer(spec.prefix, &log, spec.log_file, !spec.echo ? 0 : spec.echo_to_stderr ? 2 : 1);
  Launch launch;
  launch.argv = spec.argv;
  launch.cwd = spec.cwd;
  launch.env = spec.env;
  launch.unset = spec.unset;
  signals::WaitingFor waiting(spec.label.empty() ? display(spec.argv) : spec.label);
  ChildGroup child(
      launch, Sinks{[&](std::string_view c) { writer.data(c); }, {}, [&] { writer.eof(); }, {}});
  int signal = 0;
  const auto started = Clock::now();
  const auto interval = heartbeat_interval();
  auto next_beat = started + interval;
  bool stopped = false;
  while (!child.exited()) {
    if ((signal = signals::interrupting()) != 0) break;
    if (spec.stop != nullptr && spec.stop->load()) {
      stopped = true;
      break;
    }
    if (!spec.label.empty() && Clock::now() >= next_beat) {
      next_beat += interval;
      const auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - started);
      log::info(fmt::format("{} still running ({} elapsed)", spec.label, format_elapsed(elapsed)));
    }
    std::this_thread::sleep_for(kChildPollInterval);
  }
  const int status = child.finish(signal != 0 || stopped);
  if (signal != 0) throw Interrupted(signal);
  if (stopped) throw Stopped(fmt::format("{}: stopped", display(spec.argv)));
  if (auto error = writer.log_error()) throw Error(*error);
  return status;
}

Captured capture(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                 const std::map<std::string, std::string>& env, bool interruptible) {
  if (interruptible) signals::throw_if_interrupted();
  Captured result;
  std::mutex mutex;
  Launch launch;
  launch.argv = argv;
  launch.cwd = cwd;
  launch.env = env;
  launch.merge_output = false;
  std::optional<signals::WaitingFor> waiting;
  if (interruptible) waiting.emplace(display(argv));
  ChildGroup child(launch, Sinks{[&](std::string_view c) {
                                   std::lock_guard<std::mutex> lock(mutex);
                                   result.out.append(c);
                                 },
                                 [&](std::string_view c) {
                                   std::lock_guard<std::mutex> lock(mutex);
                                   result.err.append(c);
                                 },
                                 {},
                                 {}});
  int signal = 0;
  while (!child.exited()) {
    if (interruptible && (signal = signals::interrupting()) != 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  const int status = child.finish(signal != 0);
  if (signal != 0) throw Interrupted(signal);
  std::lock_guard<std::mutex> lock(mutex);
  result.status = status;
  return result;
}

}  // namespace dt::process
