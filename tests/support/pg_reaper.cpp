#include "pg_reaper.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "test_paths.hpp"
#include "util/child.hpp"
#include "util/error.hpp"
#include "util/fd.hpp"

namespace dt {

std::pair<pid_t, int> start_reaper(const std::filesystem::path& dir, const file::Identity& id) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    throw Error(fmt::format("cannot create a pipe: {}", std::strerror(errno)));
  }
  Fd read_end(fds[0]);
  Fd write_end(fds[1]);
  process::Launch launch;
  launch.argv = {DATA_TEST_PG_REAPER, dir.string(), std::to_string(id.dev), std::to_string(id.ino)};
  launch.stdin_fd = read_end.get();
  launch.capture_output = false;
  // It must outlive us (that is its job) and ignore the terminal's Ctrl-C.
  launch.die_with_parent = false;
  launch.new_session = true;
  process::ChildGroup reaper(launch, {});
  return {reaper.release(), write_end.release()};
}

}  // namespace dt
