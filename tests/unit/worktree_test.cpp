// Worktree, tag resolution and fingerprint against real git repositories under a temp dir.
#include "worktree.hpp"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "support/files.hpp"

#include "util/error.hpp"
#include "util/process.hpp"

namespace fs = std::filesystem;

namespace {

// A private temp directory, deleted with everything in it.
using dt::testing_support::TempDir;

std::string git(const fs::path& cwd, std::vector<std::string> args) {
  args.insert(args.begin(), {"git", "-c", "user.name=Test", "-c", "user.email=test@example.com",
                             "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"});
  dt::process::Captured r = dt::process::capture(args, cwd);
  if (r.status != 0) {
    throw std::runtime_error(fmt::format("{} failed: {}", dt::process::display(args), r.err));
  }
  while (!r.out.empty() && r.out.back() == '\n') r.out.pop_back();
  return r.out;
}

void write_file(const fs::path& path, const std::string& text) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs(text.c_str(), f);
  std::fclose(f);
}

using dt::testing_support::read_file;

// A repository with two commits: "v1" tagged 1.0, "v2" at HEAD (tagged 2.0, annotated).
class GitRepo : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_ = tmp_.path() / "repo";
    fs::create_directories(repo_);
    git(repo_, {"init", "-q", "-b", "main"});
    write_file(repo_ / "app.txt", "v1\n");
    write_file(repo_ / ".gitignore", "ignored.txt\n");
    git(repo_, {"add", "."});
    git(repo_, {"commit", "-q", "-m", "one"});
    git(repo_, {"tag", "1.0"});
    first_ = git(repo_, {"rev-parse", "HEAD"});
    write_file(repo_ / "app.txt", "v2\n");
    git(repo_, {"commit", "-q", "-am", "two"});
    git(repo_, {"tag", "-a", "2.0", "-m", "release 2.0"});
    second_ = git(repo_, {"rev-parse", "HEAD"});
  }

  std::string worktree_list() { return git(repo_, {"worktree", "list", "--porcelain"}); }

  TempDir tmp_;
  fs::path repo_;
  std::string first_, second_;
};

TEST_F(GitRepo, ToplevelFromSubdirectory) {
  fs::create_directories(repo_ / "sub" / "dir");
  EXPECT_EQ(fs::canonical(dt::git_toplevel(repo_ / "sub" / "dir")), fs::canonical(repo_));
}

TEST_F(GitRepo, NotAGitDirectoryIsAnError) {
  fs::path plain = tmp_.path() / "plain";
  fs::create_directories(plain);
  try {
    dt::git_toplevel(plain);
    FAIL() << "expected dt::Error";
  } catch (const dt::Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("'" + plain.string() + "' is not inside a git clone"), std::string::npos)
        << msg;
    EXPECT_NE(msg.find("--source-dir"), std::string::npos) << msg;
  }
  EXPECT_THROW(dt::git_toplevel(tmp_.path() / "does-not-exist"), dt::Error);
}

TEST_F(GitRepo, ResolvesLightweightAndAnnotatedTagsToCommits) {
  EXPECT_EQ(dt::resolve_tag(repo_, "1.0"), first_);
  // The annotated tag's own object differs from its commit; the commit is what we need.
  EXPECT_NE(git(repo_, {"rev-parse", "refs/tags/2.0"}), second_);
  EXPECT_EQ(dt::resolve_tag(repo_, "2.0"), second_);
}

TEST_F(GitRepo, MissingTagSaysHowToFetch) {
  try {
    dt::resolve_tag(repo_, "9.9");
    FAIL() << "expected dt::Error";
  } catch (const dt::Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("tag '9.9' not found"), std::string::npos) << msg;
    EXPECT_NE(msg.find("git fetch --tags"), std::string::npos) << msg;
  }
  // A branch of the same name is not a tag.
  git(repo_, {"branch", "feature"});
  EXPECT_THROW(dt::resolve_tag(repo_, "feature"), dt::Error);
}

TEST_F(GitRepo, AddThenRemoveLeavesNothingBehind) {
  dt::WorkDir work = dt::WorkDir::open(tmp_.path() / "work");
  const fs::path dir = work.path() / "released-src";
  {
    dt::Worktree wt(repo_, first_, work);
    EXPECT_EQ(wt.dir(), dir);
    EXPECT_EQ(read_file(wt.dir() / "app.txt"), "v1\n");
    EXPECT_EQ(git(wt.dir(), {"rev-parse", "HEAD"}), first_);
    EXPECT_NE(worktree_list().find(dir.string()), std::string::npos);
    // The operator's checkout is untouched.
    EXPECT_EQ(read_file(repo_ / "app.txt"), "v2\n");
  }
  EXPECT_FALSE(fs::exists(dir));
  EXPECT_EQ(worktree_list().find("released-src"), std::string::npos);
  EXPECT_FALSE(work.made(dir).has_value());
}

