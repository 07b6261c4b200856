// The prime rule on the file system, tried as a careless operator or an attacker would: the
// operator's clone, a symlink or a foreign directory where data-test works, the clone as the work
// dir, a foreign report. Each test runs the real binary and checks nothing foreign was touched.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "support/e2e.hpp"
#include "support/live_child.hpp"
#include "support/safety.hpp"
#include "util/process.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

struct Marked {
  fs::path clone, work, config, profile;
};

// The arguments of a run that makes the released worktree: --fresh, or the released build would
// come from the first run's cache entry and no worktree would be made.
std::vector<std::string> worktree_args(const Marked& s) {
  auto args = run_args(s.clone, s.work, s.config, s.profile);
  args.emplace_back("--fresh");
  return args;
}

// A clone with uncommitted work, and a work dir that a finished run of data-test marked.
Marked marked_work_dir(const std::string& name) {
  Marked s;
  s.clone = make_app_clone(name, "");
  s.work = fresh_dir(name + "-work");
  s.config = make_operator_config(s.work.parent_path());
  s.profile = write_profile(s.work.parent_path(), fast_build(), quick_steps());
  const Result first = run_data_test(run_args(s.clone, s.work, s.config, s.profile));
  EXPECT_EQ(first.status, 0) << first.err;
  std::ofstream(s.clone / "uncommitted.txt") << "precious work\n";
  return s;
}

// The one error line of a refused run.
void expect_refused(const Result& r, const std::string& part) {
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_EQ(count_lines_starting(r.err, "data-test: error: "), 1) << r.err;
  EXPECT_NE(r.err.find(part), std::string::npos) << r.err;
}

void expect_clone_intact(const fs::path& clone) {
  EXPECT_EQ(read_text(clone / "uncommitted.txt"), "precious work\n");
  EXPECT_TRUE(fs::is_directory(clone / ".git"));
  EXPECT_EQ(process::capture({"git", "status", "--porcelain"}, clone).out, "?? uncommitted.txt\n");
}

TEST(NeverHarm, ASymlinkAtTheWorktreesPlaceIsRefusedAndNotFollowed) {
  const Marked s = marked_work_dir("harm-symlink");
  fs::create_directory_symlink(s.clone, s.work / "released-src");
  const Result r = run_data_test(worktree_args(s));
  expect_refused(r, "no record of making it");
  expect_clone_intact(s.clone);
  EXPECT_TRUE(fs::is_symlink(s.work / "released-src"));
  EXPECT_EQ(worktrees(s.clone).size(), 1u);
  EXPECT_FALSE(database_exists("example_released"));
}

TEST(NeverHarm, ACloneInsideTheWorkDirUnderTheWorktreesNameIsKept) {
  const Marked s = marked_work_dir("harm-clone");
  const fs::path other = s.work / "released-src";
  ASSERT_EQ(
      process::capture({"git", "clone", "-q", s.clone.string(), other.string()}, s.work).status, 0);
  std::ofstream(other / "their-work.txt") << "theirs\n";
  const Result r = run_data_test(worktree_args(s));
  expect_refused(r, "no record of making it");
  EXPECT_EQ(read_text(other / "their-work.txt"), "theirs\n");
  EXPECT_TRUE(fs::is_directory(other / ".git"));
  expect_clone_intact(s.clone);
}

TEST(NeverHarm, TheOperatorsLockedWorktreeThereIsKept) {
  const Marked s = marked_work_dir("harm-locked");
  const fs::path theirs = s.work / "released-src";
  ASSERT_EQ(
      process::capture({"git", "worktree", "add", "--detach", theirs.string(), "v1.0"}, s.clone)
          .status,
      0);
  ASSERT_EQ(process::capture({"git", "worktree", "lock", theirs.string()}, s.clone).status, 0);
  std::ofstream(theirs / "wip.txt") << "wip\n";
  const Result r = run_data_test(worktree_args(s));
  expect_refused(r, "no record of making it");
  EXPECT_EQ(read_text(theirs / "wip.txt"), "wip\n");
  EXPECT_EQ(worktrees(s.clone).size(), 2u);
}

