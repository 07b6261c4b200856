// Which columns match rows across the two databases: the profile's key, then a primary key or
// unique constraint not filled by the database, else every shared non-volatile column.
#include "natural_key.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/shapes.hpp"
#include "util/error.hpp"

namespace dt {
namespace {

using ::testing::HasSubstr;
using testing_support::shape_of;

ColumnShape col(std::string name, bool not_null = true, std::string def = "") {
  ColumnShape c;
  c.name = std::move(name);
  c.type = "text";
  c.not_null = not_null;
  c.default_expr = std::move(def);
  return c;
}

using Strings = std::vector<std::string>;

TEST(NaturalKey, SerialPrimaryKeyGivesWayToAUniqueNaturalKey) {
  const auto t = shape_of({col("id", true, "nextval('s.t_id_seq'::regclass)"), col("email"),
                           col("name"), col("seen", true, "now()")},
                          {{'p', "t_pkey", {"id"}, "PRIMARY KEY (id)", false, false},
                           {'u', "t_email_key", {"email"}, "UNIQUE (email)", false, false}});
  const KeyChoice k = choose_key(t, &t, nullptr);
  EXPECT_EQ(k.columns, Strings{"email"});
  EXPECT_EQ(k.source, "unique constraint t_email_key");
  EXPECT_EQ(k.excluded, (Strings{"id", "seen"}));
  EXPECT_EQ(k.compared, (Strings{"email", "name"}));
}

TEST(NaturalKey, PrimaryKeyFirst) {
  const auto t = shape_of({col("sha"), col("idx"), col("parent")},
                          {{'u', "a_unique", {"parent"}, "", false, false},
                           {'p', "t_pkey", {"sha", "idx"}, "", false, false}});
  const KeyChoice k = choose_key(t, &t, nullptr);
  EXPECT_EQ(k.columns, (Strings{"sha", "idx"}));
  EXPECT_EQ(k.source, "primary key t_pkey");
  EXPECT_TRUE(k.excluded.empty());
}

TEST(NaturalKey, FallsBackToEverySharedColumn) {
  // A unique column that may be NULL, or missing on the new side, is no key.
  const auto r =
      shape_of({col("a"), col("b", false), col("c"), col("at", true, "CURRENT_TIMESTAMP")},
               {{'u', "u_b", {"b"}, "", false, false}, {'u', "u_c", {"c"}, "", false, false}});
  const auto n = shape_of({col("a"), col("b", false), col("at", true, "CURRENT_TIMESTAMP")}, {});
  const KeyChoice k = choose_key(r, &n, nullptr);
  EXPECT_EQ(k.source, "all shared columns");
  EXPECT_TRUE(k.whole_rows);
  EXPECT_EQ(k.columns, (Strings{"a", "b"}));
  EXPECT_EQ(k.excluded, Strings{"at"});
  // A table the new side lacks: released's own columns.
  EXPECT_EQ(choose_key(r, nullptr, nullptr).source, "unique constraint u_c");
  EXPECT_FALSE(choose_key(r, nullptr, nullptr).whole_rows);
}

TEST(NaturalKey, ProfileOverrides) {
  const auto t = shape_of({col("id", true, "nextval('x')"), col("url"), col("started"), col("n")},
                          {{'p', "t_pkey", {"id"}, "", false, false}});
  NaturalKeyOverride o{"s", "t", {}, {"started"}};
  KeyChoice k = choose_key(t, &t, &o);
  EXPECT_EQ(k.columns, (Strings{"url", "n"}));
  EXPECT_EQ(k.excluded, (Strings{"id", "started"}));
  o.key = {"url"};
  k = choose_key(t, &t, &o);
  EXPECT_EQ(k.columns, Strings{"url"});
  EXPECT_EQ(k.source, "the profile's natural_keys");
  o.key = {"nope"};
  try {
    choose_key(t, &t, &o);
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("natural_keys.\"s.t\".key names column 'nope'"));
  }
  o.key.clear();
  o.exclude = {"nope"};
  EXPECT_THROW(choose_key(t, &t, &o), Error);
  const std::vector<NaturalKeyOverride> all = {{"s", "u", {}, {}}, o};
  EXPECT_EQ(find_override(all, "s", "t"), &all[1]);
  EXPECT_EQ(find_override(all, "s", "v"), nullptr);
}

TEST(NaturalKey, NothingLeftToMatchBy) {
  const auto t = shape_of({col("id", true, "nextval('x')")}, {});
  try {
    choose_key(t, &t, nullptr);
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("s.t has no column both sides share"));
  }
}

}  // namespace
}  // namespace dt