// A guard whose destructor never runs, as in a run killed mid-way. Kept reachable, so that
// LeakSanitizer does not report the memory a killed process would not have freed either: the
// list itself is never destroyed (a static vector is freed at exit, before the leak check).
void never_destroyed(dt::Worktree* guard) {
  static auto* kept = new std::vector<dt::Worktree*>();
  kept->push_back(guard);
}

TEST_F(GitRepo, StaleWorktreeOfACrashedRunIsReplaced) {
  dt::WorkDir work = dt::WorkDir::open(tmp_.path() / "work");
  // A run killed mid-way: its guard never ran; local junk in the worktree.
  never_destroyed(new dt::Worktree(repo_, second_, work));
  const fs::path dir = work.path() / "released-src";
  write_file(dir / "junk.txt", "left over\n");
  write_file(dir / "app.txt", "edited\n");
  // The next run, with the work dir's record read afresh.
  dt::WorkDir again = dt::WorkDir::open(tmp_.path() / "work");
  {
    dt::Worktree wt(repo_, first_, again);
    EXPECT_EQ(git(dir, {"rev-parse", "HEAD"}), first_);
    EXPECT_EQ(read_file(dir / "app.txt"), "v1\n");
    EXPECT_FALSE(fs::exists(dir / "junk.txt"));
  }
  EXPECT_FALSE(fs::exists(dir));
  EXPECT_EQ(worktree_list().find("released-src"), std::string::npos);
}

TEST_F(GitRepo, OurWorktreeDeletedByHandIsAddedAgain) {
  dt::WorkDir work = dt::WorkDir::open(tmp_.path() / "work");
  never_destroyed(new dt::Worktree(repo_, second_, work));
  fs::remove_all(work.path() / "released-src");
  dt::Worktree wt(repo_, first_, work);
  EXPECT_EQ(git(wt.dir(), {"rev-parse", "HEAD"}), first_);
}

TEST_F(GitRepo, TheOperatorsCloneAtTheWorktreesPlaceIsRefusedAndKept) {
  dt::WorkDir work = dt::WorkDir::open(tmp_.path() / "work");
  // A clone that happens to sit where the worktree goes, with uncommitted work.
  const fs::path clone = work.path() / "released-src";
  git(tmp_.path(), {"clone", "-q", repo_.string(), clone.string()});
  write_file(clone / "uncommitted.txt", "precious\n");
  try {
    dt::Worktree wt(repo_, first_, work);
    FAIL() << "expected dt::Error";
  } catch (const dt::Error& e) {
    EXPECT_NE(std::string(e.what()).find("no record of making it"), std::string::npos) << e.what();
  }
  EXPECT_EQ(read_file(clone / "uncommitted.txt"), "precious\n");
  EXPECT_TRUE(fs::is_directory(clone / ".git"));
}

TEST_F(GitRepo, ASymlinkToTheOperatorsCloneIsRefusedAndNotFollowed) {
  dt::WorkDir work = dt::WorkDir::open(tmp_.path() / "work");
  write_file(repo_ / "uncommitted.txt", "precious\n");
  fs::create_directory_symlink(repo_, work.path() / "released-src");
  EXPECT_THROW({ dt::Worktree wt(repo_, first_, work); }, dt::Error);
  EXPECT_EQ(read_file(repo_ / "uncommitted.txt"), "precious\n");
  EXPECT_TRUE(fs::is_directory(repo_ / ".git"));
  EXPECT_EQ(git(repo_, {"rev-parse", "HEAD"}), second_);
}

TEST_F(GitRepo, TheOperatorsOwnLockedWorktreeThereIsRefusedAndKept) {
  dt::WorkDir work = dt::WorkDir::open(tmp_.path() / "work");
  const fs::path theirs = work.path() / "released-src";
  git(repo_, {"worktree", "add", "--detach", theirs.string(), second_});
  git(repo_, {"worktree", "lock", theirs.string()});
  write_file(theirs / "work-in-progress.txt", "mine\n");
  EXPECT_THROW({ dt::Worktree wt(repo_, first_, work); }, dt::Error);
  EXPECT_EQ(read_file(theirs / "work-in-progress.txt"), "mine\n");
  EXPECT_NE(worktree_list().find("locked"), std::string::npos);
}

