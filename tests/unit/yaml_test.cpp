// The YAML adapter: values at key paths (merge keys followed), and the in-place rewrite of one
// scalar that leaves every other byte of the file as it was.
#include "util/yaml.hpp"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "util/error.hpp"

namespace dt {
namespace {

using ::testing::HasSubstr;

// A Rails-style database.yml with the things an operator's file has: comments, an anchor and
// a merge key, quoting styles, a flow mapping, Unicode, a sequence and a block scalar.
const char* const kRails = R"(# Database settings; edited by hand.
default: &default
  adapter: postgresql   # the only one we support
  host: db.internal
  port: 5432
  username: augur
  password: "p@ss: w0rd"

development:
  <<: *default
  database: app_dev

production:
  <<: *default
  database: 'app_prod'   # keep this comment
  notes: |
    multi-line
    text
  flow: {database: inner, pool: 5}
  tags: [a, "b", 3]
  greeting: Grüße ✓
)";

std::string error_of(const std::string& text, const std::vector<std::string>& path,
                     const std::string& value) {
  try {
    yaml::Document(text, "config 'db.yml'").with_scalar(path, value);
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "rewrote " << text;
  return {};
}

TEST(Yaml, FindsScalarsFollowingMergeKeys) {
  const yaml::Document doc(kRails, "db.yml");
  EXPECT_EQ(doc.find({"production", "database"}).text, "app_prod");
  EXPECT_EQ(doc.find({"production", "host"}).text, "db.internal");  // through <<: *default
  EXPECT_EQ(doc.find({"production", "password"}).text, "p@ss: w0rd");
  EXPECT_EQ(doc.find({"production", "port"}).text, "5432");
  EXPECT_EQ(doc.find({"production", "missing"}).kind, yaml::Value::Kind::missing);
  EXPECT_EQ(doc.find({"production", "tags"}).kind, yaml::Value::Kind::other);
  EXPECT_EQ(doc.find({"production", "tags"}).type_name, "sequence");
  EXPECT_EQ(doc.find({"nothing", "here"}).kind, yaml::Value::Kind::missing);
}

TEST(Yaml, RewritesOneScalarAndNothingElse) {
  const std::string original = kRails;
  const yaml::Document doc(original, "db.yml");
  const std::string out = doc.with_scalar({"production", "database"}, "example_new");
  // Exactly the quoted value changed: the comment after it, the anchors, the other quoting
  // styles, the block scalar and the Unicode are byte for byte what they were.
  std::string expected = original;
  expected.replace(expected.find("'app_prod'"), std::string("'app_prod'").size(),
                   "\"example_new\"");
  EXPECT_EQ(out, expected);
  const yaml::Document back(out, "db.yml");
  EXPECT_EQ(back.find({"production", "database"}).text, "example_new");
  EXPECT_EQ(back.find({"development", "database"}).text, "app_dev");
}

TEST(Yaml, RewritesPlainDoubleQuotedAndFlowValues) {
  const yaml::Document doc(kRails, "db.yml");
  const std::string plain = doc.with_scalar({"development", "database"}, "x");
  EXPECT_NE(plain.find("  database: \"x\"\n"), std::string::npos) << plain;
  const std::string flow = doc.with_scalar({"production", "flow", "database"}, "y");
  EXPECT_NE(flow.find("flow: {database: \"y\", pool: 5}"), std::string::npos) << flow;
  const std::string quoted =
      yaml::Document("db:\n  name: \"a \\\"b\\\"\" # c\n", "x").with_scalar({"db", "name"}, "n");
  EXPECT_EQ(quoted, "db:\n  name: \"n\" # c\n");
}

TEST(Yaml, AwkwardValuesAreQuotedSafely) {
  const std::string value = "we\"ird\\ name: #1 ✓";
  const std::string out =
      yaml::Document("db:\n  name: old\n", "x").with_scalar({"db", "name"}, value);
  EXPECT_EQ(yaml::Document(out, "x").find({"db", "name"}).text, value);
}

TEST(Yaml, RefusesWhatCannotBeRewrittenInPlace) {
  // Through a merge key: the value lives in the anchored default, shared by other sections.
  EXPECT_THAT(error_of(kRails, {"production", "host"}, "x"), HasSubstr("merge key"));
  EXPECT_THAT(error_of(kRails, {"production", "notes"}, "x"), HasSubstr("block scalar"));
  EXPECT_THAT(error_of(kRails, {"production", "tags"}, "x"), HasSubstr("not a single value"));
  EXPECT_THAT(error_of(kRails, {"production", "nope"}, "x"), HasSubstr("the key is not there"));
  // An alias: changing the anchored value would change two keys.
  EXPECT_THAT(error_of("a: &n one\nb: *n\n", {"b"}, "x"), HasSubstr("anchor"));
  EXPECT_THAT(error_of("a: &n one\nb: *n\n", {"a"}, "x"), HasSubstr("anchor"));
  // A plain scalar continued on the next line.
  EXPECT_THAT(error_of("db:\n  name: first\n    second\n", {"db", "name"}, "x"),
              HasSubstr("several lines"));
  EXPECT_THAT(error_of("db:\n  name: !!str tagged\n", {"db", "name"}, "x"),
              HasSubstr("anchor, tag or alias"));
  // The message names the file and the path, with the fix.
  EXPECT_THAT(error_of(kRails, {"production", "notes"}, "x"),
              HasSubstr("config 'db.yml': cannot rewrite 'production.notes' in place"));
}

TEST(Yaml, MalformedYamlHasLineAndColumnNotTheText) {
  try {
    const yaml::Document parsed("db:\n  password: [topsecret\n", "config 'c.yml'");
    FAIL() << "parsed";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_THAT(message, HasSubstr("config 'c.yml': invalid YAML at line"));
    EXPECT_THAT(message, HasSubstr("; fix the file"));
    EXPECT_EQ(message.find("topsecret"), std::string::npos) << message;
  }
}

TEST(Yaml, BoundedInput) {
  EXPECT_THROW(yaml::Document(std::string(yaml::kMaxBytes + 1, 'a'), "x"), Error);
  EXPECT_THROW(yaml::Document("a: 1\n---\nb: 2\n", "x"), Error);
  // Deep nesting is refused by yaml-cpp's own depth guard, not a crash.
  EXPECT_THROW(yaml::Document(std::string(100000, '['), "x"), Error);
}

// Nine aliases per level, `levels` deep: a few hundred bytes that stand for 9^levels nodes.
std::string alias_bomb(int levels, bool merge) {
  std::string text = merge ? "a0: &a0 {x: 1}\n" : "a0: &a0 [x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < levels; ++i) {
    std::string list;
    for (int k = 0; k < 9; ++k)
      list += (k == 0 ? "" : ", ") + std::string("*a") + std::to_string(i - 1);
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) +
            (merge ? " {<<: [" + list + "]}\n" : " [" + list + "]\n");
  }
  text += "database:\n";
  if (merge) text += "  <<: *a" + std::to_string(levels - 1) + "\n";
  text += "  dbname: prod\n";
  return text;
}

