#include "util/proc.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include <csignal>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "util/fd.hpp"

namespace dt::proc {
namespace {

// Reads a small /proc file into buffer (NUL-terminated); false when it cannot be read.
bool read_small(const char* path, char* buffer, std::size_t size) noexcept {
  Fd fd(::open(path, O_RDONLY | O_CLOEXEC));
  if (!fd) return false;
  const ssize_t n = ::read(fd.get(), buffer, size - 1);
  if (n <= 0) return false;
  buffer[n] = '\0';
  return true;
}

}  // namespace

std::optional<Stat> stat(pid_t pid) noexcept {
  if (pid <= 0) return std::nullopt;
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%ld/stat", static_cast<long>(pid));
  char buffer[1024];
  if (!read_small(path, buffer, sizeof buffer)) return std::nullopt;
  // "pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime
  // stime cutime cstime priority nice threads itrealvalue starttime ...": comm may hold ')'.
  const char* close = std::strrchr(buffer, ')');
  if (close == nullptr || close[1] == '\0' || close[2] == '\0') return std::nullopt;
  Stat st;
  st.state = close[2];
  long ppid = 0, pgrp = 0;
  unsigned long long start = 0;
  if (std::sscanf(close + 3,
                  " %ld %ld %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
                  &ppid, &pgrp, &start) != 3) {
    return std::nullopt;
  }
  st.ppid = static_cast<pid_t>(ppid);
  st.pgrp = static_cast<pid_t>(pgrp);
  st.start_ticks = start;
  return st;
}

bool alive(pid_t pid) noexcept {
  if (pid <= 0 || ::kill(pid, 0) != 0) return false;
  const auto st = stat(pid);
  if (!st) return true;  // it answered kill(0); /proc may be hidden from us
  return st->state != 'Z' && st->state != 'X';
}

bool group_alive(pid_t pgid) noexcept {
  if (pgid <= 0 || ::kill(-pgid, 0) != 0) return false;
  DIR* dir = ::opendir("/proc");
  if (dir == nullptr) return true;
  bool found = false;
  while (const dirent* entry = ::readdir(dir)) {
    char* end = nullptr;
    const long pid = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0') continue;
    const auto st = stat(static_cast<pid_t>(pid));
    if (st && st->pgrp == pgid && st->state != 'Z' && st->state != 'X') {
      found = true;
      break;
    }
  }
  ::closedir(dir);
  return found;
}

std::string boot_id() {
  char buffer[128];
  if (!read_small("/proc/sys/kernel/random/boot_id", buffer, sizeof buffer)) return {};
  std::string id(buffer);
  while (!id.empty() && (id.back() == '\n' || id.back() == ' ')) id.pop_back();
  return id;
}

bool same_process_alive(pid_t pid, unsigned long long start_ticks) noexcept {
  const auto st = stat(pid);
  return st && st->start_ticks == start_ticks && st->state != 'Z' && st->state != 'X';
}

}  // namespace dt::proc
