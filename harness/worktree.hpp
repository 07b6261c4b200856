#pragma once
// Phase 1's git side: the released tag as a detached worktree, and the working tree's identity.
#include <filesystem>
#include <string>

namespace dt {

// The git top level containing dir. Throws dt::Error when dir is not inside a git clone.
std::filesystem::path git_toplevel(const std::filesystem::path& dir);

// The commit a tag points at. Throws dt::Error with the hint `git fetch --tags` when missing.
std::string resolve_tag(const std::filesystem::path& source_dir, const std::string& tag);

// A fingerprint of the working tree as it is: HEAD, tracked changes and untracked files, leaving
// out exclude (data-test's work dir, when it lies inside the clone).
std::string working_tree_fingerprint(const std::filesystem::path& source_dir,
                                     const std::filesystem::path& exclude = {});

// "working tree at abc1234" plus " with uncommitted changes" when there are any (outside exclude).
std::string describe_working_tree(const std::filesystem::path& source_dir,
                                  const std::filesystem::path& exclude = {});

// `git worktree add --detach <dir> <commit>`; removed (and pruned) by the destructor.
class Worktree {
 public:
  // Removes a stale worktree at dir first (left by a crashed run).
  Worktree(std::filesystem::path source_dir, const std::string& commit, std::filesystem::path dir);
  ~Worktree() noexcept;
  Worktree(const Worktree&) = delete;
  Worktree& operator=(const Worktree&) = delete;

  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path source_dir_;
  std::filesystem::path dir_;
};

}  // namespace dt
