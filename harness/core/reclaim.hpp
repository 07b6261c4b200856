#pragma once
// The one way data-test deletes anything: a directory, a file, a worktree or a database. Each
// target carries the proof that data-test made it, and reclaim() checks that proof against what
// is there now before deleting: never through a symlink, never outside the work dir (taken
// lexically), never on a name alone. A refusal is a dt::Error and deletes nothing.
#include <filesystem>
#include <string>
#include <variant>

#include "util/file.hpp"

namespace dt {

class ServerSession;

namespace reclaim {

// A file or directory data-test made at `path` inside `root`, and the identity (device, inode)
// it had when it was made: an object at that path with another identity was not made by us.
struct Made {
  std::filesystem::path root;
  std::filesystem::path path;
  file::Identity identity;
};

// A linked worktree of `clone` that data-test added at made.path.
struct Worktree {
  std::filesystem::path clone;
  Made made;
};

// A scratch database whose lock `server` holds. It is ours when this run created it, or when it
// carries data-test's mark of a run that no longer runs; `force` (--force-drop) also accepts an
// unmarked one. Never the primary database, never PostgreSQL's own, never one a live run marked.
struct Database {
  ServerSession* server;
  std::string name;
  bool force = false;
};

using Target = std::variant<Made, Worktree, Database>;

// Checks the proof and deletes. Throws dt::Error (nothing deleted) when the proof fails, and
// LockLost when the session holding the database locks is gone. A target already gone is fine.
void reclaim(const Target& target);
// The same checks, deleting nothing: for the preflight, before anything is built.
void check(const Target& target);

}  // namespace reclaim
}  // namespace dt
