// The scratch configs and PGPASSFILEs hold the password: the extension a scratch config gets,
// and ScratchFile, which writes one private and recorded and removes it through reclaim (only
// while the work dir's record proves it is ours) unless kept.
#include "run/scratch_files.hpp"

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/files.hpp"
#include "util/file.hpp"

namespace dt {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using testing_support::mode_of;
using testing_support::read_file;
using testing_support::TempDir;

class ScratchFileTest : public ::testing::Test {
 protected:
  TempDir tmp_{"dt-scratch-files"};
  WorkDir work_ = WorkDir::open(tmp_.path() / "work");
  fs::path path_ = work_.path() / "config" / "released.json";

  void SetUp() override { file::create_directories(work_.path() / "config", 0700); }
};

TEST(ScratchFiles, AConfigKeepsItsExtensionElseGetsItsFormats) {
  AppConfig config;
  config.path = "/etc/app/config.yaml";
  EXPECT_EQ(scratch_config_extension(config), ".yaml");
  config.path = "/etc/app/config.yml";
  EXPECT_EQ(scratch_config_extension(config), ".yml");
  config.path = "/etc/app/config.conf";
  config.connection.format = "yaml";
  EXPECT_EQ(scratch_config_extension(config), ".yml");
  config.connection.format = "json";
  EXPECT_EQ(scratch_config_extension(config), ".json");
}

TEST_F(ScratchFileTest, WrittenPrivateAndRecordedThenRemovedAndForgotten) {
  {
    const ScratchFile file(work_, path_, R"({"password": "s3cret"})");
    EXPECT_EQ(read_file(path_), R"({"password": "s3cret"})");
    EXPECT_EQ(mode_of(path_), 0600);
    EXPECT_TRUE(work_.made(path_));
  }
  EXPECT_FALSE(fs::exists(path_));
  EXPECT_FALSE(work_.made(path_));
}

TEST_F(ScratchFileTest, AKeptFileStaysWithItsRecord) {
  {
    ScratchFile file(work_, path_, "kept");
    file.keep();
  }
  EXPECT_EQ(read_file(path_), "kept");
  EXPECT_TRUE(work_.made(path_));
}

TEST_F(ScratchFileTest, OnlyTheGuardMovedToRemovesTheFile) {
  std::vector<ScratchFile> files;
  {
    ScratchFile first(work_, path_, "one");
    files.push_back(std::move(first));
  }
  EXPECT_TRUE(fs::exists(path_));  // the moved-from guard removed nothing
  const fs::path other = work_.path() / "config" / "new.pgpass";
  files.emplace_back(work_, other, "two");  // the vector grows: its guards move again
  EXPECT_TRUE(fs::exists(path_));
  files.clear();
  EXPECT_FALSE(fs::exists(path_));
  EXPECT_FALSE(fs::exists(other));
}

TEST_F(ScratchFileTest, AFileWithoutARecordIsLeftAlone) {
  {
    const ScratchFile file(work_, path_, "unproven");
    work_.forget(path_);
  }
  EXPECT_EQ(read_file(path_), "unproven");
}

TEST_F(ScratchFileTest, AReplacedFileIsNotRemovedAndTheFailureIsAWarning) {
  ::testing::internal::CaptureStderr();
  {
    const ScratchFile file(work_, path_, "ours");
    // Another file (another inode) now stands at the recorded path: the proof fails.
    const fs::path replacement = work_.path() / "config" / "replacement";
    file::write_private(replacement, "not ours");
    fs::rename(replacement, path_);
  }
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(read_file(path_), "not ours");
  EXPECT_THAT(err, HasSubstr("cannot remove the scratch config '" + path_.string() +
                             "' (it holds the password)"));
}

}  // namespace
}  // namespace dt
