// Which rows: the merge of two key-ordered streams (pure), then real databases streamed with
// COPY, with keys whose byte order differs from their natural order, escapes, NULLs and
// duplicates; the released-only case; the CSV of a sample.
#include "lost_rows.hpp"

#include <memory>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "support/cluster.hpp"
#include "util/redact.hpp"

namespace dt {
namespace {

using testing_support::ClusterTest;
using Row = std::vector<std::optional<std::string>>;

LineSource lines(std::vector<std::string> all) {
  auto data = std::make_shared<std::vector<std::string>>(std::move(all));
  auto next = std::make_shared<std::size_t>(0);
  return [data, next](std::string& line) {
    if (*next >= data->size()) return false;
    line = (*data)[(*next)++];
    return true;
  };
}

RowDiffSpec spec(std::vector<std::string> key, std::vector<std::string> compared,
                 std::vector<std::string> shown, std::size_t sample = 20) {
  RowDiffSpec s;
  s.schema = "s";
  s.table = "t";
  s.key = std::move(key);
  s.compared = std::move(compared);
  s.shown = std::move(shown);
  s.sample = sample;
  return s;
}

TEST(MergeRows, LostExtraAndSample) {
  // Released lines: key, then shown (id, v). New lines: key.
  const RowDiff d = merge_rows(lines({"a\ta\t1", "b\tb\t2", "c\tc\t3", "e\te\t5"}),
                               lines({"b", "d", "e"}), spec({"id"}, {}, {"id", "v"}));
  EXPECT_EQ(d.lost, 2);
  EXPECT_EQ(d.extra, 1);
  EXPECT_EQ(d.changed, 0);
  EXPECT_EQ(d.lost_sample.columns, (std::vector<std::string>{"id", "v"}));
  EXPECT_EQ(d.lost_sample.rows, (std::vector<Row>{{"a", "1"}, {"c", "3"}}));
  EXPECT_EQ(d.extra_sample.columns, (std::vector<std::string>{"id"}));
  EXPECT_EQ(d.extra_sample.rows, (std::vector<Row>{{"d"}}));
}

// No key: the whole row is the key, so a changed row is one row only on each side, and the
// rows only on new are kept (bounded like the lost ones).
TEST(MergeRows, WholeRowsAsMultisetsKeepBothSidesRows) {
  const RowDiff d = merge_rows(lines({"a\t1\ta\t1", "a\t1\ta\t1", "b\t2\tb\t2"}),
                               lines({"a\t1", "a\t1", "b\t3", "c\t4", "c\t5"}),
                               spec({"note", "n"}, {}, {"note", "n"}, 1));
  EXPECT_EQ(d.lost, 1);
  EXPECT_EQ(d.extra, 3);
  EXPECT_EQ(d.lost_sample.rows, (std::vector<Row>{{"b", "2"}}));
  EXPECT_EQ(d.extra_sample.columns, (std::vector<std::string>{"note", "n"}));
  EXPECT_EQ(d.extra_sample.rows, (std::vector<Row>{{"b", "3"}}));
}

TEST(MergeRows, DuplicatesCountEach) {
  const RowDiff d = merge_rows(lines({"a\t1", "a\t1", "a\t1", "b\t2"}), lines({"a", "b", "b"}),
                               spec({"k"}, {}, {"v"}));
  EXPECT_EQ(d.lost, 2);
  EXPECT_EQ(d.extra, 1);
}

TEST(MergeRows, EscapesAndNullsCompareAsValues) {
  // "\\" is one backslash (0x5c), "\t" a tab (0x09): decoded, the tab sorts first. NULL is last.
  const RowDiff d = merge_rows(lines({"x\\ty\tA", "x\\\\y\tB", "z\tC", "\\N\tD"}),
                               lines({"x\\\\y", "\\N"}), spec({"k"}, {}, {"v"}));
  EXPECT_EQ(d.lost, 2);
  EXPECT_EQ(d.extra, 0);
  EXPECT_EQ(d.lost_sample.rows, (std::vector<Row>{{"A"}, {"C"}}));
  const RowDiff n = merge_rows(lines({"k\t\\N"}), lines({}), spec({"k"}, {}, {"v"}));
  EXPECT_EQ(n.lost_sample.rows, (std::vector<Row>{{std::nullopt}}));
}

TEST(MergeRows, ChangedContentKeepsBothRows) {
  // Key, compared (n), shown: both sides key + compared.
  const RowDiff d = merge_rows(lines({"a\t1\ta", "b\t2\tb", "c\t3\tc"}),
                               lines({"a\t1", "b\t9", "c\t3"}), spec({"k"}, {"n"}, {"k"}, 1));
  EXPECT_EQ(d.changed, 1);
  EXPECT_EQ(d.lost, 0);
  EXPECT_EQ(d.changed_sample.columns, (std::vector<std::string>{"side", "k", "n"}));
  EXPECT_EQ(d.changed_sample.rows, (std::vector<Row>{{"released", "b", "2"}, {"new", "b", "9"}}));
}

TEST(MergeRows, SampleIsBoundedAndScrubbed) {
  redact::add_secret("tok-SECRET-123");
  std::vector<std::string> released;
  for (int i = 0; i < 100; ++i) released.push_back(fmt::format("{:03}\ttok-SECRET-123", i));
  const RowDiff d = merge_rows(lines(released), lines({}), spec({"k"}, {}, {"token"}, 3));
  EXPECT_EQ(d.lost, 100);
  ASSERT_EQ(d.lost_sample.rows.size(), 3u);
  EXPECT_EQ(d.lost_sample.rows[0][0], std::optional<std::string>("********"));
}

TEST(ToCsv, QuotesWhatNeedsIt) {
  RowSample s;
  s.columns = {"a", "b,c"};
  s.rows = {{"plain", std::nullopt}, {"", "say \"hi\"\nthere"}};
  EXPECT_EQ(to_csv(s), "a,\"b,c\"\r\nplain,\r\n\"\",\"say \"\"hi\"\"\nthere\"\r\n");
}

RowDiffSpec on(const char* table, RowDiffSpec s) {
  s.schema = "app";
  s.table = table;
  return s;
}

class LostRows : public ClusterTest {
 protected:
  static void SetUpTestSuite() {
    ClusterTest::SetUpTestSuite();
    for (const char* db : {"rel", "neu"}) {
      cluster().exec(std::string("create database ") + db);
      cluster().exec(R"sql(
        create schema app;
        create table app.items (n int primary key, label text, note text);
        insert into app.items select i, 'item ' || i, case when i % 7 = 0 then null else 'x' end
          from generate_series(1, 2000) i;
        create table app.texts (k text primary key, v int);
        insert into app.texts values ('a', 1), ('B', 2), (E'tab\there', 3), (E'back\\slash', 4),
          ('Ärger', 5), ('zebra', 6), ('', 7);
        create table app.bag (a int, b text);
        insert into app.bag values (1, 'x'), (1, 'x'), (2, null), (3, 'y');
      )sql",
                     db);
    }
    // The new side lost some rows of each, and one value of texts changed.
    cluster().exec(R"sql(
      delete from app.items where n in (9, 10, 11, 100, 1999);
      delete from app.texts where k in (E'tab\there', 'Ärger', '');
      update app.texts set v = 20 where k = 'B';
      delete from app.bag where ctid = (select min(ctid) from app.bag where a = 1);
      delete from app.bag where a = 2;
      create table app.only_rel (x int);
    )sql",
                   "neu");
  }
};

