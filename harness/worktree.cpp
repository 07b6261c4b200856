#include "worktree.hpp"

#include <cstdint>
#include <map>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/log.hpp"
#include "util/process.hpp"
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

process::Captured git(const fs::path& cwd, std::vector<std::string> args) {
  args.insert(args.begin(), "git");
  return process::capture(args, cwd, git_env());
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
  process::Captured r = git(cwd, args);
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

// The absolute, symlink-resolved form git prints in `git worktree list`.
fs::path normal_path(const fs::path& p) {
  std::error_code ec;
  fs::path abs = fs::absolute(p, ec);
  if (ec) abs = p;
  fs::path canon = fs::weakly_canonical(abs, ec);
  return ec ? abs.lexically_normal() : canon;
}

bool is_registered(const fs::path& source_dir, const fs::path& dir) {
  process::Captured r = git(source_dir, {"worktree", "list", "--porcelain", "-z"});
  if (r.status != 0) return false;
  const std::string prefix = "worktree ";
  for (const std::string& entry : split_nul(r.out)) {
    if (entry.compare(0, prefix.size(), prefix) == 0 &&
        normal_path(entry.substr(prefix.size())) == dir) {
      return true;
    }
  }
  return false;
}

}  // namespace

fs::path git_toplevel(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
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

// The pathspec limiting a command to the clone minus exclude (data-test's own work dir when it
// lies inside the clone: its logs and state must not change the fingerprint).
static std::vector<std::string> pathspec(const fs::path& top, const fs::path& exclude) {
  std::vector<std::string> spec{"--", "."};
  if (exclude.empty()) return spec;
  const fs::path relative = normal_path(exclude).lexically_relative(normal_path(top));
  if (!relative.empty() && *relative.begin() != "..") {
    spec.push_back(":(exclude)" + relative.generic_string());
  }
  return spec;
}

static std::vector<std::string> with(std::vector<std::string> args,
                                     const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

std::string working_tree_fingerprint(const fs::path& source_dir, const fs::path& exclude) {
  const fs::path top = git_toplevel(source_dir);
  const auto spec = pathspec(top, exclude);
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
    std::error_code ec;
    fs::file_status st = fs::symlink_status(top / path, ec);
    h.field(path);
    // Nested repositories are listed as "dir/"; they count by name only.
    if (!ec && (fs::is_regular_file(st) || fs::is_symlink(st))) {
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

std::string describe_working_tree(const fs::path& source_dir, const fs::path& exclude) {
  const fs::path top = git_toplevel(source_dir);
  const std::string head = trim_newline(git_out(top, {"rev-parse", "--short", "HEAD"}));
  const std::string status = git_out(
      top, with({"status", "--porcelain", "--untracked-files=normal"}, pathspec(top, exclude)));
  return fmt::format("working tree at {}{}", head,
                     status.empty() ? "" : " with uncommitted changes");
}

Worktree::Worktree(fs::path source_dir, const std::string& commit, fs::path dir)
    : source_dir_(std::move(source_dir)), dir_(normal_path(dir)) {
  std::error_code ec;
  const bool registered = is_registered(source_dir_, dir_);
  if (registered || fs::exists(dir_, ec)) {
    // A crashed run leaves its worktree behind; an unrelated directory is not ours to delete.
    if (!registered && !fs::is_empty(dir_, ec)) {
      throw Error(fmt::format(
          "'{}' exists and is not a git worktree of '{}'; remove it or choose another --work-dir",
          dir_.string(), source_dir_.string()));
    }
    if (registered) {
      log::info(fmt::format("removing stale worktree '{}'", dir_.string()));
      process::Captured r = git(source_dir_, {"worktree", "remove", "--force", dir_.string()});
      if (r.status != 0 && fs::exists(dir_, ec)) fs::remove_all(dir_, ec);
    }
    git(source_dir_, {"worktree", "prune"});
  }
  fs::create_directories(dir_.parent_path(), ec);
  // The operator's hooks (post-checkout and the like) are not run for our worktree.
  process::Captured r = git(source_dir_, {"-c", "core.hooksPath=/dev/null", "worktree", "add",
                                          "--detach", dir_.string(), commit});
  if (r.status != 0) {
    throw Error(fmt::format("cannot create the worktree '{}' for commit '{}': {}", dir_.string(),
                            commit, git_message(r.err)));
  }
}

Worktree::~Worktree() noexcept {
  try {
    process::Captured r = git(source_dir_, {"worktree", "remove", "--force", dir_.string()});
    if (r.status != 0) {
      log::warn(fmt::format("git worktree remove '{}' failed: {}; deleting the directory",
                            dir_.string(), git_message(r.err)));
      std::error_code ec;
      fs::remove_all(dir_, ec);
      if (ec) log::warn(fmt::format("cannot delete '{}': {}", dir_.string(), ec.message()));
    }
    process::Captured p = git(source_dir_, {"worktree", "prune"});
    if (p.status != 0) {
      log::warn(fmt::format("git worktree prune in '{}' failed: {}", source_dir_.string(),
                            git_message(p.err)));
    }
  } catch (const std::exception& e) {
    log::warn(fmt::format("cannot remove the worktree '{}': {}", dir_.string(), e.what()));
  } catch (...) {
    log::warn(fmt::format("cannot remove the worktree '{}'", dir_.string()));
  }
}

}  // namespace dt
