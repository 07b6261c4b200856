#include "worktree.hpp"

#include <cstdint>
#include <map>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/reclaim.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/log.hpp"
#include "util/process.hpp"
#include "util/signals.hpp"
#include "util/text.hpp"

namespace dt {
namespace {

namespace fs = std::filesystem;

// No credential prompts (a prompt would hang the run) and no optional index writes in the
// operator's clone. Nothing here ever talks to a remote.
const std::map<std::string, std::string>& git_env() {
  // LFS smudging would reach for the network when the worktree is checked out.
  static const std::map<std::string, std::string> env{
      {"GIT_TERMINAL_PROMPT", "0"}, {"GIT_OPTIONAL_LOCKS", "0"}, {"GIT_LFS_SKIP_SMUDGE", "1"}};
  return env;
}

process::Captured git(const fs::path& cwd, std::vector<std::string> args,
                      bool interruptible = false) {
  args.insert(args.begin(), "git");
  return process::capture(args, cwd, git_env(), interruptible);
}

// git's own explanation: the first "fatal:"/"error:" line, else the first non-empty line
// (git prints progress such as "Preparing worktree" on stderr too).
std::string git_message(std::string_view err) {
  std::string first;
  std::size_t pos = 0;
  while (pos < err.size()) {
    std::size_t end = err.find('\n', pos);
    if (end == std::string_view::npos) end = err.size();
    std::string_view line = err.substr(pos, end - pos);
    pos = end + 1;
    if (line.empty()) continue;
    for (std::string_view tag : {"fatal: ", "error: "}) {
      if (line.substr(0, tag.size()) == tag) return std::string(line.substr(tag.size()));
    }
    if (first.empty()) first = std::string(line);
  }
  return first.empty() ? std::string("no message") : first;
}

std::string trim_newline(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

// Runs git and returns its stdout; a failure is a dt::Error naming the command.
std::string git_out(const fs::path& cwd, const std::vector<std::string>& args) {
  process::Captured r = git(cwd, args, true);
  if (r.status != 0) {
    std::vector<std::string> argv{"git"};
    argv.insert(argv.end(), args.begin(), args.end());
    throw Error(fmt::format("'{}' failed in '{}' (exit {}): {}", process::display(argv),
                            cwd.string(), r.status, git_message(r.err)));
  }
  return std::move(r.out);
}

std::vector<std::string> split_nul(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\0', pos);
    if (end == std::string::npos) end = text.size();
    if (end > pos) parts.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return parts;
}

bool is_registered(const fs::path& clone, const fs::path& dir) {
  process::Captured r = git(clone, {"worktree", "list", "--porcelain", "-z"});
  if (r.status != 0) return false;
  const std::string wanted = "worktree " + dir.string();
  for (const std::string& entry : split_nul(r.out)) {
    if (entry == wanted) return true;
  }
  return false;
}

}  // namespace

fs::path git_toplevel(const fs::path& dir) {
  if (!file::is_directory(dir)) {
    throw Error(fmt::format(
        "source dir '{}' is not inside a git clone; pass --source-dir with the application's "
        "clone",
        dir.string()));
  }
  process::Captured r = git(dir, {"rev-parse", "--show-toplevel"});
  std::string top = trim_newline(r.out);
  if (r.status != 0 || top.empty()) {
    throw Error(fmt::format(
        "source dir '{}' is not inside a git clone; pass --source-dir with the application's "
        "clone",
        dir.string()));
  }
  return fs::path(top);
}

std::string resolve_tag(const fs::path& source_dir, const std::string& tag) {
  process::Captured r =
      git(source_dir, {"rev-parse", "--verify", "--quiet", "refs/tags/" + tag + "^{commit}"});
  std::string commit = trim_newline(r.out);
  if (r.status != 0 || commit.empty()) {
    throw Error(fmt::format(
        "tag '{}' not found in '{}'; run 'git fetch --tags' there, or check the spelling "
        "(git tag --list)",
        tag, source_dir.string()));
  }
  return commit;
}

// The pathspec limiting a command to the clone minus excludes (data-test's own work dir, a
// build tree: their logs and state must not change the fingerprint). Literal: a directory name
// with '*' or '?' is not a pattern. The clone itself (an in-source build) is never left out.
static std::vector<std::string> pathspec(const fs::path& top,
                                         const std::vector<fs::path>& excludes) {
  std::vector<std::string> spec{"--", "."};
  for (const auto& exclude : excludes) {
    if (exclude.empty()) continue;
    const fs::path relative =
        file::absolute(exclude).lexically_normal().lexically_relative(file::absolute(top));
    if (!relative.empty() && *relative.begin() != ".." && relative != ".") {
      spec.push_back(":(exclude,literal)" + relative.generic_string());
    }
  }
  return spec;
}

static std::vector<std::string> with(std::vector<std::string> args,
                                     const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

std::string working_tree_fingerprint(const fs::path& source_dir,
                                     const std::vector<fs::path>& excludes) {
  const fs::path top = git_toplevel(source_dir);
  const auto spec = pathspec(top, excludes);
  process::Captured head = git(top, {"rev-parse", "--verify", "--quiet", "HEAD^{commit}"});
  if (head.status != 0) {
    throw Error(fmt::format("the git clone '{}' has no commit yet; commit the application first",
                            top.string()));
  }
  text::Fnv1a64 h;
  h.field("head");
  h.field(trim_newline(head.out));
  // Plain, reproducible diff: no user diff drivers, colours or renames.
  h.field("diff");
  h.field(git_out(top, with({"-c", "core.quotepath=off", "diff", "HEAD", "--binary", "--no-color",
                             "--no-ext-diff", "--no-textconv", "--no-renames", "--full-index"},
                            spec)));

  h.field("untracked");
  std::vector<std::string> files;
  for (std::string& path :
       split_nul(git_out(top, with({"ls-files", "--others", "--exclude-standard", "-z"}, spec)))) {
    const file::Kind kind = file::kind(top / path);
    h.field(path);
    // Nested repositories are listed as "dir/"; they count by name only.
    if (kind == file::Kind::regular || kind == file::Kind::symlink) {
      files.push_back(std::move(path));
    } else {
      h.field("-");
    }
  }
  // Content hashes, in batches to stay well under the argument-length limit.
  const std::size_t batch = 200;
  for (std::size_t i = 0; i < files.size(); i += batch) {
    std::vector<std::string> args{"hash-object", "--"};
    for (std::size_t j = i; j < files.size() && j < i + batch; ++j) args.push_back(files[j]);
    h.field(git_out(top, args));
  }
  return h.hex();
}

TreeChanges changes_since(const fs::path& source_dir, const std::string& commit,
                          const std::vector<fs::path>& excludes) {
  constexpr long long kMaxFile = 1 << 20;
  constexpr std::size_t kMaxFiles = 200;
  const fs::path top = git_toplevel(source_dir);
  const auto spec = pathspec(top, excludes);
  TreeChanges out;
  out.top = top;
  out.diff = git_out(top, with({"-c", "core.quotepath=off", "diff", commit, "--unified=0",
                                "--no-color", "--no-ext-diff", "--no-textconv", "--no-renames"},
                               spec));
  for (const std::string& path :
       split_nul(git_out(top, with({"ls-files", "--others", "--exclude-standard", "-z"}, spec)))) {
    if (out.untracked.size() >= kMaxFiles) break;
    const auto v = file::version(top / path);
    if (!v || v->size > kMaxFile) continue;  // not a regular file, or too large to be a schema
    out.untracked.emplace_back(path, file::read_text(top / path, "untracked file"));
  }
  return out;
}

bool has_uncommitted_changes(const fs::path& source_dir, const std::vector<fs::path>& excludes) {
  const fs::path top = git_toplevel(source_dir);
  return !git_out(top, with({"status", "--porcelain", "--untracked-files=normal"},
                            pathspec(top, excludes)))
              .empty();
}

std::vector<CommitInfo> commits_after(const fs::path& source_dir, const std::string& commit) {
  const fs::path top = git_toplevel(source_dir);
  if (git(top, {"merge-base", "--is-ancestor", commit, "HEAD"}, true).status != 0) {
    throw Error(fmt::format(
        "commit '{}' is not an ancestor of HEAD in '{}'; check out a branch that contains the "
        "released tag",
        commit, top.string()));
  }
  // One record per commit (NUL-separated), its fields split by the unit separator; the subject
  // last, so that it may hold anything but a newline. No signature lines, whatever the config.
  std::vector<CommitInfo> out;
  for (const std::string& record : split_nul(git_out(
           top, {"-c", "log.showSignature=false", "log", "-z", "--first-parent", "--reverse",
                 "--no-color", "--format=%H%x1f%aI%x1f%s", commit + "..HEAD", "--"}))) {
    const std::size_t a = record.find('\x1f');
    const std::size_t b = a == std::string::npos ? a : record.find('\x1f', a + 1);
    if (b == std::string::npos) continue;
    out.push_back({record.substr(0, a), record.substr(a + 1, b - a - 1), record.substr(b + 1)});
  }
  return out;
}

std::string describe_working_tree(const fs::path& source_dir,
                                  const std::vector<fs::path>& excludes) {
  const fs::path top = git_toplevel(source_dir);
  const std::string head = trim_newline(git_out(top, {"rev-parse", "--short", "HEAD"}));
  return fmt::format("working tree at {}{}", head,
                     has_uncommitted_changes(top, excludes) ? " with uncommitted changes" : "");
}

bool reclaim_worktree_leftover(const fs::path& clone, WorkDir& work_dir, const std::string& name) {
  const fs::path dir = work_dir.path() / name;
  if (file::kind(dir) == file::Kind::missing) return false;
  const auto made = work_dir.made(dir);
  if (!made) return false;
  log::info(fmt::format("removing the stale worktree '{}'", dir.string()));
  reclaim::reclaim(reclaim::Worktree{clone, *made});
  work_dir.forget(dir);
  return true;
}

Worktree::Worktree(fs::path clone, const std::string& commit, WorkDir& work_dir,
                   const std::string& name)
    : clone_(std::move(clone)), work_dir_(work_dir), dir_(work_dir.path() / name) {
  const bool present = file::kind(dir_) != file::Kind::missing;
  if (present) {
    // A crashed run leaves its worktree behind; only one data-test provably made goes.
    const auto made = work_dir_.made(dir_);
    if (!made) {
      throw Error(fmt::format(
          "'{}' exists and data-test has no record of making it; move it away yourself (it may "
          "be your own clone or worktree) or choose another --work-dir",
          dir_.string()));
    }
    log::info(fmt::format("removing the stale worktree '{}'", dir_.string()));
    reclaim::reclaim(reclaim::Worktree{clone_, *made});
    work_dir_.forget(dir_);
  }
  // Made and recorded before git fills it, so that no crash leaves an unprovable worktree.
  file::create_directories(dir_, 0755);
  work_dir_.record(dir_);
  std::vector<std::string> args{"-c", "core.hooksPath=/dev/null", "worktree", "add", "--detach"};
  // A registration whose directory is gone (deleted by hand) would block the add: -f replaces
  // only such a registration, it deletes nothing.
  if (is_registered(clone_, dir_)) args.emplace_back("-f");
  args.push_back(dir_.string());
  args.push_back(commit);
  // The operator's hooks (post-checkout and the like) are not run for our worktree.
  process::Captured r = git(clone_, args, true);
  if (r.status != 0) {
    throw Error(fmt::format("cannot create the worktree '{}' for commit '{}': {}", dir_.string(),
                            commit, git_message(r.err)));
  }
}

Worktree::~Worktree() noexcept {
  signals::Shield shield;
  try {
    const auto made = work_dir_.made(dir_);
    if (!made) return;
    reclaim::reclaim(reclaim::Worktree{clone_, *made});
    work_dir_.forget(dir_);
  } catch (const std::exception& e) {
    log::warn(fmt::format("cannot remove the worktree '{}': {}", dir_.string(), e.what()));
  }
}

}  // namespace dt
