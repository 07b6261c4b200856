#pragma once
// Phase 1's git side: the released tag as a detached worktree, and the working tree's identity.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "core/work_dir.hpp"

namespace dt {

// The git top level containing dir. Throws dt::Error when dir is not inside a git clone.
std::filesystem::path git_toplevel(const std::filesystem::path& dir);

// The commit a tag points at. Throws dt::Error with the hint `git fetch --tags` when missing.
std::string resolve_tag(const std::filesystem::path& source_dir, const std::string& tag);

// A fingerprint of the working tree as it is: HEAD, tracked changes and untracked files, leaving
// out every directory of excludes that lies inside the clone (data-test's work dir, a build
// tree); one that is the clone itself or outside it leaves nothing out.
std::string working_tree_fingerprint(const std::filesystem::path& source_dir,
                                     const std::vector<std::filesystem::path>& excludes = {});

// True when the working tree differs from HEAD (tracked changes, or untracked files that are not
// ignored), outside excludes.
bool has_uncommitted_changes(const std::filesystem::path& source_dir,
                             const std::vector<std::filesystem::path>& excludes = {});

// One commit as bisect names it.
struct CommitInfo {
  std::string sha;      // full
  std::string date;     // author date, strict ISO 8601 ("2026-12-07T10:00:00+01:00")
  std::string subject;  // the first line of its message
};

// The commits on HEAD's first-parent line after `commit` (exclusive), oldest first: `git log
// --first-parent --reverse <commit>..HEAD`. Throws dt::Error when commit is not an ancestor of
// HEAD (the line from it to HEAD is not a history to search).
std::vector<CommitInfo> commits_after(const std::filesystem::path& source_dir,
                                      const std::string& commit);

// "working tree at abc1234" plus " with uncommitted changes" when there are any (outside
// excludes).
std::string describe_working_tree(const std::filesystem::path& source_dir,
                                  const std::vector<std::filesystem::path>& excludes = {});

// What the working tree changed since a commit, as text to search: the tracked files' diff
// (`git diff <commit> --unified=0`) and the untracked, not ignored files (a new migration not yet
// added), each at most 1 MiB and 200 of them, outside excludes.
struct TreeChanges {
  std::filesystem::path top;  // the clone's top level, which the diff's paths are relative to
  std::string diff;
  std::vector<std::pair<std::string, std::string>> untracked;  // path in the clone, content
};
TreeChanges changes_since(const std::filesystem::path& source_dir, const std::string& commit,
                          const std::vector<std::filesystem::path>& excludes);

// `git worktree add --detach <work-dir>/<name> <commit>` in clone, recorded in the work dir;
// the destructor removes it through reclaim (only it, never another worktree: no prune).
// Removes work_dir/name when data-test provably made it there (a crashed run's worktree), as
// the Worktree constructor does; leaves anything it has no record of. Returns true if removed.
bool reclaim_worktree_leftover(const std::filesystem::path& clone, WorkDir& work_dir,
                               const std::string& name = "released-src");

class Worktree {
 public:
  // A leftover at that place is removed only when the work dir's record proves data-test made
  // it; anything else there (a symlink, the operator's clone or worktree) is refused.
  Worktree(std::filesystem::path clone, const std::string& commit, WorkDir& work_dir,
           const std::string& name = "released-src");
  ~Worktree() noexcept;
  Worktree(const Worktree&) = delete;
  Worktree& operator=(const Worktree&) = delete;

  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path clone_;
  WorkDir& work_dir_;
  std::filesystem::path dir_;
};

}  // namespace dt
