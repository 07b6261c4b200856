// The work dir: private when made, adopted only when empty, refused when it holds what
// data-test did not write, and its records of what data-test made there.
#include "core/work_dir.hpp"

#include <unistd.h>

#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/files.hpp"
#include "util/error.hpp"

namespace dt {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using testing_support::give_to_nobody;
using testing_support::mode_of;
using testing_support::read_file;
using testing_support::TempDir;

TEST(WorkDir, DefaultIsFreshPrivateAndMarked) {
  TempDir tmp;
  ::setenv("TMPDIR", tmp.path().c_str(), 1);
  const WorkDir one = WorkDir::create_default("app-data-test-x");
  const WorkDir two = WorkDir::create_default("app-data-test-x");
  ::unsetenv("TMPDIR");
  EXPECT_NE(one.path(), two.path());
  EXPECT_EQ(one.path().parent_path(), fs::canonical(tmp.path()));
  EXPECT_EQ(mode_of(one.path()), 0700);
  EXPECT_TRUE(fs::exists(one.path() / WorkDir::kMarker));
}

TEST(WorkDir, MissingIsMadeEmptyIsAdoptedMarkedIsReopened) {
  TempDir tmp;
  const WorkDir made = WorkDir::open(tmp.path() / "a" / "b");
  EXPECT_EQ(mode_of(made.path()), 0700);
  EXPECT_NO_THROW(WorkDir::open(tmp.subdir("empty")));
  file::write_private(made.path() / "report.md", "old report");
  EXPECT_NO_THROW(WorkDir::open(tmp.path() / "a" / "b"));
}

TEST(WorkDir, ADirectoryWithFilesDataTestDidNotWriteIsRefused) {
  TempDir tmp;
  const fs::path dir = tmp.subdir("mine");
  file::write_private(dir / "report.md", "the operator's own report");
  try {
    WorkDir::open(dir);
    FAIL() << "adopted a non-empty directory";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("holds files data-test did not write"));
  }
  EXPECT_EQ(read_file(dir / "report.md"), "the operator's own report");
  EXPECT_FALSE(fs::exists(dir / WorkDir::kMarker));
  file::write_private(tmp.path() / "file", "x");
  EXPECT_THROW(WorkDir::open(tmp.path() / "file"), Error);
}

TEST(WorkDir, AForgedMarkerIsRefused) {
  TempDir tmp;
  const fs::path dir = tmp.subdir("w");
  file::write_private(dir / WorkDir::kMarker, R"({"magic": "something else"})");
  EXPECT_THROW(WorkDir::open(dir), Error);
}

TEST(WorkDir, ADirectoryOfAnotherUserOrWritableByOthersIsRefused) {
  TempDir tmp;
  const fs::path open = tmp.subdir("open", fs::perms::all);
  try {
    WorkDir::open(open);
    FAIL() << "adopted a directory anyone can write to";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("is writable by group or others (mode 0777)"));
    EXPECT_THAT(e.what(), HasSubstr("--work-dir"));
  }
  EXPECT_FALSE(fs::exists(open / WorkDir::kMarker));
  // A marked work dir whose marker others may rewrite is no proof.
  const WorkDir made = WorkDir::open(tmp.path() / "made");
  fs::permissions(made.path() / WorkDir::kMarker, fs::perms::others_write, fs::perm_options::add);
  EXPECT_THROW(WorkDir::open(made.path()), Error);
  if (::geteuid() != 0) GTEST_SKIP() << "only root can give a directory to another user";
  const fs::path theirs = tmp.subdir("theirs");
  ASSERT_TRUE(give_to_nobody(theirs));
  try {
    WorkDir::open(theirs);
    FAIL() << "adopted another user's directory";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("is owned by uid 65534, not by you"));
  }
  EXPECT_FALSE(fs::exists(theirs / WorkDir::kMarker));
}

TEST(WorkDir, TheWriteProbeNeverFollowsASymlink) {
  TempDir tmp;
  const WorkDir dir = WorkDir::open(tmp.path() / "w");
  const std::string marker = read_file(dir.path() / WorkDir::kMarker);
  // The marker becomes a symlink to a file of the operator's; reopening must not truncate it.
  file::write_private(tmp.path() / "victim", "precious");
  fs::remove(dir.path() / WorkDir::kMarker);
  fs::create_symlink(tmp.path() / "victim", dir.path() / WorkDir::kMarker);
  try {
    WorkDir::open(tmp.path() / "w");
    FAIL() << "a symlink was taken for the marker";
  } catch (const Error& e) {
    // Which refusal: a symlink is no marker, so the directory holds a file data-test did not
    // write (the marker's own write, which would replace the symlink, is not reached).
    EXPECT_THAT(e.what(), HasSubstr("holds files data-test did not write"));
  }
  EXPECT_EQ(read_file(tmp.path() / "victim"), "precious");
}

TEST(WorkDir, RecordsSurviveReopeningAndProveIdentity) {
  TempDir tmp;
  WorkDir dir = WorkDir::open(tmp.path() / "w");
  file::create_directories(dir.path() / "released-src");
  dir.record(dir.path() / "released-src");
  const WorkDir again = WorkDir::open(tmp.path() / "w");
  const auto made = again.made(again.path() / "released-src");
  ASSERT_TRUE(made.has_value());
  EXPECT_EQ(made->identity, *file::identity(dir.path() / "released-src"));
  EXPECT_FALSE(again.made(again.path() / "other").has_value());
  dir.forget(dir.path() / "released-src");
  EXPECT_FALSE(WorkDir::open(tmp.path() / "w").made(dir.path() / "released-src").has_value());
}

TEST(WorkDir, OwnNamesAreWhatDataTestWritesAtTheTop) {
  for (const char* own :
       {".data-test-work-dir", "report.md", "report.json", "report.html", "state.json",
        "listing.json", "bin", "logs", "config", "released-src", "progress.json"}) {
    EXPECT_TRUE(WorkDir::is_own_name(own)) << own;
  }
  for (const char* other : {"out.xml", "gtest.json", "report.xml", "test_detail.json", ""}) {
    EXPECT_FALSE(WorkDir::is_own_name(other)) << other;
  }
}

}  // namespace
}  // namespace dt
