// The work dir and the cache dir as confined roots: nothing below them is followed through a
// symlink or entered when another user owns it or may write to it.
#include "util/confined.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include <gtest/gtest.h>

#include "support/files.hpp"
#include "util/error.hpp"

namespace fs = std::filesystem;

namespace {

using dt::testing_support::give_to_nobody;
using dt::testing_support::mode_of;
using dt::testing_support::TempDir;

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const dt::Error& e) {
    return e.what();
  }
  return "";
}

TEST(Confined, OutsideEveryRootNothingIsDone) {
  TempDir dir;
  EXPECT_FALSE(dt::confined::create_directories(dir.path() / "a" / "b", 0700));
  EXPECT_FALSE(fs::exists(dir.path() / "a"));
}

TEST(Confined, BelowARootEachComponentIsMadeWithTheMode) {
  TempDir dir;
  dt::confined::add_root(dir.path() / "root", "work dir", "--work-dir");
  fs::create_directory(dir.path() / "root");
  EXPECT_TRUE(dt::confined::create_directories(dir.path() / "root" / "a" / "b", 0700));
  EXPECT_EQ(mode_of(dir.path() / "root" / "a" / "b") & 0777, 0700U);
  // Again: already there, entered, nothing changes.
  EXPECT_TRUE(dt::confined::create_directories(dir.path() / "root" / "a" / "b", 0700));
}

TEST(Confined, ASymlinkAtAnyComponentIsRefusedAndNotFollowed) {
  TempDir dir;
  const fs::path root = dir.path() / "work";
  fs::create_directories(root / "logs");
  fs::create_directory(dir.path() / "victim");
  dt::confined::add_root(root, "work dir", "--work-dir");
  // The last component, and one in the middle.
  fs::create_directory_symlink(dir.path() / "victim", root / "lost");
  fs::create_directory_symlink(dir.path() / "victim", root / "logs" / "inner");
  const std::string last = error_of([&] { dt::confined::create_directories(root / "lost", 0700); });
  EXPECT_NE(last.find("'" + (root / "lost").string() + "' in the work dir is a symlink"),
            std::string::npos)
      << last;
  EXPECT_NE(last.find("--work-dir"), std::string::npos) << last;
  const std::string middle =
      error_of([&] { dt::confined::create_directories(root / "logs" / "inner" / "x", 0700); });
  EXPECT_NE(middle.find("inner' in the work dir is a symlink"), std::string::npos) << middle;
  EXPECT_TRUE(fs::is_empty(dir.path() / "victim"));
}

TEST(Confined, ADirectoryOfAnotherUserOrOpenToOthersIsNotEntered) {
  TempDir dir;
  const fs::path root = dir.path() / "cache";
  fs::create_directories(root / "shared");
  dt::confined::add_root(root, "cache dir", "--cache-dir");
  fs::permissions(root / "shared", fs::perms::all);
  const std::string open =
      error_of([&] { dt::confined::create_directories(root / "shared" / "x", 0700); });
  EXPECT_NE(open.find("is writable by group or others (mode 0777)"), std::string::npos) << open;
  EXPECT_FALSE(fs::exists(root / "shared" / "x"));
  if (::geteuid() != 0) GTEST_SKIP() << "only root can give a directory to another user";
  fs::permissions(root / "shared", fs::perms::owner_all);
  ASSERT_TRUE(give_to_nobody(root / "shared"));
  const std::string foreign =
      error_of([&] { dt::confined::create_directories(root / "shared" / "x", 0700); });
  EXPECT_NE(foreign.find("is owned by uid 65534, not by you"), std::string::npos) << foreign;
}

