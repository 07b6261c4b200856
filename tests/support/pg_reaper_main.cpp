// data-test-pg-reaper <cluster dir> <dev> <ino>: waits on stdin. One byte means the owner
// cleaned up: exit. EOF means the owner died: stop the cluster's server, then delete the
// directory (through reclaim, which checks it is still the directory with that identity).
#include <unistd.h>
#include <csignal>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

#include "core/reclaim.hpp"
#include "util/file.hpp"
#include "util/proc.hpp"
#include "util/text.hpp"

namespace {

using namespace std::chrono_literals;

bool wait_gone(pid_t pid, std::chrono::milliseconds limit) {
  for (auto waited = 0ms; waited < limit; waited += 20ms) {
    if (!dt::proc::alive(pid)) return true;
    std::this_thread::sleep_for(20ms);
  }
  return !dt::proc::alive(pid);
}

pid_t server_pid(const std::filesystem::path& dir) {
  try {
    const auto text = dt::file::read_text_if_exists(dir / "data" / "postmaster.pid", "pid file");
    if (!text) return -1;
    const std::string line = dt::text::first_line(*text);
    if (line.empty() || line.find_first_not_of("0123456789") != std::string::npos) return -1;
    return static_cast<pid_t>(std::strtol(line.c_str(), nullptr, 10));
  } catch (const std::exception&) {
    return -1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) return 2;
  for (int sig : {SIGINT, SIGHUP, SIGPIPE}) ::signal(sig, SIG_IGN);
  char byte = 0;
  ssize_t n;
  do {
    n = ::read(0, &byte, 1);
  } while (n < 0 && errno == EINTR);
  if (n == 1) return 0;  // the owner cleaned up and said so

  const std::filesystem::path dir = argv[1];
  const pid_t server = server_pid(dir);
  if (server > 0 && dt::proc::alive(server)) {
    ::kill(server, SIGQUIT);  // immediate shutdown: the postmaster ends its backends too
    if (!wait_gone(server, 10s)) {
      ::kill(server, SIGKILL);
      wait_gone(server, 10s);
    }
  }
  const dt::file::Identity id{static_cast<dev_t>(std::strtoull(argv[2], nullptr, 10)),
                              static_cast<ino_t>(std::strtoull(argv[3], nullptr, 10))};
  try {
    dt::reclaim::reclaim(dt::reclaim::Made{dir.parent_path(), dir, id});
  } catch (const std::exception&) {
    return 1;
  }
  return 0;
}
