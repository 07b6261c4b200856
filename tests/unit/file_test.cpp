// The file adapter: private writes, atomic replacement, never through a symlink, lstat kinds,
// identities and lexical containment.
#include "util/file.hpp"

#include <sys/stat.h>
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
using dt::testing_support::mode_of;
using dt::testing_support::TempDir;
using ::testing::HasSubstr;

TEST(PrivateFile, CreatedWith0600) {
  TempDir dir;
  const auto path = dir.path() / "scratch.json";
  const mode_t old_mask = ::umask(0);  // even a permissive umask must not loosen it
  file::write_private(path, "{\"a\": 1}\n");
  ::umask(old_mask);
  EXPECT_EQ(mode_of(path), 0600);
  EXPECT_EQ(file::read_text(path, "test"), "{\"a\": 1}\n");
}

TEST(PrivateFile, ExistingLooseFileTightenedAndTruncated) {
  TempDir dir;
  const auto path = dir.path() / "scratch.json";
  file::write_private(path, std::string(1000, 'x'));
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  ASSERT_EQ(mode_of(path), 0644);
  file::write_private(path, "short");
  EXPECT_EQ(mode_of(path), 0600);
  EXPECT_EQ(file::read_text(path, "test"), "short");
}

TEST(PrivateFile, LargeContent) {
  TempDir dir;
  const auto path = dir.path() / "big";
  std::string text;
  for (int i = 0; i < 300000; ++i) text += static_cast<char>('a' + i % 26);
  file::write_private(path, text);
  EXPECT_EQ(file::read_text(path, "test"), text);
}

TEST(PrivateFile, ErrorNamesPathAndReason) {
  TempDir dir;
  const auto path = dir.path() / "missing-dir" / "x.json";
  try {
    file::write_private(path, "x");
    FAIL() << "write into a missing directory succeeded";
  } catch (const Error& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr(path.string()));
    EXPECT_THAT(std::string(e.what()), HasSubstr("No such file or directory"));
  }
}

TEST(PrivateFile, DoesNotFollowSymlink) {
  TempDir dir;
  const auto target = dir.path() / "target";
  file::write_private(target, "original");
  fs::create_symlink(target, dir.path() / "link");
  EXPECT_THROW(file::write_private(dir.path() / "link", "redirected"), Error);
  EXPECT_EQ(file::read_text(target, "test"), "original");
}

TEST(PrivateFile, CreateIsExclusive) {
  TempDir dir;
  const auto path = dir.path() / "once";
  file::create_private(path, "first");
  EXPECT_THROW(file::create_private(path, "second"), Error);
  EXPECT_EQ(file::read_text(path, "test"), "first");
}

TEST(AtomicFile, ReplacesASymlinkInsteadOfWritingThroughIt) {
  TempDir dir;
  const auto target = dir.path() / "victim";
  file::write_private(target, "precious");
  ASSERT_EQ(::symlink(target.c_str(), (dir.path() / "state.json").c_str()), 0);
  file::write_atomic_private(dir.path() / "state.json", "new state");
  EXPECT_EQ(file::read_text(target, "test"), "precious");
  EXPECT_EQ(file::kind(dir.path() / "state.json"), file::Kind::regular);
  EXPECT_EQ(file::read_text(dir.path() / "state.json", "test"), "new state");
  EXPECT_EQ(mode_of(dir.path() / "state.json"), 0600);
}

TEST(AppendFile, RefusesASymlink) {
  TempDir dir;
  const auto target = dir.path() / "victim";
  file::write_private(target, "precious");
  ASSERT_EQ(::symlink(target.c_str(), (dir.path() / "log").c_str()), 0);
  EXPECT_THROW(file::open_append_private(dir.path() / "log"), Error);
  EXPECT_EQ(file::read_text(target, "test"), "precious");
}

// Issue 23: an input the operator names (profile, config, repos file) is bounded. /dev/zero
// never ends; a sparse file one byte over the bound costs no disk.
TEST(Input, LargerThanTheBoundIsRefusedWithOneLine) {
  TempDir dir;
  const auto over = dir.path() / "profile.json";
  file::write_private(over, "{");
  fs::resize_file(over, file::kMaxInputBytes + 1);
  for (const fs::path& path : {over, fs::path("/dev/zero")}) {
    try {
      (void)file::read_input(path, "profile");
      ADD_FAILURE() << path << " was read";
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()),
                "profile '" + path.string() +
                    "' is larger than 16 MiB, too large for a profile; check the path");
    }
  }
}

TEST(Input, AtTheBoundIsReadWhole) {
  TempDir dir;
  const auto path = dir.path() / "config.json";
  file::write_private(path, "x");
  fs::resize_file(path, file::kMaxInputBytes);
  EXPECT_EQ(file::read_input(path, "config").size(), file::kMaxInputBytes);
  EXPECT_EQ(file::read_input_if_exists(dir.path() / "missing", "config"), std::nullopt);
}