TEST(Confined, TheRootItselfMustBeOurOwnAndClosedToWrites) {
  TempDir dir;
  const fs::path root = dir.path() / "w";
  fs::create_directory(root);
  fs::permissions(root, fs::perms::owner_all);
  EXPECT_EQ(
      error_of([&] { dt::confined::check_own_directory(root, "work dir", "--work-dir", true); }),
      "");
  fs::permissions(root, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);
  EXPECT_EQ(
      error_of([&] { dt::confined::check_own_directory(root, "work dir", "--work-dir", false); }),
      "");
  const std::string shared =
      error_of([&] { dt::confined::check_own_directory(root, "cache dir", "--cache-dir", true); });
  EXPECT_EQ(shared, "cache dir '" + root.string() +
                        "' is open to group or others (mode 0750); run chmod 700 on it, or pass "
                        "another --cache-dir");
  fs::permissions(root, fs::perms::all);
  EXPECT_NE(error_of([&] {
              dt::confined::check_own_directory(root, "work dir", "--work-dir", false);
            }).find("writable by group or others (mode 0777)"),
            std::string::npos);
  fs::create_directory_symlink(root, dir.path() / "link");
  EXPECT_NE(error_of([&] {
              dt::confined::check_own_directory(dir.path() / "link", "work dir", "--work-dir",
                                                false);
            }).find("is a symlink"),
            std::string::npos);
  if (::geteuid() != 0) GTEST_SKIP() << "only root can give a directory to another user";
  fs::permissions(root, fs::perms::owner_all);
  ASSERT_TRUE(give_to_nobody(root));
  EXPECT_NE(error_of([&] {
              dt::confined::check_own_directory(root, "work dir", "--work-dir", false);
            }).find("is owned by uid 65534"),
            std::string::npos);
}

TEST(Confined, EveryEntryOfATreeIsOursAndNoneIsASymlink) {
  TempDir dir;
  const fs::path root = dir.path() / "cache";
  fs::create_directories(root / "builds" / "k");
  std::ofstream(root / "builds" / "k" / "bin") << "x";
  EXPECT_EQ(error_of([&] { dt::confined::check_own_tree(root, "cache dir", "--cache-dir"); }), "");
  fs::create_symlink("/bin/sh", root / "builds" / "k" / "tool");
  EXPECT_NE(error_of([&] {
              dt::confined::check_own_tree(root, "cache dir", "--cache-dir");
            }).find("tool' in the cache dir is a symlink"),
            std::string::npos);
  fs::remove(root / "builds" / "k" / "tool");
  fs::permissions(root / "builds" / "k" / "bin", fs::perms::others_write, fs::perm_options::add);
  EXPECT_NE(error_of([&] {
              dt::confined::check_own_tree(root, "cache dir", "--cache-dir");
            }).find("bin' in the cache dir is writable by group or others"),
            std::string::npos);
  fs::permissions(root / "builds" / "k" / "bin", fs::perms::others_write, fs::perm_options::remove);
  if (::geteuid() != 0) GTEST_SKIP() << "only root can give a file to another user";
  ASSERT_TRUE(give_to_nobody(root / "builds" / "k" / "bin"));
  EXPECT_NE(error_of([&] {
              dt::confined::check_own_tree(root, "cache dir", "--cache-dir");
            }).find("is owned by uid 65534"),
            std::string::npos);
}

TEST(Confined, AMarkerMustBeOurOwnRegularFile) {
  TempDir dir;
  std::ofstream(dir.path() / "marker") << "{}";
  fs::permissions(dir.path() / "marker", fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(error_of([&] {
              dt::confined::check_own_file(dir.path() / "marker", "work dir", "--work-dir");
            }),
            "");
  fs::permissions(dir.path() / "marker", fs::perms::group_write, fs::perm_options::add);
  EXPECT_NE(error_of([&] {
              dt::confined::check_own_file(dir.path() / "marker", "work dir", "--work-dir");
            }).find("writable by group or others"),
            std::string::npos);
  fs::create_directory(dir.path() / "d");
  EXPECT_NE(error_of([&] {
              dt::confined::check_own_file(dir.path() / "d", "work dir", "--work-dir");
            }).find("is not a regular file"),
            std::string::npos);
}

TEST(Confined, AMarkerIsReadOnlyAsTheFileChecked) {
  TempDir dir;
  const fs::path marker = dir.path() / "marker";
  const auto read = [&] { return dt::confined::read_own_file(marker, "work dir", "--work-dir"); };
  std::ofstream(marker) << "{}";
  fs::permissions(marker, fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(read(), "{}");
  fs::permissions(marker, fs::perms::others_write, fs::perm_options::add);
  EXPECT_NE(error_of([&] { read(); }).find("writable by group or others"), std::string::npos);
  fs::remove(marker);
  std::ofstream(dir.path() / "theirs") << "forged";
  fs::create_symlink(dir.path() / "theirs", marker);
  EXPECT_NE(error_of([&] { read(); }).find("is a symlink"), std::string::npos);
  fs::remove(marker);
  fs::create_directory(marker);
  EXPECT_NE(error_of([&] { read(); }).find("is not a regular file"), std::string::npos);
}

}  // namespace
