// The records of what data-test made in its own directories: read back as written, and a marker
// that is no proof (a symlink, another user's, open to others' writes, truncated, forged) is
// refused or its forged entries dropped, so that reclaim is never handed a path data-test did not
// make.
#include "core/made_records.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/files.hpp"
#include "util/error.hpp"

namespace dt {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using testing_support::give_to_nobody;
using testing_support::read_file;
using testing_support::TempDir;

constexpr MarkerSpec kSpec{".marker", "data-test test dir", "test dir", "--test-dir",
                           "choose another --test-dir"};

// A directory of ours (with a sibling, "outside") with an empty marker written, and its records.
struct Fixture {
  TempDir tmp;
  fs::path root = tmp.subdir("root");
  fs::path outside = tmp.subdir("outside");
  MadeRecords records{root, kSpec};
  Fixture() { records.save(); }
  fs::path marker() const { return root / kSpec.name; }
  // A marker holding `made` as its "made" object, written by hand.
  void forge(const std::string& made) const {
    file::write_private(marker(), R"({"magic": "data-test test dir", "made": )" + made + "}");
  }
};

// The one-line error load() throws, with its cause; "" when it loads.
std::string load_error(MadeRecords& records, Cause* cause = nullptr) {
  try {
    records.load();
  } catch (const Error& e) {
    if (cause != nullptr) *cause = e.cause();
    return e.what();
  }
  return "";
}

std::string identity_json(const fs::path& path) {
  const auto id = file::identity(path);
  return id ? fmt::format("[{}, {}]", id->dev, id->ino) : "[]";
}

TEST(MadeRecords, WhatIsRecordedIsReadBackWithItsDigestAndUse) {
  Fixture f;
  fs::create_directories(f.root / "builds" / "a");
  fs::create_directories(f.root / "builds" / "b");
  f.records.record(f.root / "builds" / "a", "sha256:1");
  f.records.record(f.root / "builds" / "b");
  const auto when = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));
  f.records.record_use(f.root / "builds" / "a", when);
  f.records.record_use(f.root / "other", when);  // not made: no use recorded
  MadeRecords again(f.root, kSpec);
  again.load();
  const auto made = again.made(f.root / "builds" / "a");
  ASSERT_TRUE(made);
  EXPECT_EQ(made->identity, *file::identity(f.root / "builds" / "a"));
  EXPECT_EQ(made->root, f.root);
  EXPECT_EQ(again.digest(f.root / "builds" / "a"), "sha256:1");
  EXPECT_EQ(again.digest(f.root / "builds" / "b"), "");
  EXPECT_EQ(again.last_used(f.root / "builds" / "a"), when);
  EXPECT_FALSE(again.last_used(f.root / "builds" / "b"));
  EXPECT_FALSE(again.last_used(f.root / "other"));
  EXPECT_EQ(again.made_under(f.root / "builds"),
            (std::vector<fs::path>{f.root / "builds" / "a", f.root / "builds" / "b"}));
  EXPECT_THROW(again.made(f.root.parent_path()), Error);  // never a key outside the root
  EXPECT_THROW(again.made(f.root), Error);
}

TEST(MadeRecords, ARecordKeepsWhatAnotherWriterRecordedAndForgot) {
  Fixture f;
  fs::create_directories(f.root / "a");
  fs::create_directories(f.root / "b");
  MadeRecords other(f.root, kSpec);
  other.load();
  f.records.record(f.root / "a");
  other.record(f.root / "b");      // read the marker first: a stays recorded
  other.forget(f.root / "a");      // a prune, say
  f.records.record(f.root / "b");  // would write back the stale record of a
  MadeRecords read(f.root, kSpec);
  read.load();
  EXPECT_FALSE(read.made(f.root / "a"));
  EXPECT_TRUE(read.made(f.root / "b"));
}

TEST(MadeRecords, AMarkerThatIsASymlinkIsRefusedAndNotFollowed) {
  Fixture f;
  const std::string victim_text = R"({"magic": "data-test test dir", "made": {}})";
  const fs::path victim = f.outside / "victim";
  file::write_private(victim, victim_text);
  fs::remove(f.marker());
  fs::create_symlink(victim, f.marker());
  Cause cause = Cause::failed;
  EXPECT_THAT(load_error(f.records, &cause), HasSubstr("is a symlink"));
  EXPECT_EQ(cause, Cause::input);
  fs::create_directories(f.root / "x");
  EXPECT_THROW(f.records.record(f.root / "x"), Error);  // a record reads the marker first
  EXPECT_EQ(read_file(victim), victim_text);
  EXPECT_TRUE(fs::is_symlink(f.marker()));
}

TEST(MadeRecords, AMarkerOthersMayWriteOrOfAnotherUserIsRefused) {
  Fixture f;
  fs::permissions(f.marker(), fs::perms::group_write, fs::perm_options::add);
  EXPECT_THAT(load_error(f.records), HasSubstr("is writable by group or others (mode 0620)"));
  fs::permissions(f.marker(), fs::perms::group_write, fs::perm_options::remove);
  fs::permissions(f.marker(), fs::perms::others_write, fs::perm_options::add);
  EXPECT_THAT(load_error(f.records), HasSubstr("is writable by group or others (mode 0602)"));
  EXPECT_THAT(load_error(f.records), HasSubstr("--test-dir"));
  fs::permissions(f.marker(), fs::perms::others_write, fs::perm_options::remove);
  EXPECT_EQ(load_error(f.records), "");
  if (::geteuid() != 0) GTEST_SKIP() << "only root can give a file to another user";
  ASSERT_TRUE(give_to_nobody(f.marker()));
  EXPECT_THAT(load_error(f.records), HasSubstr("is owned by uid 65534, not by you"));
}