TEST(Kind, SeesSymlinksAsSymlinks) {
  TempDir dir;
  file::create_directories(dir.path() / "d");
  file::write_private(dir.path() / "f", "x");
  ASSERT_EQ(::symlink((dir.path() / "d").c_str(), (dir.path() / "l").c_str()), 0);
  EXPECT_EQ(file::kind(dir.path() / "d"), file::Kind::directory);
  EXPECT_EQ(file::kind(dir.path() / "f"), file::Kind::regular);
  EXPECT_EQ(file::kind(dir.path() / "l"), file::Kind::symlink);
  EXPECT_EQ(file::kind(dir.path() / "none"), file::Kind::missing);
  EXPECT_TRUE(file::is_directory(dir.path() / "l"));  // an operator may point at one
}

TEST(Identity, ChangesWhenAnotherFileTakesThePlace) {
  TempDir dir;
  const auto path = dir.path() / "f";
  const auto first = file::write_private(path, "a");
  EXPECT_EQ(file::identity(path), first);
  ASSERT_EQ(::rename(path.c_str(), (dir.path() / "g").c_str()), 0);
  file::write_private(path, "a");
  EXPECT_NE(*file::identity(path), first);
  EXPECT_FALSE(file::identity(dir.path() / "none").has_value());
}

TEST(Paths, LexicallyWithin) {
  EXPECT_TRUE(file::lexically_within("/w/a/b", "/w"));
  EXPECT_TRUE(file::lexically_within("/w", "/w"));
  EXPECT_TRUE(file::lexically_within("/w/./a", "/w/"));
  EXPECT_FALSE(file::lexically_within("/w/../x", "/w"));
  EXPECT_FALSE(file::lexically_within("/wx", "/w"));
  EXPECT_FALSE(file::lexically_within("/", "/w"));
}

TEST(Directories, MadePrivateAndTempDirsUnique) {
  TempDir dir;
  file::create_directories(dir.path() / "a" / "b", 0700);
  EXPECT_EQ(mode_of(dir.path() / "a" / "b"), 0700);
  const auto one = file::make_temp_dir(dir.path(), "x-");
  const auto two = file::make_temp_dir(dir.path(), "x-");
  EXPECT_NE(one, two);
  EXPECT_EQ(mode_of(one), 0700);
  EXPECT_TRUE(file::is_empty_directory(one));
  EXPECT_FALSE(file::is_empty_directory(dir.path()));
}

TEST(ReadText, MissingFileNamesWhatAndPath) {
  try {
    file::read_text("/nonexistent/x.json", "profile");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("profile '/nonexistent/x.json': cannot read"));
  }
  EXPECT_FALSE(file::read_text_if_exists("/nonexistent/x.json", "profile").has_value());
}

TEST(ForEachLine, StreamsLines) {
  TempDir dir;
  const fs::path path = dir.path() / "log";
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "line " + std::to_string(i) + "\n";
  text += "last without newline";
  file::write_private(path, text);
  std::vector<std::string> lines;
  EXPECT_TRUE(file::for_each_line(path, "log", [&](std::string_view l) { lines.emplace_back(l); }));
  ASSERT_EQ(lines.size(), 20001u);
  EXPECT_EQ(lines[0], "line 0");
  EXPECT_EQ(lines[19999], "line 19999");
  EXPECT_EQ(lines[20000], "last without newline");
  EXPECT_FALSE(file::for_each_line(dir.path() / "absent", "log", [](std::string_view) {}));
  EXPECT_THROW(file::for_each_line(dir.path(), "log", [](std::string_view) {}), Error);
}

TEST(Directories, EntryNamesAreSortedAndNeverListedThroughASymlink) {
  TempDir dir;
  fs::create_directories(dir.path() / "d" / "b");
  file::write_private(dir.path() / "d" / "a", "x");
  fs::create_symlink("/etc", dir.path() / "d" / "c");
  EXPECT_EQ(file::entry_names(dir.path() / "d"), (std::vector<std::string>{"a", "b", "c"}));
  fs::create_directory_symlink(dir.path() / "d", dir.path() / "link");
  EXPECT_THROW(file::entry_names(dir.path() / "link"), Error);
  EXPECT_THROW(file::entry_names(dir.path() / "absent"), Error);
}

TEST(Directories, DiskUsageCountsWhatIsBelowButNotWhatASymlinkPointsAt) {
  TempDir dir;
  const fs::path big = dir.path() / "big";
  file::write_private(big, std::string(1 << 20, 'x'));
  fs::create_directories(dir.path() / "tree" / "sub");
  file::write_private(dir.path() / "tree" / "sub" / "f", std::string(100000, 'y'));
  const long long tree = file::disk_usage(dir.path() / "tree");
  EXPECT_GE(tree, 100000);
  EXPECT_LT(tree, 1 << 20);
  fs::create_symlink(big, dir.path() / "tree" / "link");
  fs::create_directory_symlink(dir.path(), dir.path() / "tree" / "up");  // no loop either
  EXPECT_LT(file::disk_usage(dir.path() / "tree"), 1 << 20);
  EXPECT_GE(file::disk_usage(big), 1 << 20);
  EXPECT_EQ(file::disk_usage(dir.path() / "absent"), 0);
}
}  // namespace
}  // namespace dt
