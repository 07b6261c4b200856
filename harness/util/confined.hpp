#pragma once
// data-test's own directories (the work dir, the cache dir) as roots below which nothing is
// followed or shared: a directory made or entered there is never a symlink, at any component,
// and is this user's, so another local user can neither redirect what data-test writes, reads
// back or deletes, nor swap a file between two of its steps.
#include <sys/types.h>

#include <filesystem>
#include <string>
#include <string_view>

namespace dt::confined {

// Registers root for the rest of the process. what ("work dir") and flag ("--work-dir") name it
// in messages.
void add_root(const std::filesystem::path& root, std::string_view what, std::string_view flag);

// When a registered root holds path: makes (mode) or enters each component below the root with
// openat(O_NOFOLLOW | O_DIRECTORY), refusing a symlink or a directory of another user (dt::Error,
// one line naming it and the flag), and returns true. False, doing nothing, otherwise.
bool create_directories(const std::filesystem::path& path, mode_t mode);

// Throws dt::Error (one line: what is wrong, the fix, the flag) unless path is a directory, not
// a symlink, owned by this user and not writable by group or others; with private_only, not
// open to them at all (mode 0700 or stricter).
void check_own_directory(const std::filesystem::path& path, std::string_view what,
                         std::string_view flag, bool private_only);

// Throws as check_own_directory unless path is a regular file, not a symlink, owned by this
// user and not writable by group or others (a marker data-test trusts).
void check_own_file(const std::filesystem::path& path, std::string_view what,
                    std::string_view flag);

// The content of the file at path after the checks of check_own_file, made on the file opened
// (O_NOFOLLOW, fstat): what was checked is what is read. Throws as check_own_file.
std::string read_own_file(const std::filesystem::path& path, std::string_view what,
                          std::string_view flag);

// Throws as check_own_directory unless every entry below root is this user's, no entry is a
// symlink and no directory or file is writable by group or others.
void check_own_tree(const std::filesystem::path& root, std::string_view what,
                    std::string_view flag);

}  // namespace dt::confined
