#include "collect.hpp"

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/file.hpp"
#include "util/log.hpp"
#include "util/process.hpp"
#include "util/redact.hpp"
#include "util/signals.hpp"

namespace dt {
namespace {

namespace fs = std::filesystem;

std::string absolute_string(const fs::path& p) {
  return p.empty() ? std::string() : file::absolute(p).string();
}

int run_child(const Side& side, const std::vector<std::string>& argv, const std::string& what) {
  process::Spec spec;
  spec.label = fmt::format("[{}] {}", side.name, what);
  spec.argv = argv;
  spec.cwd = side.src;
  spec.prefix = fmt::format("[{}] ", side.name);
  spec.log_file = side.log;
  spec.echo_to_stderr = side.quiet_stdout;
  spec.env = side.env;
  spec.unset = side.unset;
  spec.echo = side.echo;
  spec.stop = side.stop;
  return process::run(spec);
}

}  // namespace

void log_header(const Side& side, const std::string& text) {
  if (side.log.empty()) return;
  file::create_directories(side.log.parent_path());
  const Fd log = file::open_append_private(side.log);
  file::write_all(log, fmt::format("==== [{}] {} ====\n", side.name, redact::scrub(text)),
                  side.log);
}

Placeholders placeholders_for(const Side& side, const std::string& repo, const fs::path& work_dir) {
  Placeholders values;
  values.bin = absolute_string(side.bin);
  values.src = absolute_string(side.src);
  values.config = absolute_string(side.config);
  values.repo = repo;
  values.side = side.name;
  values.work_dir = absolute_string(work_dir);
  values.dbname = side.scratch.dbname;
  values.database_url = side.database_url;
  return values;
}

void build_side(const Profile& profile, const Side& side, const Placeholders& values) {
  signals::throw_if_interrupted();
  if (!side.bin.empty()) file::create_directories(side.bin.parent_path());
  const std::vector<std::string> argv = expand(profile.build, values);
  const std::string shown = process::display(argv);
  log::info(fmt::format("[{}] build: {}", side.name, shown));
  log_header(side, "build: " + shown);
  const int status = run_child(side, argv, "build");
  if (status != 0) {
    throw Error(fmt::format("{} build failed ({}): {}; see {}", side.name,
                            process::describe_status(status), shown, side.log.string()),
                Cause::build_failed);
  }
  if (!side.bin.empty() && file::kind(side.bin) == file::Kind::missing) {
    throw Error(fmt::format("{} build succeeded but did not create '{}'; make the profile's build "
                            "write its executable to {{bin}}",
                            side.name, side.bin.string()),
                Cause::build_failed);
  }
}

void run_step(const Side& side, const std::vector<std::string>& argv, const std::string& what) {
  const std::string shown = process::display(argv);
  log::info(fmt::format("[{}] {}: {}", side.name, what, shown));
  log_header(side, fmt::format("{}: {}", what, shown));
  const int status = run_child(side, argv, what);
  if (status != 0) {
    throw StepFailed(fmt::format("{} {} failed ({}): {}; see {}", side.name, what,
                                 process::describe_status(status), shown, side.log.string()),
                     status);
  }
}

}  // namespace dt
