#pragma once
// The throwaway cluster's reaper (Testcontainers' idea): a forked process that holds the read end
// of a pipe from its owner. If the owner dies in any way — an exception, SIGTERM, even SIGKILL —
// the pipe reaches EOF and the reaper stops the server and deletes the cluster directory. A
// clean owner writes one byte first, and the reaper exits without touching anything.
#include <filesystem>
#include <utility>

#include <sys/types.h>

namespace dt {

// Forks the reaper for dir (the server's pid is read from dir/data/postmaster.pid when it is
// needed). Returns the reaper's pid and the write end of its pipe (close-on-exec).
std::pair<pid_t, int> start_reaper(const std::filesystem::path& dir);

}  // namespace dt
