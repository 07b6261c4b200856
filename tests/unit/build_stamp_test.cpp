// Build reuse: a binary counts as built from the same inputs only when its stamp names them and
// the binary is the very file the stamp saw.
#include "build_stamp.hpp"

#include <unistd.h>

#include <fstream>

#include <gtest/gtest.h>

#include "support/files.hpp"
#include "util/file.hpp"

namespace dt {
namespace {

namespace fs = std::filesystem;
using testing_support::TempDir;

void write(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::trunc) << text;
}

TEST(BuildStamp, ABinaryStampedWithTheKeyIsCurrent) {
  TempDir dir;
  const fs::path bin = dir.path() / "app";
  write(bin, "binary v1");
  EXPECT_FALSE(build_is_current(bin, "k1"));  // no stamp yet
  stamp_build(bin, "k1");
  EXPECT_EQ(build_stamp_path(bin), dir.path() / "app.build.json");
  EXPECT_TRUE(build_is_current(bin, "k1"));
  EXPECT_FALSE(build_is_current(bin, "k2"));  // other inputs
}

TEST(BuildStamp, AChangedOrReplacedBinaryIsNotCurrent) {
  TempDir dir;
  const fs::path bin = dir.path() / "app";
  write(bin, "binary v1");
  stamp_build(bin, "k1");
  write(bin, "binary v2, longer");  // rewritten in place (a half-finished build, say)
  EXPECT_FALSE(build_is_current(bin, "k1"));

  stamp_build(bin, "k1");
  ASSERT_TRUE(build_is_current(bin, "k1"));
  const fs::path other = dir.path() / "other";
  write(other, "binary v2, longer");
  ASSERT_EQ(::rename(other.c_str(), bin.c_str()), 0);  // another file now
  EXPECT_FALSE(build_is_current(bin, "k1"));
}

TEST(BuildStamp, MissingBinaryOrDamagedStampIsNotCurrent) {
  TempDir dir;
  const fs::path bin = dir.path() / "app";
  EXPECT_FALSE(build_is_current(bin, "k1"));
  stamp_build(bin, "k1");  // nothing to stamp: no file is written
  EXPECT_EQ(file::kind(build_stamp_path(bin)), file::Kind::missing);
  write(bin, "binary");
  write(build_stamp_path(bin), "{damaged");
  EXPECT_FALSE(build_is_current(bin, "k1"));
  EXPECT_FALSE(build_is_current({}, "k1"));
}

TEST(BuildStamp, ASymlinkIsNeverReused) {
  TempDir dir;
  const fs::path real = dir.path() / "real";
  write(real, "binary");
  const fs::path bin = dir.path() / "app";
  ASSERT_EQ(::symlink(real.c_str(), bin.c_str()), 0);
  stamp_build(bin, "k1");
  EXPECT_FALSE(build_is_current(bin, "k1"));
}

}  // namespace
}  // namespace dt
