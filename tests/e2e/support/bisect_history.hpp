#pragma once
// A history for `data-test bisect` (the e2e test and bisect_bench): commits after the example
// application clone's tag, each a note, but for one that does not build, its fix, and the one
// that adds the fk_regression scenario's foreign key (not deferrable: the collector loses every
// parent link).
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace dt::e2e {

// The subjects of the commits that are not notes.
inline constexpr const char* kBrokenSubject = "a schema comment that breaks the build";
inline constexpr const char* kFixSubject = "fix the build";
inline constexpr const char* kForeignKeySubject = "parent links must be known commits";

// n commits on clone's branch (n > fk; broken + 1 < fk when given), oldest first: commit `broken`
// puts build.sh's raw-string delimiter into schema.sql (its build exits 1), the next one takes it
// out again, commit `fk` applies fk_regression.patch; every other commit adds a line to NOTES.md.
// Returns their full shas.
std::vector<std::string> make_bisect_history(const std::filesystem::path& clone, std::size_t n,
                                             std::size_t fk,
                                             std::optional<std::size_t> broken = std::nullopt);

// git in clone with a fixed author, never an optional index write (a test compares the index).
std::string clone_git(const std::filesystem::path& clone, std::vector<std::string> args);

}  // namespace dt::e2e
