#include "collect.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "copy_rows.hpp"
#include "scratch_db.hpp"
#include "util/error.hpp"
#include "util/log.hpp"
#include "util/process.hpp"
#include "util/redact.hpp"
#include "util/signals.hpp"

namespace dt {
namespace {

namespace fs = std::filesystem;

std::string absolute_string(const fs::path& p) {
  if (p.empty()) return {};
  std::error_code ec;
  fs::path abs = fs::absolute(p, ec);
  return (ec ? p : abs.lexically_normal()).string();
}

void ensure_parent(const fs::path& file, std::string_view what) {
  if (file.parent_path().empty()) return;
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  if (ec) {
    throw Error(fmt::format("cannot create the {} directory '{}': {}", what,
                            file.parent_path().string(), ec.message()));
  }
}

// A header line in the side's log, so that each child's output can be told apart there.
void log_header(const Side& side, const std::string& text) {
  if (side.log.empty()) return;
  ensure_parent(side.log, "log");
  // Created 0600 here, before the first child appends to it (see process::run).
  const int fd = ::open(side.log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  std::FILE* f = fd >= 0 ? ::fdopen(fd, "a") : nullptr;
  if (fd >= 0 && f == nullptr) ::close(fd);
  if (f == nullptr) {
    throw Error(
        fmt::format("cannot write the log '{}': {}", side.log.string(), std::strerror(errno)));
  }
  fmt::print(f, "==== [{}] {} ====\n", side.name, redact::scrub(text));
  std::fclose(f);
}

int run_child(const Side& side, const std::vector<std::string>& argv, const std::string& what) {
  process::Spec spec;
  spec.label = fmt::format("[{}] {}", side.name, what);
  spec.argv = argv;
  spec.cwd = side.src;
  spec.prefix = fmt::format("[{}] ", side.name);
  spec.log_file = side.log;
  spec.echo_to_stderr = side.quiet_stdout;
  return process::run(spec);
}

}  // namespace

Placeholders placeholders_for(const Side& side, const std::string& repo, const fs::path& work_dir) {
  Placeholders values;
  values.bin = absolute_string(side.bin);
  values.src = absolute_string(side.src);
  values.config = absolute_string(side.config);
  values.repo = repo;
  values.side = side.name;
  values.work_dir = absolute_string(work_dir);
  return values;
}

void build_side(const Profile& profile, const Side& side, const Placeholders& values) {
  signals::throw_if_interrupted();
  ensure_parent(side.bin, "binary");
  const std::vector<std::string> argv = expand(profile.build, values);
  const std::string shown = process::display(argv);
  log::info(fmt::format("[{}] build: {}", side.name, shown));
  log_header(side, "build: " + shown);
  const int status = run_child(side, argv, "build");
  if (status != 0) {
    throw Error(fmt::format("{} build failed ({}): {}; see {}", side.name,
                            process::describe_status(status), shown, side.log.string()));
  }
  std::error_code ec;
  if (!side.bin.empty() && !fs::exists(side.bin, ec)) {
    throw Error(
        fmt::format("{} build succeeded but did not create '{}'; make the profile's build "
                    "write its executable to {{bin}}",
                    side.name, side.bin.string()));
  }
}

void run_steps(const Profile& profile, std::size_t count, const Side& side,
               const Placeholders& values, const ConnParams& primary) {
  const std::size_t total = std::min(count, profile.steps.size());
  for (std::size_t i = 0; i < total; ++i) {
    signals::throw_if_interrupted();
    const Step& step = profile.steps[i];
    if (step.kind == Step::Kind::copy_rows) {
      const std::string what = fmt::format("step {}/{}: copy_rows {}", i + 1, total, step.table);
      log::info(fmt::format("[{}] {}", side.name, what));
      log_header(side, what);
      const long long rows = copy_rows(primary, side.scratch, step.table);
      // The count only: the values are API keys.
      const std::string done = fmt::format("copied {} row(s) of {}", rows, step.table);
      log::info(fmt::format("[{}] {}", side.name, done));
      log_header(side, done);
      continue;
    }
    const std::vector<std::string> argv = expand(step.argv, values);
    const std::string shown = process::display(argv);
    log::info(fmt::format("[{}] step {}/{}: {}", side.name, i + 1, total, shown));
    log_header(side, fmt::format("step {}/{}: {}", i + 1, total, shown));
    const int status = run_child(side, argv, fmt::format("step {}/{}", i + 1, total));
    if (status != 0) {
      throw Error(fmt::format("{} step {}/{} failed ({}): {}; see {}", side.name, i + 1, total,
                              process::describe_status(status), shown, side.log.string()));
    }
  }
  signals::throw_if_interrupted();
}

}  // namespace dt