TEST_F(GitRepo, OurWorktreeSwappedForTheOperatorsCloneIsNotDeleted) {
  dt::WorkDir work = dt::WorkDir::open(tmp_.path() / "work");
  const fs::path dir = work.path() / "released-src";
  {
    auto wt = std::make_unique<dt::Worktree>(repo_, first_, work);
    // While the run goes on, the directory is replaced by a clone (another inode).
    fs::rename(dir, tmp_.path() / "ours-moved");
    git(tmp_.path(), {"clone", "-q", repo_.string(), dir.string()});
    write_file(dir / "uncommitted.txt", "precious\n");
  }
  EXPECT_EQ(read_file(dir / "uncommitted.txt"), "precious\n");
  EXPECT_TRUE(fs::is_directory(dir / ".git"));
}

TEST_F(GitRepo, OnlyItsOwnEntryIsPruned) {
  // The operator has a worktree on a removable disk that is not mounted right now.
  const fs::path away = tmp_.path() / "usb" / "feature";
  git(repo_, {"worktree", "add", "--detach", away.string(), first_});
  fs::remove_all(tmp_.path() / "usb");
  dt::WorkDir work = dt::WorkDir::open(tmp_.path() / "work");
  { dt::Worktree wt(repo_, first_, work); }
  EXPECT_NE(worktree_list().find(away.string()), std::string::npos) << worktree_list();
}

TEST_F(GitRepo, UnknownCommitIsAnErrorWithGitsReason) {
  dt::WorkDir work = dt::WorkDir::open(tmp_.path() / "work");
  try {
    dt::Worktree wt(repo_, "0123456789abcdef0123456789abcdef01234567", work);
    FAIL() << "expected dt::Error";
  } catch (const dt::Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("0123456789abcdef"), std::string::npos) << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
    EXPECT_EQ(msg.find("Preparing worktree"), std::string::npos) << msg;
  }
  EXPECT_FALSE(fs::exists(work.path() / "released-src" / "app.txt"));
}

TEST_F(GitRepo, FingerprintFollowsTheWorkingTree) {
  const std::string clean = dt::working_tree_fingerprint(repo_);
  EXPECT_FALSE(clean.empty());
  EXPECT_EQ(dt::working_tree_fingerprint(repo_), clean);
  EXPECT_EQ(dt::working_tree_fingerprint(repo_ / ".git" / ".."), clean);

  // An ignored file does not count.
  write_file(repo_ / "ignored.txt", "noise\n");
  EXPECT_EQ(dt::working_tree_fingerprint(repo_), clean);

  // An uncommitted edit does, and undoing it restores the fingerprint.
  write_file(repo_ / "app.txt", "v3\n");
  const std::string edited = dt::working_tree_fingerprint(repo_);
  EXPECT_NE(edited, clean);
  EXPECT_EQ(dt::working_tree_fingerprint(repo_), edited);
  write_file(repo_ / "app.txt", "v2\n");
  EXPECT_EQ(dt::working_tree_fingerprint(repo_), clean);

  // An untracked file counts, and so does a change to its content.
  write_file(repo_ / "new.txt", "a\n");
  const std::string untracked = dt::working_tree_fingerprint(repo_);
  EXPECT_NE(untracked, clean);
  write_file(repo_ / "new.txt", "b\n");
  const std::string untracked_b = dt::working_tree_fingerprint(repo_);
  EXPECT_NE(untracked_b, untracked);
  fs::remove(repo_ / "new.txt");
  EXPECT_EQ(dt::working_tree_fingerprint(repo_), clean);

  // A new commit changes HEAD, and with it the fingerprint.
  git(repo_, {"commit", "-q", "--allow-empty", "-m", "three"});
  EXPECT_NE(dt::working_tree_fingerprint(repo_), clean);
}