TEST(Yaml, AliasAndMergeBombsAreRefusedNotExpanded) {
  // A merge-key bomb: looking up a key that is not there follows 9^15 merges.
  const yaml::Document merges(alias_bomb(16, true), "config 'bomb.yml'");
  try {
    (void)merges.find({"database", "host"});
    FAIL() << "expanded a merge bomb";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("config 'bomb.yml': its aliases or merge keys expand to more "
                                    "than 200000 nodes"));
  }
  // An alias bomb: proving a rewrite compares the whole tree, 9^10 nodes through the aliases.
  const yaml::Document aliases(alias_bomb(10, false), "config 'bomb.yml'");
  EXPECT_EQ(aliases.find({"database", "dbname"}).text, "prod");
  try {
    (void)aliases.with_scalar({"database", "dbname"}, "scratch");
    FAIL() << "expanded an alias bomb";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("expand to more than 200000 nodes"));
  }
  // A file with a few shared aliases is still read and rewritten.
  const yaml::Document small(alias_bomb(3, false), "config 'small.yml'");
  EXPECT_THAT(small.with_scalar({"database", "dbname"}, "scratch"),
              HasSubstr("dbname: \"scratch\""));
}

TEST(Yaml, SplitPathAndQuote) {
  EXPECT_EQ(yaml::split_path("a.b.c"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(yaml::split_path("one"), (std::vector<std::string>{"one"}));
  EXPECT_EQ(yaml::quote("a\"b\\c\x01"), "\"a\\\"b\\\\c\\x01\"");
}

}  // namespace
}  // namespace dt
