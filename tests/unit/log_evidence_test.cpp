// Collector log lines naming a table or its constraints: matching, counting, examples.
#include "log_evidence.hpp"

#include <fstream>

#include <gtest/gtest.h>

#include "support/files.hpp"
#include "util/redact.hpp"

namespace dt {
namespace {

using testing_support::TempDir;

const LogNeedles kParents{"example_data", "commit_parents", {"commit_parents_parent_sha_fkey"}};

TEST(LogEvidence, NamesTheTable) {
  EXPECT_TRUE(names_table("[new] WARN example_data.commit_parents: boom", kParents));
  EXPECT_TRUE(names_table("insert or update on table \"commit_parents\" violates", kParents));
  EXPECT_TRUE(
      names_table("violates foreign key constraint commit_parents_parent_sha_fkey", kParents));
  EXPECT_FALSE(names_table("WARN example_data.commit_parents_archive: boom", kParents));
  EXPECT_FALSE(names_table("WARN other.commit_parents2: boom", kParents));
  EXPECT_FALSE(names_table("collect: 61 commit_parents written", kParents));
}

TEST(LogEvidence, ReadsLikeAProblem) {
  for (const char* line :
       {"WARN x", "ERROR:  y", "fatal: z", "Failed to insert", "violates", "row rejected",
        "skipping", "permission denied", "relation does not exist"}) {
    EXPECT_TRUE(reads_like_problem(line)) << line;
  }
  EXPECT_FALSE(reads_like_problem("collect: 60/60 commits"));
}

TEST(LogEvidence, CountsAndKeepsDistinctExamples) {
  redact::add_secret("s3cr3t-token");
  TempDir dir;
  const auto log = dir.path() / "new.log";
  {
    std::ofstream out(log);
    out << "==== [new] step 4/4: collect ====\n";
    for (int i = 0; i < 8; ++i) {
      out << "[new] WARN example_data.commit_parents: violates constraint "
             "\"commit_parents_parent_sha_fkey\" key "
          << i % 6 << "\n";
    }
    out << "[new] WARN example_data.tags: null value in column \"signed_by\" s3cr3t-token\n";
    out << "[new] collect: example_data.commit_parents done\n";
    out << "[new] WARN example_data.commit_parents: " << std::string(1000, 'x');  // no newline
  }
  const LogNeedles tags{"example_data", "tags", {}};
  const auto found = scan_log(log, "new", {kParents, tags}, 5);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].side, "new");
  EXPECT_EQ(found[0].file, log.string());
  EXPECT_EQ(found[0].lines, 9);
  ASSERT_EQ(found[0].examples.size(), 5u);
  EXPECT_NE(found[0].examples[1].find("key 1"), std::string::npos);
  EXPECT_EQ(found[1].lines, 1);
  EXPECT_EQ(found[1].examples[0].find("s3cr3t-token"), std::string::npos) << found[1].examples[0];
  // A missing log is no line at all.
  const auto none = scan_log(dir.path() / "absent.log", "released", {kParents});
  EXPECT_EQ(none[0].lines, 0);
}

TEST(LogEvidence, LongLinesAreCut) {
  TempDir dir;
  const auto log = dir.path() / "new.log";
  std::ofstream(log) << "[new] WARN example_data.commit_parents: " << std::string(1000, 'x')
                     << "\n";
  const auto found = scan_log(log, "new", {kParents});
  ASSERT_EQ(found[0].examples.size(), 1u);
  EXPECT_EQ(found[0].examples[0].size(), 403u);
}

}  // namespace
}  // namespace dt
