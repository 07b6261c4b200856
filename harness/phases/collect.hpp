#pragma once
// Phases 1 and 4 for one side: build its executable, and run one of the profile's steps.
#include <atomic>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/app_profile.hpp"
#include "db/conninfo.hpp"
#include "util/error.hpp"

namespace dt {

// Where one side lives.
struct Side {
  std::string name;                        // "released" or "new"
  std::filesystem::path src;               // its source tree
  std::filesystem::path bin;               // its built executable (absolute, under the work dir)
  std::filesystem::path config;            // its scratch config
  std::filesystem::path log;               // <work-dir>/logs/<side>.log
  ConnParams scratch;                      // its scratch database
  bool quiet_stdout = false;               // children's output to stderr, not stdout (listing mode)
  std::map<std::string, std::string> env;  // the steps' additions to the environment
  // Inherited variables its build and steps never see: those that could point them at the
  // primary (PG*, DATABASE_URL, the profile's URL variable); env then sets the side's own.
  std::vector<std::string> unset;
  std::string database_url;        // its scratch database as a URL, no password
  std::filesystem::path passfile;  // its private PGPASSFILE (when there is a password)
  bool echo = true;                // children's output to the terminal too (not --quiet)
  // Set by the run while both sides build at once: turns true when the other side's build
  // failed, and this side's build child is then ended (process::Stopped).
  const std::atomic<bool>* stop = nullptr;
};

// A step's child exited non-zero (or died by a signal): for the upgrade a finding about the
// application, for a collection a run that could not go on.
class StepFailed : public Error {
 public:
  StepFailed(const std::string& what, int status)
      : Error(what, Cause::step_failed), status_(status) {}
  // The exit status (128 + n when the child was killed by signal n).
  int exit_code() const noexcept { return status_; }

 private:
  int status_;
};

// The placeholder values for side ({repo} is repo: one repository, or "" for a step without).
Placeholders placeholders_for(const Side& side, const std::string& repo,
                              const std::filesystem::path& work_dir);

// Runs the profile's build in side.src. Throws dt::Error (Cause::build_failed) naming the side,
// the exit status and the log file when it fails or writes no executable.
void build_side(const Profile& profile, const Side& side, const Placeholders& values);

// Runs argv (a `run` step, placeholders expanded) in side.src; `what` is e.g. "step 4/4".
// Throws StepFailed naming the side, the step, its exit status and the log when it fails.
void run_step(const Side& side, const std::vector<std::string>& argv, const std::string& what);

// A header line in the side's log, so that each child's output can be told apart there.
void log_header(const Side& side, const std::string& text);

}  // namespace dt