TEST_F(LostRows, IntegerKeysInTextOrderOnBothSides) {
  const RowDiff d = diff_rows(cluster().params("rel"), cluster().params("neu"),
                              on("items", spec({"n"}, {}, {"n", "label", "note"}, 10)));
  EXPECT_EQ(d.lost, 5);
  EXPECT_EQ(d.extra, 0);
  // Byte order of the text: "100" < "10" is false; "10" < "100" < "11" < "1999" < "9".
  EXPECT_EQ(d.lost_sample.rows, (std::vector<Row>{{"10", "item 10", "x"},
                                                  {"100", "item 100", "x"},
                                                  {"11", "item 11", "x"},
                                                  {"1999", "item 1999", "x"},
                                                  {"9", "item 9", "x"}}));
}

TEST_F(LostRows, NativeOrdersMergeTheSame) {
  // Integers in their own order (the primary key's index), rows looked up by typed literals.
  RowDiffSpec items = on("items", spec({"n"}, {}, {"n", "label", "note"}, 10));
  items.order = {KeyOrder{true, false, false, true}};
  const RowDiff d = diff_rows(cluster().params("rel"), cluster().params("neu"), items);
  EXPECT_EQ(d.lost, 5);
  EXPECT_EQ(d.lost_sample.rows, (std::vector<Row>{{"9", "item 9", "x"},
                                                  {"10", "item 10", "x"},
                                                  {"11", "item 11", "x"},
                                                  {"100", "item 100", "x"},
                                                  {"1999", "item 1999", "x"}}));
  // Text in its own (C) order on one side, cast on the other: the same byte order.
  RowDiffSpec texts = on("texts", spec({"k"}, {"v"}, {"k", "v"}));
  texts.order = {KeyOrder{false, true, false, true}};
  const RowDiff t = diff_rows(cluster().params("rel"), cluster().params("neu"), texts);
  EXPECT_EQ(t.lost, 3);
  EXPECT_EQ(t.changed, 1);
  EXPECT_EQ(t.lost_sample.rows, (std::vector<Row>{{"", "7"}, {"tab\there", "3"}, {"Ärger", "5"}}));
}

