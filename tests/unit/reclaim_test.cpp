// reclaim for files and directories, tried the way a careless operator or an attacker would:
// symlinks at the place or on the way, another object swapped in, paths outside the work dir.
#include "core/reclaim.hpp"

#include <unistd.h>

#include <filesystem>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/files.hpp"
#include "util/error.hpp"

namespace dt {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using testing_support::read_file;
using testing_support::TempDir;

class Reclaim : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = tmp_.subdir("work");
    outside_ = tmp_.subdir("operator");
    file::write_private(outside_ / "precious.txt", "mine");
  }
  // A directory "made" under root, with a file in it; returns its proof.
  reclaim::Made make_dir(const fs::path& rel) {
    const fs::path dir = root_ / rel;
    file::create_directories(dir);
    file::write_private(dir / "inside.txt", "x");
    return {root_, dir, *file::identity(dir)};
  }
  std::string refusal(const reclaim::Made& made) {
    try {
      reclaim::reclaim(made);
    } catch (const Error& e) {
      return e.what();
    }
    ADD_FAILURE() << "reclaim deleted " << made.path;
    return {};
  }

  TempDir tmp_;
  fs::path root_, outside_;
};

TEST_F(Reclaim, DeletesWhatItMadeAndAcceptsWhatIsAlreadyGone) {
  const auto made = make_dir("bin/new");
  file::create_directories(made.path / "deep" / "er");
  file::write_private(made.path / "deep" / "er" / "f", "y");
  reclaim::reclaim(made);
  EXPECT_FALSE(fs::exists(made.path));
  EXPECT_NO_THROW(reclaim::reclaim(made));
  const fs::path f = root_ / "config.json";
  const auto id = file::write_private(f, "password");
  reclaim::reclaim(reclaim::Made{root_, f, id});
  EXPECT_FALSE(fs::exists(f));
}

TEST_F(Reclaim, ASymlinkInsideIsRemovedAsALinkNeverFollowed) {
  const auto made = make_dir("released-src");
  fs::create_directory_symlink(outside_, made.path / "link-to-operator");
  fs::create_symlink(outside_ / "precious.txt", made.path / "file-link");
  reclaim::reclaim(made);
  EXPECT_FALSE(fs::exists(made.path));
  EXPECT_EQ(read_file(outside_ / "precious.txt"), "mine");
}

TEST_F(Reclaim, ASymlinkAtThePlaceIsRefused) {
  const auto made = make_dir("released-src");
  fs::remove_all(made.path);
  fs::create_directory_symlink(outside_, made.path);
  EXPECT_THAT(refusal(made), HasSubstr("it is a symlink"));
  EXPECT_EQ(read_file(outside_ / "precious.txt"), "mine");
}

TEST_F(Reclaim, AnotherDirectoryAtThePlaceIsRefused) {
  const auto made = make_dir("released-src");
  fs::rename(made.path, tmp_.path() / "moved");
  fs::create_directories(made.path);
  file::write_private(made.path / "theirs.txt", "theirs");
  EXPECT_THAT(refusal(made), HasSubstr("another file took its place"));
  EXPECT_EQ(read_file(made.path / "theirs.txt"), "theirs");
}

TEST_F(Reclaim, ASymlinkOnTheWayIsRefused) {
  file::create_directories(outside_ / "sub");
  file::write_private(outside_ / "sub" / "target", "mine");
  fs::create_directory_symlink(outside_, root_ / "logs");
  const reclaim::Made made{root_, root_ / "logs" / "sub", *file::identity(outside_ / "sub")};
  EXPECT_THAT(refusal(made), HasSubstr("is not a plain directory"));
  EXPECT_EQ(read_file(outside_ / "sub" / "target"), "mine");
}

TEST_F(Reclaim, AnythingOutsideTheWorkDirTakenLexicallyIsRefused) {
  const reclaim::Made up{root_, root_ / ".." / "operator", *file::identity(outside_)};
  EXPECT_THAT(refusal(up), HasSubstr("is not inside the work dir"));
  const reclaim::Made itself{root_, root_, *file::identity(root_)};
  EXPECT_THAT(refusal(itself), HasSubstr("is not inside the work dir"));
  const reclaim::Made absolute{root_, outside_, *file::identity(outside_)};
  EXPECT_THAT(refusal(absolute), HasSubstr("is not inside the work dir"));
  EXPECT_EQ(read_file(outside_ / "precious.txt"), "mine");
}

TEST_F(Reclaim, CheckRefusesLikeReclaimAndDeletesNothing) {
  const auto made = make_dir("released-src");
  EXPECT_NO_THROW(reclaim::check(made));
  EXPECT_TRUE(fs::exists(made.path / "inside.txt"));
  fs::remove_all(made.path);
  fs::create_directory_symlink(outside_, made.path);
  EXPECT_THROW(reclaim::check(made), Error);
}

}  // namespace
}  // namespace dt