TEST(MadeRecords, AMarkerThatIsNoRegularFileIsRefusedWithoutWaiting) {
  Fixture f;
  fs::remove(f.marker());
  ASSERT_EQ(::mkfifo(f.marker().c_str(), 0600), 0);  // reading it would wait for a writer
  EXPECT_THAT(load_error(f.records), HasSubstr("is not a regular file"));
  fs::remove(f.marker());
  EXPECT_THAT(load_error(f.records), HasSubstr("cannot inspect the test dir"));
}

TEST(MadeRecords, ATruncatedOrForeignMarkerIsRefusedInOneLine) {
  Fixture f;
  fs::create_directories(f.root / "a");
  f.records.record(f.root / "a");
  const std::string whole = read_file(f.marker());
  file::write_private(f.marker(), whole.substr(0, whole.size() / 2));
  Cause cause = Cause::failed;
  const std::string truncated = load_error(f.records, &cause);
  EXPECT_THAT(truncated, HasSubstr("invalid JSON"));
  EXPECT_THAT(truncated, HasSubstr("choose another --test-dir"));
  EXPECT_EQ(truncated.find('\n'), std::string::npos);
  EXPECT_EQ(cause, Cause::input);
  for (const char* foreign : {R"({"made": {}})", R"({"magic": 7})", R"(["data-test test dir"])",
                              R"({"magic": "data-test work dir"})"}) {
    file::write_private(f.marker(), foreign);
    EXPECT_THAT(load_error(f.records), HasSubstr("has a .marker marker data-test did not write"))
        << foreign;
  }
}

TEST(MadeRecords, AForgedEntryOutsideTheDirectoryIsNoProof) {
  Fixture f;
  fs::create_directories(f.root / "config" / "kept");
  const std::string outside = identity_json(f.outside);
  f.forge(fmt::format(
      R"({{"config/../../outside": {0}, "../outside": {0}, "{2}": {0},
          "config/./kept": {0}, "config/": {0}, ".": {0}, "": {0},
          "config/kept": {1}}})",
      outside, identity_json(f.root / "config" / "kept"), f.outside.string()));
  f.records.load();
  // Only the entry inside: the forged ones share its prefix but name another place.
  EXPECT_EQ(f.records.made_under(f.root / "config"),
            std::vector<fs::path>{f.root / "config" / "kept"});
  EXPECT_TRUE(f.records.made(f.root / "config" / "kept"));
  // And they are not written back.
  f.records.save();
  EXPECT_EQ(read_file(f.marker()).find("outside"), std::string::npos);
  EXPECT_TRUE(fs::exists(f.outside));
}

TEST(MadeRecords, AMalformedEntryIsDroppedAndTheRestKept) {
  Fixture f;
  fs::create_directories(f.root / "good");
  f.forge(fmt::format(
      R"({{"good": {}, "short": [1], "long": [1, 2, "d", 4], "signed": [-1, 2],
          "digest": [1, 2, 3], "text": "1 2"}})",
      identity_json(f.root / "good")));
  f.records.load();
  for (const char* dropped : {"short", "long", "signed", "digest", "text"}) {
    EXPECT_FALSE(f.records.made(f.root / dropped)) << dropped;
  }
  EXPECT_TRUE(f.records.made(f.root / "good"));
}

}  // namespace
}  // namespace dt

namespace dt {
namespace {

// Both sides' builds store into one cache at once, and two runs may share a cache dir: records
// written at the same time by two threads through one object, and by a third through its own
// object (its own descriptor, as another process has), are all kept; none is lost to another's
// write of the marker, and no thread reads the records while another changes them.
TEST(MadeRecords, RecordsWrittenAtOnceByThreadsAndAnotherWriterAreAllKept) {
  Fixture f;
  MadeRecords other{f.root, kSpec};
  constexpr int kEach = 30;
  std::vector<fs::path> targets;
  for (int i = 0; i < 3 * kEach; ++i) {
    targets.push_back(f.root / fmt::format("t{}", i));
    fs::create_directory(targets.back());
  }
  const auto write = [&](MadeRecords& records, int first) {
    for (int i = first; i < first + kEach; ++i) {
      records.record(targets[i], fmt::format("digest {}", i));
      EXPECT_TRUE(records.made(targets[i]).has_value()) << targets[i];
    }
  };
  std::thread one(write, std::ref(f.records), 0);
  std::thread two(write, std::ref(f.records), kEach);
  std::thread three(write, std::ref(other), 2 * kEach);
  one.join();
  two.join();
  three.join();
  MadeRecords read{f.root, kSpec};
  read.load();
  for (int i = 0; i < 3 * kEach; ++i) {
    EXPECT_EQ(read.digest(targets[i]), fmt::format("digest {}", i)) << targets[i];
  }
}

}  // namespace
}  // namespace dt