// bisect's candidates: HEAD's first-parent line after a commit, oldest first, a merged branch's
// own commits left out; a commit HEAD does not descend from is refused.
TEST_F(GitRepo, CommitsAfterATagFollowTheFirstParentLineOldestFirst) {
  EXPECT_TRUE(dt::commits_after(repo_, second_).empty());
  git(repo_, {"checkout", "-q", "-b", "side", first_});
  git(repo_, {"commit", "-q", "--allow-empty", "-m", "on the side"});
  git(repo_, {"checkout", "-q", "main"});
  git(repo_, {"merge", "-q", "--no-ff", "-m", "merge side\x1fwith a separator", "side"});
  const std::string merge = git(repo_, {"rev-parse", "HEAD"});
  const auto commits = dt::commits_after(repo_, first_);
  ASSERT_EQ(commits.size(), 2u);
  EXPECT_EQ(commits[0].sha, second_);
  EXPECT_EQ(commits[0].subject, "two");
  EXPECT_EQ(commits[0].date.size(), 25u) << commits[0].date;  // 2026-12-07T10:00:00+01:00
  EXPECT_EQ(commits[1].sha, merge);
  EXPECT_EQ(commits[1].subject, "merge side\x1fwith a separator");
  // A branch never merged: HEAD does not descend from its commit.
  git(repo_, {"checkout", "-q", "-b", "other", first_});
  git(repo_, {"commit", "-q", "--allow-empty", "-m", "elsewhere"});
  const std::string other = git(repo_, {"rev-parse", "HEAD"});
  git(repo_, {"checkout", "-q", "main"});
  try {
    dt::commits_after(repo_, other);
    FAIL() << "expected dt::Error";
  } catch (const dt::Error& e) {
    EXPECT_NE(std::string(e.what()).find("is not an ancestor of HEAD"), std::string::npos)
        << e.what();
  }
  git(repo_, {"checkout", "-q", "other"});
  EXPECT_THROW(dt::commits_after(repo_, second_), dt::Error);
}

TEST_F(GitRepo, UncommittedChangesAreTrackedEditsAndUntrackedFilesNotIgnoredOnes) {
  EXPECT_FALSE(dt::has_uncommitted_changes(repo_));
  write_file(repo_ / "ignored.txt", "noise\n");
  EXPECT_FALSE(dt::has_uncommitted_changes(repo_));
  write_file(repo_ / "new.txt", "a\n");
  EXPECT_TRUE(dt::has_uncommitted_changes(repo_));
  EXPECT_FALSE(dt::has_uncommitted_changes(repo_, {repo_ / "new.txt"}));
  fs::remove(repo_ / "new.txt");
  write_file(repo_ / "app.txt", "v3\n");
  EXPECT_TRUE(dt::has_uncommitted_changes(repo_));
}

}  // namespace

TEST_F(GitRepo, FingerprintLeavesOutTheWorkDirInsideTheClone) {
  const fs::path work = repo_ / "build" / "data-test";
  const std::string clean = dt::working_tree_fingerprint(repo_, {work});
  fs::create_directories(work / "logs");
  write_file(work / "state.json", "{}\n");
  write_file(work / "logs" / "new.log", "line\n");
  EXPECT_EQ(dt::working_tree_fingerprint(repo_, {work}), clean);
  EXPECT_EQ(dt::describe_working_tree(repo_, {work}).find("uncommitted"), std::string::npos);
  // Without the exclusion the same files count.
  EXPECT_NE(dt::working_tree_fingerprint(repo_), clean);
  EXPECT_NE(dt::describe_working_tree(repo_).find("with uncommitted changes"), std::string::npos);
  // A change outside the work dir still counts.
  write_file(repo_ / "app.txt", "v9\n");
  EXPECT_NE(dt::working_tree_fingerprint(repo_, {work}), clean);
}

// A consumer's CTest build tree in the clone: its files (Testing/, listings, junit) are left out
// with --fingerprint-exclude; the clone itself (an in-source build) or a directory outside it
// leaves nothing out, and a name with glob characters is taken literally.
TEST_F(GitRepo, FingerprintLeavesOutBuildTreesButNeverTheWholeClone) {
  const fs::path build = repo_ / "build*";
  const fs::path work = build / "data-test-suites" / "s";
  fs::create_directories(work);
  const std::string clean = dt::working_tree_fingerprint(repo_, {work, build});
  fs::create_directories(build / "Testing");
  write_file(build / "Testing" / "LastTest.log", "ran\n");
  write_file(build / "s_listed.txt", "t\n");
  EXPECT_EQ(dt::working_tree_fingerprint(repo_, {work, build}), clean);
  EXPECT_NE(dt::working_tree_fingerprint(repo_, {work}), clean);
  // "build*" is not a pattern: a sibling it would match still counts.
  write_file(repo_ / "buildx.txt", "x\n");
  EXPECT_NE(dt::working_tree_fingerprint(repo_, {work, build}), clean);
  fs::remove(repo_ / "buildx.txt");
  // The clone itself, or a directory outside it, leaves out nothing.
  write_file(repo_ / "app.txt", "v9\n");
  const std::string edited = dt::working_tree_fingerprint(repo_, {work, build});
  EXPECT_NE(edited, clean);
  EXPECT_EQ(dt::working_tree_fingerprint(repo_, {work, build, repo_, repo_ / "."}), edited);
  EXPECT_EQ(dt::working_tree_fingerprint(repo_, {work, build, repo_.parent_path()}), edited);
}
