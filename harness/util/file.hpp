#pragma once
// The file adapter: the only code (with util/confined and core/reclaim) that touches the file
// system. Inside the work dir and the cache dir, directories are made through util/confined. Every
// failure becomes a one-line dt::Error naming the path; nothing here follows a symlink it writes.
#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/fd.hpp"

namespace dt::file {

// What lstat says is at a path (a symlink is a symlink, never what it points at).
enum class Kind { missing, regular, directory, symlink, other };
Kind kind(const std::filesystem::path& path) noexcept;

// The identity of a file system object (lstat): a path that now holds another object has
// another identity, whatever its name.
struct Identity {
  dev_t dev = 0;
  ino_t ino = 0;
  bool operator==(const Identity& o) const { return dev == o.dev && ino == o.ino; }
  bool operator!=(const Identity& o) const { return !(*this == o); }
};
// lstat's identity, or nullopt when nothing is there.
std::optional<Identity> identity(const std::filesystem::path& path) noexcept;

// A regular file as lstat sees it: rewriting it in place or replacing it changes the value.
struct Version {
  Identity id;
  long long size = 0;
  long long mtime_ns = 0;
  bool operator==(const Version& o) const {
    return id == o.id && size == o.size && mtime_ns == o.mtime_ns;
  }
};
// The version of the regular file at path; nullopt when it is missing or not a regular file.
std::optional<Version> version(const std::filesystem::path& path) noexcept;

// The whole file. Throws dt::Error "<what> '<path>': cannot read (<reason>); check the path".
std::string read_text(const std::filesystem::path& path, std::string_view what);
// The rest of the open file fd, which is path's (named in errors as read_text names it).
std::string read_all(const Fd& fd, const std::filesystem::path& path, std::string_view what);
// As read_text, or nullopt when the file does not exist.
std::optional<std::string> read_text_if_exists(const std::filesystem::path& path,
                                               std::string_view what);

// Opens (creating it, mode 0600, never through a symlink) the lock file at path and takes an
// exclusive flock on it without waiting: the locked descriptor, or an empty Fd when another open
// file holds the lock (another process, or another open of it in this one). Released when the
// Fd is closed, also when the process dies. Throws dt::Error when the file cannot be opened.
Fd try_lock(const std::filesystem::path& path);
// Waits for an exclusive flock on the directory dir itself (opened O_DIRECTORY, never through a
// symlink): what serialises a read-change-write of a file in it across processes. Released when
// the Fd is closed. Throws dt::Error when dir cannot be opened or locked.
Fd lock_dir(const std::filesystem::path& dir);

// The most an input the operator names (profile, config, repos file) may hold: 16 MiB.
inline constexpr std::size_t kMaxInputBytes = std::size_t{16} << 20;
// As read_text / read_text_if_exists for such an input: one larger than kMaxInputBytes (a
// mistyped path, /dev/zero) is refused with one line as soon as it is, before it fills memory.
std::string read_input(const std::filesystem::path& path, std::string_view what);
std::optional<std::string> read_input_if_exists(const std::filesystem::path& path,
                                                std::string_view what);

// Calls line for each line of the file (without its newline), reading it in chunks: memory
// does not grow with the file. Returns false when the file does not exist; throws dt::Error
// like read_text when it cannot be read.
bool for_each_line(const std::filesystem::path& path, std::string_view what,
                   const std::function<void(std::string_view)>& line);

// Writes text to path, mode 0600 from the start, replacing an existing regular file; refuses
// (dt::Error) to write through a symlink. Returns the file's identity.
Identity write_private(const std::filesystem::path& path, std::string_view text);
// Creates path exclusively (fails when anything is there), mode 0600. Returns its identity.
Identity create_private(const std::filesystem::path& path, std::string_view text);
// Writes text to a temporary file beside path and renames it over path: a reader sees the old
// content or the new one, never half of it. Mode 0600.
void write_atomic_private(const std::filesystem::path& path, std::string_view text);
// Copies the regular file `from` (never through a symlink) to `to`, through a temporary file
// beside it renamed over it; `to` gets mode 0700 (an executable only its owner may run).
void copy_executable(const std::filesystem::path& from, const std::filesystem::path& to);
// Opens path for appending (created 0600 when missing, never through a symlink).
Fd open_append_private(const std::filesystem::path& path);
// Writes all of text to fd; throws dt::Error naming path when it cannot (a full disk, say).
void write_all(const Fd& fd, std::string_view text, const std::filesystem::path& path);

// mkdir -p; the last component gets mode `mode` when created. Throws dt::Error.
void create_directories(const std::filesystem::path& path, mode_t mode = 0755);
// A new directory "<parent>/<prefix>XXXXXX" made by mkdtemp, mode 0700.
std::filesystem::path make_temp_dir(const std::filesystem::path& parent, std::string_view prefix);
// True when path is a directory (a symlink to one counts: the operator may point at one).
bool is_directory(const std::filesystem::path& path) noexcept;
// The regular files below dir, relative and sorted (generic form). Throws dt::Error naming the
// first entry that is neither a regular file nor a directory (a symlink, a socket), or when dir
// cannot be listed.
std::vector<std::string> regular_files_below(const std::filesystem::path& dir);
// The names of the entries of the directory at path, sorted; the directory itself is opened
// with O_NOFOLLOW (a symlink there is refused). Throws dt::Error when it cannot be listed.
std::vector<std::string> entry_names(const std::filesystem::path& dir);
// The bytes allocated on disk to path and everything below it, as du counts them: never through
// a symlink (a link counts as itself), never into another file system. 0 when nothing is there.
long long disk_usage(const std::filesystem::path& path) noexcept;
// True when the directory at path holds no entry (false when it cannot be read).
bool is_empty_directory(const std::filesystem::path& path) noexcept;
// An executable regular file (following symlinks, as exec does).
bool is_executable_file(const std::filesystem::path& path) noexcept;
// $TMPDIR, else /tmp.
std::filesystem::path temp_dir();
// The process's working directory.
std::filesystem::path current_dir();
// Absolute and lexically normal, without touching the file system.
std::filesystem::path absolute(const std::filesystem::path& path);
// Absolute with every symlink resolved; throws dt::Error when path does not exist.
std::filesystem::path canonical(const std::filesystem::path& path);
// True when inner is outer or lies below it, compared lexically (both made absolute).
bool lexically_within(const std::filesystem::path& inner, const std::filesystem::path& outer);

}  // namespace dt::file
