#pragma once
// The one reader of /proc: process states, groups and start times (Linux).
#include <sys/types.h>

#include <optional>
#include <string>

namespace dt::proc {

// The fields of /proc/<pid>/stat data-test uses.
struct Stat {
  char state = '?';  // R, S, D, Z (zombie), X (dead), ...
  pid_t ppid = 0;
  pid_t pgrp = 0;
  unsigned long long start_ticks = 0;  // clock ticks after boot: with the boot id, unique
};

// The stat of pid, or nullopt when there is no such process.
std::optional<Stat> stat(pid_t pid) noexcept;
// True when pid exists and is not a zombie (an unreaped zombie no longer runs anything).
bool alive(pid_t pid) noexcept;
// True when some non-zombie process has process group pgid.
bool group_alive(pid_t pgid) noexcept;
// This boot's id (/proc/sys/kernel/random/boot_id), "" when unreadable.
std::string boot_id();
// True when the process (pid, start_ticks) of this boot still runs: a recycled pid has another
// start time.
bool same_process_alive(pid_t pid, unsigned long long start_ticks) noexcept;

}  // namespace dt::proc
