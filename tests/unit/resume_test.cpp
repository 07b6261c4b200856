// --resume's record: a released side is resumable only when its collection finished, for the
// same inputs, with its database recorded.
#include "run/resume.hpp"

#include <fstream>

#include <gtest/gtest.h>

#include "support/files.hpp"

namespace dt {
namespace {

using testing_support::TempDir;

Progress finished() {
  Progress p;
  p.released_key = "k1";
  p.done = {"released migrate", "new migrate", "released collect"};
  p.released_db = "example_released";
  p.released_oid = "16384";
  p.released_owner = "run-1";
  return p;
}

TEST(Resume, AFinishedReleasedCollectionOfTheSameInputsIsResumable) {
  EXPECT_TRUE(resumable(finished(), "k1"));
  EXPECT_FALSE(resumable(finished(), "k2"));  // another tag commit, repo or profile
  EXPECT_FALSE(resumable(std::nullopt, "k1"));
  Progress unfinished = finished();
  unfinished.done.pop_back();
  EXPECT_FALSE(resumable(unfinished, "k1"));
  Progress no_db = finished();
  no_db.released_oid.clear();
  EXPECT_FALSE(resumable(no_db, "k1"));
}

TEST(Resume, TheRecordRoundTripsAndABrokenOneResumesNothing) {
  TempDir dir;
  EXPECT_FALSE(load_progress(dir.path()));
  save_progress(dir.path(), finished());
  const auto loaded = load_progress(dir.path());
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->done, finished().done);
  EXPECT_EQ(loaded->released_oid, "16384");
  EXPECT_TRUE(loaded->has("released", "collect"));
  EXPECT_FALSE(loaded->has("new", "collect"));
  std::ofstream(progress_path(dir.path()), std::ios::trunc) << R"({"version": 1, "done": 3)";
  EXPECT_FALSE(load_progress(dir.path()));
}

}  // namespace
}  // namespace dt