TEST(NeverHarm, TheClonesRootAsWorkDirIsRefusedAndNothingIsWrittenThere) {
  const auto clone = make_app_clone("harm-dot", "");
  const auto config = make_operator_config(fresh_dir("harm-dot-config"));
  const auto profile = write_profile(fresh_dir("harm-dot-profile"), fast_build(), quick_steps());
  auto args = run_args(clone, ".", config, profile);
  const Result r = run_data_test(args, clone);
  expect_refused(r, "is the application's clone");
  EXPECT_EQ(process::capture({"git", "status", "--porcelain", "--ignored"}, clone).out, "");
  // A directory containing the clone is refused the same way.
  const Result parent = run_data_test(run_args(clone, clone.parent_path(), config, profile));
  expect_refused(parent, "or contains it");
  // A subdirectory of the clone (a build tree) is fine.
  const Result sub = run_data_test(run_args(clone, clone / "build" / "dt", config, profile));
  EXPECT_EQ(sub.status, 0) << sub.err;
}

TEST(NeverHarm, ADirectoryWithTheOperatorsFilesIsNotAWorkDir) {
  const auto clone = make_app_clone("harm-foreign", "");
  const auto dir = fresh_dir("harm-foreign-work");
  std::ofstream(dir / "report.md") << "the operator's own report\n";
  std::ofstream(dir / "state.json") << "{\"mine\": true}\n";
  const auto config = make_operator_config(dir.parent_path());
  const auto profile = write_profile(dir.parent_path(), fast_build(), quick_steps());
  const Result r = run_data_test(run_args(clone, dir, config, profile));
  expect_refused(r, "holds files data-test did not write");
  EXPECT_EQ(read_text(dir / "report.md"), "the operator's own report\n");
  EXPECT_EQ(read_text(dir / "state.json"), "{\"mine\": true}\n");
  EXPECT_FALSE(database_exists("example_released"));
}

TEST(NeverHarm, TheDefaultWorkDirIsFreshAndPrivate) {
  const auto clone = make_app_clone("harm-default", "");
  const auto tmp = fresh_dir("harm-default-tmp");
  const auto config = make_operator_config(tmp.parent_path());
  const auto profile =
      write_profile(fresh_dir("harm-default-profile"), fast_build(), quick_steps());
  auto args = run_args(clone, "unused", config, profile);
  args.resize(args.size() - 2);  // no --work-dir
  const Result r = run_data_test(args, clone, {{"TMPDIR", tmp.string()}});
  ASSERT_EQ(r.status, 0) << r.err;
  std::vector<fs::path> made;
  for (const auto& entry : fs::directory_iterator(tmp)) made.push_back(entry.path());
  ASSERT_EQ(made.size(), 1u);
  struct stat st {};
  ASSERT_EQ(::stat(made[0].c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u) << made[0];
  EXPECT_TRUE(fs::exists(made[0] / "report.md"));
  EXPECT_TRUE(fs::exists(made[0] / ".data-test-work-dir"));
}

TEST(NeverHarm, TheWriteProbeNeverFollowsASymlink) {
  const Marked s = marked_work_dir("harm-probe");
  const fs::path victim = s.work.parent_path() / "victim.txt";
  std::ofstream(victim) << "precious\n";
  // The marker itself as a symlink: no marker, so not a work dir (refused before any write).
  fs::rename(s.work / ".data-test-work-dir", s.work.parent_path() / "marker-kept");
  fs::create_symlink(victim, s.work / ".data-test-work-dir");
  const Result refused = run_data_test(worktree_args(s));
  EXPECT_EQ(refused.status, 2) << refused.err;
  EXPECT_NE(refused.err.find("holds files data-test did not write"), std::string::npos)
      << refused.err;
  fs::remove(s.work / ".data-test-work-dir");
  fs::rename(s.work.parent_path() / "marker-kept", s.work / ".data-test-work-dir");
  // Every file data-test writes there, replaced by a symlink to the victim: the run reaches the
  // reports' O_NOFOLLOW write, which refuses the first of them (exit 2, the verdicts printed).
  for (const char* name : {"report.md", "report.json", "report.html", "state.json"}) {
    fs::remove(s.work / name);
    fs::create_symlink(victim, s.work / name);
  }
  const Result r = run_data_test(worktree_args(s));
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(
      r.err.find("refusing to write '" + (s.work / "report.md").string() + "': it is a symlink"),
      std::string::npos)
      << r.err;
  EXPECT_EQ(read_text(victim), "precious\n");
}

}  // namespace
}  // namespace dt::e2e