TEST(MergeRows, IntegersInNumericOrder) {
  RowDiffSpec s = spec({"n"}, {}, {"n"});
  s.order = {KeyOrder{true, false, false, true}};
  const RowDiff d = merge_rows(lines({"-20\t-20", "-3\t-3", "2\t2", "10\t10", "\\N\t\\N"}),
                               lines({"-3", "10"}), s);
  EXPECT_EQ(d.lost, 3);
  EXPECT_EQ(d.extra, 0);
  EXPECT_EQ(d.lost_sample.rows, (std::vector<Row>{{"-20"}, {"2"}, {std::nullopt}}));
}

TEST_F(LostRows, TextKeysWithEscapesAndUnicode) {
  const RowDiff d = diff_rows(cluster().params("rel"), cluster().params("neu"),
                              on("texts", spec({"k"}, {"v"}, {"k", "v"})));
  EXPECT_EQ(d.lost, 3);
  EXPECT_EQ(d.extra, 0);
  EXPECT_EQ(d.changed, 1);
  EXPECT_EQ(d.lost_sample.rows, (std::vector<Row>{{"", "7"}, {"tab\there", "3"}, {"Ärger", "5"}}));
  EXPECT_EQ(d.changed_sample.rows, (std::vector<Row>{{"released", "B", "2"}, {"new", "B", "20"}}));
}

TEST_F(LostRows, EveryColumnAsKeyWithDuplicatesAndNulls) {
  const RowDiff d = diff_rows(cluster().params("rel"), cluster().params("neu"),
                              on("bag", spec({"a", "b"}, {}, {"a", "b"})));
  EXPECT_EQ(d.lost, 2);
  EXPECT_EQ(d.lost_sample.rows, (std::vector<Row>{{"1", "x"}, {"2", std::nullopt}}));
}

TEST_F(LostRows, ReleasedOnlyTable) {
  const RowDiff d =
      released_only(cluster().params("rel"), on("texts", spec({"k"}, {}, {"k", "v"}, 2)), 7);
  EXPECT_EQ(d.lost, 7);
  EXPECT_EQ(d.lost_sample.rows, (std::vector<Row>{{"", "7"}, {"B", "2"}}));
}

TEST_F(LostRows, MissingTableIsAnError) {
  EXPECT_THROW(diff_rows(cluster().params("rel"), cluster().params("neu"), spec({"x"}, {}, {"x"})),
               Error);
}

}  // namespace
}  // namespace dt
