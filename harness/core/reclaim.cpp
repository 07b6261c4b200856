#include "core/reclaim.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "core/owner.hpp"
#include "core/server.hpp"
#include "util/error.hpp"
#include "util/fd.hpp"
#include "util/process.hpp"
#include "util/text.hpp"

namespace dt::reclaim {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void refuse(const fs::path& path, std::string_view why) {
  throw Error(fmt::format("refusing to delete '{}': {}; data-test deletes only what it made",
                          path.string(), why));
}

// Opens root, then each component of path below it, never following a symlink; returns the
// descriptor of path's parent directory. Refuses when path is not lexically inside root.
Fd open_parent(const fs::path& root, const fs::path& path) {
  const fs::path rel = file::absolute(path).lexically_relative(file::absolute(root));
  if (rel.empty() || *rel.begin() == ".." || rel == ".") {
    refuse(path, fmt::format("it is not inside the work dir '{}'", root.string()));
  }
  Fd dir(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir) refuse(path, fmt::format("cannot open '{}': {}", root.string(), std::strerror(errno)));
  const fs::path parent = rel.parent_path();
  for (const auto& part : parent) {
    Fd next(::openat(dir.get(), part.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!next) refuse(path, fmt::format("'{}' on the way is not a plain directory", part.string()));
    dir = std::move(next);
  }
  return dir;
}

// Removes everything in the directory open as `dir`, then nothing else: entries are unlinked,
// symlinks as links (never followed), directories entered only with O_NOFOLLOW and only on the
// same device (never into a mount).
void empty_directory(int dir, dev_t device, const fs::path& where) {
  Fd handle(::dup(dir));
  DIR* stream = ::fdopendir(handle.get());
  if (stream == nullptr) {
    throw Error(fmt::format("cannot read '{}': {}", where.string(), std::strerror(errno)));
  }
  handle.release();  // the DIR owns it now
  std::vector<std::string> names;
  while (const dirent* entry = ::readdir(stream)) {
    if (std::strcmp(entry->d_name, ".") != 0 && std::strcmp(entry->d_name, "..") != 0) {
      names.emplace_back(entry->d_name);
    }
  }
  ::closedir(stream);
  for (const auto& name : names) {
    struct stat st {};
    if (::fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      if (st.st_dev != device) refuse(where / name, "it is a mount point");
      Fd sub(::openat(dir, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      if (!sub) continue;
      empty_directory(sub.get(), device, where / name);
      if (::unlinkat(dir, name.c_str(), AT_REMOVEDIR) != 0 && errno != ENOENT) {
        throw Error(
            fmt::format("cannot delete '{}': {}", (where / name).string(), std::strerror(errno)));
      }
    } else if (::unlinkat(dir, name.c_str(), 0) != 0 && errno != ENOENT) {
      throw Error(
          fmt::format("cannot delete '{}': {}", (where / name).string(), std::strerror(errno)));
    }
  }
}

// The proof for a made file or directory: inside root, reached without symlinks, and the very
// object that was made. Returns the parent's descriptor, or an empty Fd when nothing is there.
Fd prove(const Made& made, struct stat& st) {
  Fd parent = open_parent(made.root, made.path);
  const std::string name = made.path.filename().string();
  if (::fstatat(parent.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return Fd();
  if (S_ISLNK(st.st_mode)) refuse(made.path, "it is a symlink");
  if (st.st_dev != made.identity.dev || st.st_ino != made.identity.ino) {
    refuse(made.path, "it is not the file data-test made there (another file took its place)");
  }
  return parent;
}

void remove_made(const Made& made) {
  struct stat st {};
  Fd parent = prove(made, st);
  if (!parent) return;
  const std::string name = made.path.filename().string();
  if (S_ISDIR(st.st_mode)) {
    Fd dir(::openat(parent.get(), name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!dir) refuse(made.path, "it cannot be opened as a plain directory");
    empty_directory(dir.get(), st.st_dev, made.path);
  }
  if (::unlinkat(parent.get(), name.c_str(), S_ISDIR(st.st_mode) ? AT_REMOVEDIR : 0) != 0 &&
      errno != ENOENT) {
    throw Error(fmt::format("cannot delete '{}': {}", made.path.string(), std::strerror(errno)));
  }
}

void prove_worktree(const Worktree& wt, bool& present) {
  struct stat st {};
  Fd parent = prove(wt.made, st);
  present = static_cast<bool>(parent);
  if (!present) return;
  if (!S_ISDIR(st.st_mode)) refuse(wt.made.path, "it is not a directory");
  // A linked worktree has a .git file; a clone (a main worktree) has a .git directory.
  if (file::kind(wt.made.path / ".git") == file::Kind::directory) {
    refuse(wt.made.path, "it is a git clone (a main working tree), not a worktree");
  }
}

// True when git lists path as one of clone's worktrees.
bool registered(const Worktree& wt) {
  const auto r = process::capture({"git", "worktree", "list", "--porcelain", "-z"}, wt.clone,
                                  {{"GIT_TERMINAL_PROMPT", "0"}});
  const std::string wanted = "worktree " + file::absolute(wt.made.path).string();
  for (std::size_t pos = 0; pos < r.out.size();) {
    std::size_t end = r.out.find('\0', pos);
    if (end == std::string::npos) end = r.out.size();
    if (r.out.compare(pos, end - pos, wanted) == 0) return true;
    pos = end + 1;
  }
  return false;
}

void remove_worktree(const Worktree& wt) {
  bool present = false;
  prove_worktree(wt, present);
  if (!present) return;
  if (registered(wt)) {
    // One --force: uncommitted files in our worktree go, but git still refuses a locked one.
    const auto r = process::capture({"git", "worktree", "remove", "--force", wt.made.path.string()},
                                    wt.clone, {{"GIT_TERMINAL_PROMPT", "0"}});
    if (r.status != 0) {
      throw Error(fmt::format("git worktree remove '{}' failed: {}", wt.made.path.string(),
                              text::scrubbed_first_line(r.err)));
    }
    return;
  }
  // git no longer knows it (its registration was pruned): it is still the directory we made.
  remove_made(wt.made);
}

// The proof for a database. Returns false when there is no such database.
bool prove_database(const Database& db) {
  if (db.server == nullptr || db.name.empty() || text::has_control_char(db.name)) {
    throw Error(fmt::format("refusing to drop database '{}': not a valid scratch name",
                            text::printable(db.name)));
  }
  ServerSession& server = *db.server;
  const auto no = [&](std::string_view why) {
    return Error(fmt::format("refusing to drop database '{}': {}", db.name, why));
  };
  if (db.name == "postgres" || db.name == "template0" || db.name == "template1") {
    throw no("it is a PostgreSQL system database; choose another scratch name in the profile");
  }
  if (!server.holds(db.name)) throw no("this run does not hold its lock");
  server.require_locks(fmt::format("dropping '{}'", db.name));
  const auto oid = server.oid_of(db.name);
  if (!oid) return false;
  if (*oid == server.primary_oid()) {
    throw no(
        "it is the primary database of the config (the server reports the same oid); give "
        "the profile other \"databases\" names");
  }
  if (server.created_oid(db.name) == *oid) return true;
  // A mark is a comment any owner can write: only a database of this role is data-test's.
  const auto facts = server.facts_of(db.name);
  if (!facts || !facts->ours) {
    throw no(
        "it belongs to another role, and data-test drops only databases its own role owns; "
        "drop it as that role, or give the profile other \"databases\" names");
  }
  const auto mark = server.mark_of(db.name);
  if (!mark) {
    if (db.force) return true;
    throw no(
        "it exists but was not created by data-test (no scratch mark); rename the profile's "
        "scratch database, drop it yourself, or pass --force-drop");
  }
  if (!(mark->owner == this_run()) && owner_alive(mark->owner).value_or(false)) {
    throw no(fmt::format("the data-test run that made it still runs ({}); wait for it to finish",
                         describe(mark->owner)));
  }
  return true;
}

void drop_database(const Database& db) {
  if (!prove_database(db)) return;
  db::Connection& conn = db.server->connection();
  // WITH (FORCE) ends sessions a killed collector may have left behind (PostgreSQL 13+).
  const bool with_force = conn.server_version() >= 130000;
  conn.exec(fmt::format("drop database if exists {}{}", conn.quote_name(db.name),
                        with_force ? " with (force)" : ""),
            fmt::format("cannot drop the scratch database '{}'", db.name));
}

}  // namespace

void reclaim(const Target& target) {
  if (const auto* made = std::get_if<Made>(&target)) {
    remove_made(*made);
  } else if (const auto* wt = std::get_if<Worktree>(&target)) {
    remove_worktree(*wt);
  } else {
    drop_database(std::get<Database>(target));
  }
}

void check(const Target& target) {
  if (const auto* made = std::get_if<Made>(&target)) {
    struct stat st {};
    prove(*made, st);
  } else if (const auto* wt = std::get_if<Worktree>(&target)) {
    bool present = false;
    prove_worktree(*wt, present);
  } else {
    prove_database(std::get<Database>(target));
  }
}

}  // namespace dt::reclaim
