// Where a table's test is located: the first schema change with a known working-tree line,
// else report.md's line that is the table's heading, else report.md's first line.
#include "location.hpp"

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/files.hpp"

namespace dt::fixtures {
namespace {

namespace fs = std::filesystem;

SchemaChange located(std::string path, std::size_t line) {
  SchemaChange c;
  c.code = "FK_ADDED";
  c.subject = "f";
  c.source = SourceLine{"db/schema.sql", line, "ALTER TABLE ...", std::move(path), false};
  return c;
}

SchemaChange unlocated() {
  SchemaChange c;
  c.code = "NOT_NULL_ADDED";
  c.subject = "n";
  return c;
}

class LocationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    report_ = dir_.path() / "report.md";
    std::FILE* f = std::fopen(report_.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs(
        "# data-test report\n"
        "\n"
        "## Diagnosis: s.other\n"
        "text\n"
        "## Diagnosis: s.t\n"
        "## Diagnosis: s.t\n",
        f);
    std::fclose(f);
  }

  testing_support::TempDir dir_{"dt-location"};
  fs::path report_;
};

TEST_F(LocationTest, FirstChangeWithAKnownLineWins) {
  const std::vector<SchemaChange> changes = {unlocated(), located("", 9), located("/src/a.sql", 0),
                                             located("/src/b.sql", 12), located("/src/c.sql", 3)};
  const Location at = location_of(changes, report_, "## Diagnosis: s.t");
  EXPECT_EQ(at.file, "/src/b.sql");
  EXPECT_EQ(at.line, 12);
}

TEST_F(LocationTest, ARemovedLineLocatesToo) {
  SchemaChange removed = located("/src/old.sql", 4);
  removed.source->removed = true;
  const Location at = location_of({removed}, report_, "## Diagnosis: s.t");
  EXPECT_EQ(at.file, "/src/old.sql");
  EXPECT_EQ(at.line, 4);
}

TEST_F(LocationTest, ALineTooLargeForAnIntFallsBackToTheReport) {
  const Location at =
      location_of({located("/src/a.sql", std::size_t{1} << 40)}, report_, "## Diagnosis: s.t");
  EXPECT_EQ(at.file, report_.string());
  EXPECT_EQ(at.line, 5);
}

TEST_F(LocationTest, ElseTheFirstReportLineEqualToTheHeading) {
  const Location at = location_of({unlocated(), located("", 7)}, report_, "## Diagnosis: s.t");
  EXPECT_EQ(at.file, report_.string());
  EXPECT_EQ(at.line, 5);  // the first of two equal lines
  EXPECT_EQ(location_of({}, report_, "## Diagnosis: s.other").line, 3);
}

TEST_F(LocationTest, ElseTheReportsFirstLine) {
  // Equal, not a prefix: "## Diagnosis: s" names no line; an empty heading is not looked for.
  for (const char* heading : {"## Diagnosis: s", "## Diagnosis: s.missing", ""}) {
    const Location at = location_of({}, report_, heading);
    EXPECT_EQ(at.file, report_.string()) << heading;
    EXPECT_EQ(at.line, 1) << heading;
  }
}

TEST_F(LocationTest, AnUnreadableReportGivesLineOne) {
  const fs::path missing = dir_.path() / "no-report.md";
  const Location at = location_of({}, missing, "## Diagnosis: s.t");
  EXPECT_EQ(at.file, missing.string());
  EXPECT_EQ(at.line, 1);
  // A directory cannot be read as lines either.
  EXPECT_EQ(location_of({}, dir_.path(), "## Diagnosis: s.t").line, 1);
}

}  // namespace
}  // namespace dt::fixtures
