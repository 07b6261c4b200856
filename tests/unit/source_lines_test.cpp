// The source line of a schema change: the added lines of a unified diff with their numbers in
// the new file, and the line that names the change (by subject, by column and keyword, by table
// and keyword).
#include "source_lines.hpp"

#include <gtest/gtest.h>

namespace dt {
namespace {

constexpr std::string_view kDiff = R"(diff --git a/app/schema.sql b/app/schema.sql
index 1111111..2222222 100644
--- a/app/schema.sql
+++ b/app/schema.sql
@@ -40,0 +41,2 @@ CREATE TABLE IF NOT EXISTS example_data.commit_parents (
+    parent_sha   text NOT NULL REFERENCES example_data.commits (sha),
+    weight       integer NOT NULL,
@@ -52 +54 @@ CREATE TABLE IF NOT EXISTS example_data.commit_files (
-    path       text NOT NULL,
+    path       text NOT NULL CONSTRAINT commit_files_path_check CHECK (path <> ''),
diff --git a/old.sql b/old.sql
deleted file mode 100644
--- a/old.sql
+++ /dev/null
@@ -1 +0,0 @@
-DROP TABLE gone;
diff --git "a/mig rations/002.sql" "b/mig rations/002.sql"
new file mode 100644
--- /dev/null
+++ "b/mig rations/002.sql"
@@ -0,0 +1,2 @@
+-- 002: tags need a commit
+ALTER TABLE example_data.tags ADD FOREIGN KEY (commit_sha) REFERENCES example_data.commits;
)";

TEST(SourceLines, AddedLinesCarryTheirFileAndNewLineNumber) {
  const auto added = added_lines(kDiff);
  ASSERT_EQ(added.size(), 5u);
  EXPECT_EQ(added[0].file, "app/schema.sql");
  EXPECT_EQ(added[0].line, 41u);
  EXPECT_EQ(added[1].line, 42u);
  EXPECT_EQ(added[2].line, 54u);
  EXPECT_EQ(added[2].text.rfind("    path", 0), 0u);
  // A deleted file adds nothing; a quoted name is unquoted.
  EXPECT_EQ(added[3].file, "mig rations/002.sql");
  EXPECT_EQ(added[3].line, 1u);
  EXPECT_EQ(added[4].line, 2u);
}

TEST(SourceLines, TheChangeIsFoundByNameThenColumnThenTable) {
  const auto added = added_lines(kDiff);
  // A named constraint: by its name.
  const auto check = find_source(
      added, {"CHECK_ADDED", "commit_files_path_check", {"path"}, "", ""}, "commit_files");
  ASSERT_TRUE(check);
  EXPECT_EQ(check->line, 54u);
  // A constraint PostgreSQL named (commit_parents_parent_sha_fkey): its column beside REFERENCES.
  const auto fk =
      find_source(added, {"FK_ADDED", "commit_parents_parent_sha_fkey", {"parent_sha"}, "", ""},
                  "commit_parents");
  ASSERT_TRUE(fk);
  EXPECT_EQ(fk->file, "app/schema.sql");
  EXPECT_EQ(fk->line, 41u);
  // A column by its name (NOT NULL on weight), never a line that only mentions "not null".
  const auto nn = find_source(added, {"NOT_NULL_ADDED", "weight", {"weight"}, "", ""}, "t");
  ASSERT_TRUE(nn);
  EXPECT_EQ(nn->line, 42u);
  // The keyword beside the table's name: an ALTER TABLE whose column the catalog named too.
  const auto tags =
      find_source(added, {"FK_ADDED", "tags_commit_sha_fkey", {"sha_of_commit"}, "", ""}, "tags");
  ASSERT_TRUE(tags);
  EXPECT_EQ(tags->file, "mig rations/002.sql");
  EXPECT_EQ(tags->line, 2u);
  // Nothing that names it: no line, rather than a guess.
  EXPECT_FALSE(find_source(added, {"UNIQUE_ADDED", "u_x", {"x"}, "", ""}, "nowhere"));
  EXPECT_FALSE(find_source({}, {"FK_ADDED", "f", {"a"}, "", ""}, "t"));
}

// A removal is placed at the line that now stands where the removed lines were.
constexpr std::string_view kRemoval = R"(diff --git a/schema.sql b/schema.sql
--- a/schema.sql
+++ b/schema.sql
@@ -16,3 +15,0 @@ CREATE TABLE IF NOT EXISTS example_data.repos (
--- One row per e-mail.
-CREATE TABLE IF NOT EXISTS example_data.contributors (
-);
@@ -30 +27 @@ CREATE TABLE IF NOT EXISTS example_data.commit_files (
-    additions  integer,
+    lines_added integer,
)";

TEST(SourceLines, RemovedLinesStandWhereTheyWere) {
  const auto removed = removed_lines(kRemoval);
  ASSERT_EQ(removed.size(), 4u);
  // Lines 16-18 went; line 15 stays before the gap, so line 16 now stands where they were.
  EXPECT_EQ(removed[0].line, 16u);
  EXPECT_EQ(removed[2].line, 16u);
  // Replaced in place: the new line's own number.
  EXPECT_EQ(removed[3].line, 27u);
  EXPECT_EQ(removed[3].text, "    additions  integer,");
  // Added lines are not removed lines, and the other way round.
  ASSERT_EQ(added_lines(kRemoval).size(), 1u);
  EXPECT_EQ(added_lines(kRemoval)[0].line, 27u);
}

TEST(SourceLines, ARenameIsFoundByItsNewNameAndADropByTheLineItRemoved) {
  const auto added = added_lines(kRemoval);
  const auto removed = removed_lines(kRemoval);
  const SchemaChange rename{
      "COLUMN_RENAMED", "additions", {"additions", "lines_added"}, "lines_added", ""};
  const auto at = find_source(added, rename, "commit_files");
  ASSERT_TRUE(at);
  EXPECT_EQ(at->line, 27u);
  // The dropped table has no added line; the removed CREATE TABLE names it.
  const SchemaChange dropped{"TABLE_ONLY_IN_RELEASED", "example_data.contributors", {}, "", ""};
  EXPECT_FALSE(find_source(added, dropped, "contributors"));
  const auto gone = find_removal(removed, dropped, "contributors");
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->line, 16u);
  EXPECT_EQ(gone->text, "CREATE TABLE IF NOT EXISTS example_data.contributors (");
  // Only what takes something away is looked for among removed lines.
  EXPECT_FALSE(find_removal(removed, rename, "commit_files"));
}

TEST(SourceLines, ALineThatReadsLikeDdlIsPreferredToOneThatOnlyNamesTheTable) {
  constexpr std::string_view diff = R"diff(diff --git a/collector.cpp b/collector.cpp
--- a/collector.cpp
+++ b/collector.cpp
@@ -10,0 +11 @@
+  exec("INSERT INTO example_data.branches (name) VALUES ($1)");
diff --git a/schema.sql b/schema.sql
--- a/schema.sql
+++ b/schema.sql
@@ -64,0 +65 @@
+CREATE TABLE IF NOT EXISTS example_data.branches (
)diff";
  const auto at = find_source(
      added_lines(diff), {"TABLE_ONLY_IN_NEW", "example_data.branches", {}, "", ""}, "branches");
  ASSERT_TRUE(at);
  EXPECT_EQ(at->file, "schema.sql");
  EXPECT_EQ(at->line, 65u);
}

TEST(SourceLines, TheLineShowsInTheChangesLine) {
  SchemaChange c{"FK_ADDED", "f", {"a"}, "not deferrable", ""};
  const std::string plain = change_line(c);
  EXPECT_EQ(change_line_at(c), plain);
  c.source = SourceLine{"db/schema.sql", 41, "a int REFERENCES t", "/src/db/schema.sql"};
  EXPECT_EQ(change_line_at(c), plain + " (at db/schema.sql:41)");
  c.source->removed = true;
  EXPECT_EQ(change_line_at(c), plain + " (removed at db/schema.sql:41)");
}

}  // namespace
}  // namespace dt
