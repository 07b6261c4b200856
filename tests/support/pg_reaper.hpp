#pragma once
// The throwaway cluster's reaper (Testcontainers' idea): a process of its own that holds the read
// end of a pipe from its owner. If the owner dies in any way — an exception, SIGTERM, even
// SIGKILL — the pipe reaches EOF and the reaper stops the server and deletes the cluster
// directory. A clean owner writes one byte first, and the reaper exits without touching anything.
#include <sys/types.h>

#include <filesystem>
#include <utility>

#include "util/file.hpp"

namespace dt {

// Starts the reaper (the data-test-pg-reaper program) for the cluster directory dir, whose
// identity (recorded when it was made) proves it is the directory to delete. Returns the
// reaper's pid and the write end of its pipe (close-on-exec).
std::pair<pid_t, int> start_reaper(const std::filesystem::path& dir, const file::Identity& id);

}  // namespace dt
