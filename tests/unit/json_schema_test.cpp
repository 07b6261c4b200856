// The draft-07 subset validator: each keyword it implements can fail, every problem is found in
// one pass, and a keyword it does not implement is an error rather than silently ignored.
#include "util/json_schema.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "util/error.hpp"

namespace dt {
namespace {

using json::Json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> problems(const char* schema, const char* doc) {
  return json_schema::validate(Json::parse(schema), Json::parse(doc));
}

TEST(JsonSchema, TypesAndObjects) {
  const char* schema = R"({"type": "object", "required": ["a"], "additionalProperties": false,
    "properties": {"a": {"type": "integer", "minimum": 1, "maximum": 3}, "b": {"type": "string"}}})";
  EXPECT_TRUE(problems(schema, R"({"a": 2, "b": "x"})").empty());
  EXPECT_THAT(problems(schema, R"([])"), ElementsAre("(top level): must be an object, got array"));
  EXPECT_THAT(problems(schema, R"({"b": 1, "c": 2})"),
              ElementsAre("(top level): missing key 'a'", "b: must be a string, got number",
                          "(top level): unknown key 'c'; known keys: a, b"));
  EXPECT_THAT(problems(schema, R"({"a": 0})"), ElementsAre("a: must be at least 1, got 0"));
  EXPECT_THAT(problems(schema, R"({"a": 4})"), ElementsAre("a: must be at most 3, got 4"));
  EXPECT_THAT(problems(schema, R"({"a": 1.5})"), ElementsAre("a: must be an integer, got number"));
  EXPECT_TRUE(problems(schema, R"({"a": 2.0})").empty());
}

TEST(JsonSchema, ArraysStringsEnumsConst) {
  const char* schema = R"({"type": "array", "minItems": 1, "uniqueItems": true,
    "items": [{"const": "first"}], "additionalItems":
      {"type": "string", "minLength": 1, "maxLength": 3, "pattern": "^[a-z]+$"}})";
  EXPECT_TRUE(problems(schema, R"(["first", "ab", "é"])").size() == 1);  // é is not [a-z]
  EXPECT_THAT(problems(schema, "[]"), ElementsAre("(top level): must have at least 1 item(s)"));
  EXPECT_THAT(problems(schema, R"(["x"])"), ElementsAre("[0]: must be \"first\", got \"x\""));
  EXPECT_THAT(problems(schema, R"(["first", ""])"), ElementsAre("[1]: must not be empty"));
  EXPECT_THAT(problems(schema, R"(["first", "abcd"])"),
              ElementsAre("[1]: must be at most 3 characters long"));
  EXPECT_THAT(problems(schema, R"(["first", "ab", "ab"])"),
              ElementsAre("(top level): \"ab\" is listed twice"));
  // maxLength counts code points, not bytes.
  EXPECT_TRUE(problems(R"({"maxLength": 2})", R"("éé")").empty());
  EXPECT_THAT(problems(R"({"enum": ["a", "b"]})", R"("c")"),
              ElementsAre("(top level): must be one of [\"a\",\"b\"], got \"c\""));
}

TEST(JsonSchema, CombinatorsRefsDependencies) {
  const char* schema = R"({
    "definitions": {"n": {"type": "integer"}, "s": {"type": "string", "title": "a string"}},
    "properties": {
      "one": {"oneOf": [{"$ref": "#/definitions/n", "title": "a number"}, {"$ref": "#/definitions/s"}]},
      "any": {"anyOf": [{"required": ["x"]}, {"required": ["y"]}]},
      "all": {"allOf": [{"minimum": 1}, {"maximum": 2}]},
      "no": {"not": {"type": "null"}},
      "cond": {"if": {"type": "string"}, "then": {"minLength": 2}, "else": {"type": "integer"}}
    },
    "dependencies": {"a": ["b"]}})";
  EXPECT_TRUE(
      problems(schema, R"({"one": 1, "any": {"y": 0}, "all": 1, "no": 1, "cond": "ab"})").empty());
  const auto found =
      problems(schema, R"({"one": true, "any": {}, "all": 3, "no": null, "cond": true, "a": 1})");
  ASSERT_EQ(found.size(), 6u) << ::testing::PrintToString(found);
  EXPECT_THAT(found[0], HasSubstr("one: matches none of: a number; a string"));
  EXPECT_THAT(found[1], HasSubstr("any: matches none of"));
  EXPECT_EQ(found[2], "all: must be at most 2, got 3");
  EXPECT_THAT(found[3], HasSubstr("no: must not match"));
  EXPECT_EQ(found[4], "cond: must be an integer, got boolean");
  EXPECT_EQ(found[5], "(top level): 'a' needs 'b' too");
  EXPECT_THAT(problems(R"({"oneOf": [{"type": "integer"}, {"minimum": 0}]})", "1"),
              ElementsAre("(top level): matches 2 of the choices, not exactly one"));
}

TEST(JsonSchema, UnsupportedKeywordsAndRefsAreErrors) {
  EXPECT_THROW(problems(R"({"format": "email"})", R"("x")"), Error);
  EXPECT_THROW(problems(R"({"$ref": "other.json#/x"})", "1"), Error);
  EXPECT_THROW(problems(R"({"$ref": "#/definitions/missing"})", "1"), Error);
  EXPECT_THROW(problems(R"({"pattern": "("})", R"("x")"), Error);
  EXPECT_THAT(json_schema::keywords(
                  Json::parse(R"({"type": "object", "properties": {"enum": {"const": 1}}})")),
              ElementsAre("const", "properties", "type"));
}

}  // namespace
}  // namespace dt
