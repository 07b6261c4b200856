// The profile's JSON Schema in docs/ and the parser agree: the same keys, the same mistakes
// refused, the examples in the docs valid for both, and the rules only the parser can state.
#include <filesystem>
#include <functional>
#include <set>
#include <string>

#include <fmt/format.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "profile.hpp"
#include "support/files.hpp"
#include "support/profile_sample.hpp"
#include "test_paths.hpp"
#include "util/error.hpp"

namespace dt {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::ordered_json;

Json minimal() {
  return testing_support::minimal_profile();
}

namespace fs = std::filesystem;

// Every object key path the schema allows, as known_profile_keys() spells them.
void schema_paths(const Json& root, const Json& node, const std::string& prefix,
                  std::set<std::string>& out) {
  if (!node.is_object()) return;
  if (node.contains("$ref")) {
    const std::string ref =
        node["$ref"].get<std::string>().substr(std::string("#/definitions/").size());
    schema_paths(root, root["definitions"][ref], prefix, out);
  }
  for (const char* choice : {"oneOf", "anyOf", "allOf"}) {
    if (node.contains(choice)) {
      for (const auto& sub : node[choice]) schema_paths(root, sub, prefix, out);
    }
  }
  if (node.contains("items") && node["items"].is_object()) {
    schema_paths(root, node["items"], prefix + "[]", out);
  }
  if (node.contains("properties")) {
    for (const auto& item : node["properties"].items()) {
      const std::string path = prefix.empty() ? item.key() : prefix + "." + item.key();
      out.insert(path);
      schema_paths(root, item.value(), path, out);
    }
  }
}

std::string read(const fs::path& path) {
  return testing_support::read_file(path);
}

// Every profile shown in the docs (a ```json block with "name" and "build") and shipped with
// the tests, and the built-in one.
std::vector<std::pair<std::string, std::string>> example_profiles() {
  const fs::path root = DATA_TEST_SOURCE_ROOT;
  std::vector<std::pair<std::string, std::string>> out = {
      {"built-in", std::string(builtin_profile_json())}};
  for (const auto& entry : fs::directory_iterator(root / "docs")) {
    if (entry.path().extension() != ".md") continue;
    const std::string text = read(entry.path());
    std::size_t at = 0;
    int n = 0;
    while ((at = text.find("```json\n", at)) != std::string::npos) {
      const std::size_t begin = at + 8;
      const std::size_t end = text.find("```", begin);
      at = end;
      const auto block = Json::parse(text.substr(begin, end - begin), nullptr, false);
      if (block.is_discarded() || !block.is_object() || !block.contains("build")) continue;
      out.emplace_back(fmt::format("{} block {}", entry.path().filename().string(), ++n),
                       text.substr(begin, end - begin));
    }
  }
  for (const char* file :
       {"tests/example_app/profile.json", "tests/example_app/profile-incremental.json",
        "tests/example_app_url/data-test.json"}) {
    out.emplace_back(file, read(root / file));
  }
  return out;
}

TEST(ProfileSchema, IsTheDocumentInDocs) {
  EXPECT_EQ(Json::parse(profile_schema_text()),
            Json::parse(read(fs::path(DATA_TEST_SOURCE_ROOT) / "docs" / "profile.schema.json")));
}

TEST(ProfileSchema, ListsExactlyTheKeysTheParserKnows) {
  const Json schema = Json::parse(profile_schema_text());
  std::set<std::string> paths;
  schema_paths(schema, schema, "", paths);
  const auto known = known_profile_keys();
  EXPECT_EQ(std::vector<std::string>(paths.begin(), paths.end()), known);
}

TEST(ProfileSchema, EveryExampleProfileIsValidForBoth) {
  const auto examples = example_profiles();
  EXPECT_GE(examples.size(), 6u);  // built-in, docs' own, the test applications'
  for (const auto& [origin, text] : examples) {
    EXPECT_THAT(schema_problems(text, origin), ::testing::IsEmpty()) << origin;
    EXPECT_NO_THROW(parse_profile(text, origin)) << origin;
  }
}

TEST(ProfileSchema, BothRejectTheSameMistakes) {
  const std::vector<std::function<void(Json&)>> mistakes = {
      [](Json& d) { d["stepz"] = 1; },
      [](Json& d) { d.erase("name"); },
      [](Json& d) { d["name"] = "my app"; },
      [](Json& d) { d["name"] = std::string(101, 'a'); },
      [](Json& d) { d["build"] = Json::array(); },
      [](Json& d) {
        d["build"] = {"", "x"};
      },
      [](Json& d) {
        d["build"] = {"make", 1};
      },
      [](Json& d) { d["steps"] = Json::array(); },
      [](Json& d) {
        d["steps"][0] = {{"run", {"a"}}, {"copy_rows", "a.b"}};
      },
      [](Json& d) {
        d["steps"][0] = {{"shell", "x"}};
      },
      [](Json& d) { d["steps"][0]["once"] = "yes"; },
      [](Json& d) { d["steps"][1]["copy_rows"] = ""; },
      [](Json& d) {
        d["schemas"] = {"data", "data"};
      },
      [](Json& d) { d["schemas"] = {std::string(64, 's')}; },
      [](Json& d) { d["schemas"] = {"a\tb"}; },
      [](Json& d) { d["databases"]["old"] = "x"; },
      [](Json& d) { d["databases"]["new"] = std::string(64, 'n'); },
      [](Json& d) { d["discovery_steps"] = 0; },
      [](Json& d) { d["discovery_steps"] = 1.5; },
      [](Json& d) {
        d["connection"] = {{"from", "env"}};
      },
      [](Json& d) {
        d["connection"] = {{"from", "url_env"}, {"path", "x"}};
      },
      [](Json& d) {
        d["connection"] = {{"from", "url_env"}, {"variable", "1X"}};
      },
      [](Json& d) {
        d["connection"] = {{"from", "file"}, {"keys", {{"host", "a"}}}};
      },
      [](Json& d) {
        d["connection"] = {{"from", "file"}, {"keys", {{"dbname", "a..b"}}}};
      },
      [](Json& d) {
        d["connection"] = {{"from", "file"}, {"path", "/abs"}};
      },
      [](Json& d) {
        d["connection"] = {{"from", "libpq_env"}, {"format", "json"}};
      },
      [](Json& d) { d["repo_column"] = "repo_id"; },
      [](Json& d) {
        d["repo_column"] = "repo_id";
        d["repo_lookup"] = {{"table", "data.repos"}, {"url_column", "url"}};
      },
  };
  for (std::size_t i = 0; i < mistakes.size(); ++i) {
    Json doc = minimal();
    mistakes[i](doc);
    EXPECT_FALSE(schema_problems(doc.dump(), "p").empty()) << i << ": " << doc.dump();
    EXPECT_THROW(parse_profile(doc.dump(), "p"), Error) << i << ": " << doc.dump();
  }
}

// What a schema cannot state is the parser's alone; --check runs both. Each of these is listed
// in the schema's description.
TEST(ProfileSchema, CrossFieldRulesAreTheParsers) {
  const std::vector<std::function<void(Json&)>> parser_only = {
      [](Json& d) {
        d["steps"][0]["run"] = {"{bin}", "{cfg}"};
      },
      [](Json& d) {
        d["build"] = {"make", "{repo}"};
      },
      [](Json& d) { d["discovery_steps"] = 9; },
      [](Json& d) { d["steps"][1]["copy_rows"] = "nodot"; },
      [](Json& d) { d["databases"]["new"] = "app_released"; },
      [](Json& d) {
        d["connection"] = {{"from", "url_env"}};
        d["steps"][0]["run"] = {"{bin}", "{config}"};
      },
  };
  const std::string description = Json::parse(profile_schema_text())["description"];
  for (const char* rule :
       {"placeholders", "{config} only with a file connection", "{repo} not in build",
        "discovery_steps", "schema.table", "two different database names"}) {
    EXPECT_THAT(description, HasSubstr(rule));
  }
  for (std::size_t i = 0; i < parser_only.size(); ++i) {
    Json doc = minimal();
    parser_only[i](doc);
    EXPECT_TRUE(schema_problems(doc.dump(), "p").empty()) << i;
    EXPECT_THROW(parse_profile(doc.dump(), "p"), Error) << i;
  }
}

TEST(ProfileSchema, ProblemsNameTheProfileAndThePlace) {
  Json doc = minimal();
  doc["stepz"] = 1;
  doc["schemas"] = "data";
  const auto found = schema_problems(doc.dump(), "p.json");
  EXPECT_THAT(found, ::testing::UnorderedElementsAre(
                         "profile 'p.json': schemas: must be an array, got string",
                         HasSubstr("profile 'p.json': (top level): unknown key 'stepz'")));
  EXPECT_THAT(schema_problems("{", "p.json"),
              ::testing::ElementsAre(HasSubstr("profile 'p.json': invalid JSON")));
}

// docs/profile-format.md's lines between the first one starting with `from` and the next one
// starting with `to`.
std::vector<std::string> profile_format_lines(std::string_view from, std::string_view to) {
  const std::string text = read(fs::path(DATA_TEST_SOURCE_ROOT) / "docs" / "profile-format.md");
  std::vector<std::string> out;
  bool in = false;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    if (in && line.rfind(to, 0) == 0) break;
    if (in) out.push_back(line);
    if (!in && line.rfind(from, 0) == 0) in = true;
  }
  return out;
}

TEST(ProfileSchema, ProfileFormatMdKeysTableHasTheSchemasKeys) {
  std::set<std::string> documented;
  for (const auto& row : profile_format_lines("## Keys", "## ")) {
    if (row.rfind("| `", 0) == 0) documented.insert(row.substr(3, row.find('`', 3) - 3));
  }
  const Json schema = Json::parse(profile_schema_text());
  std::set<std::string> top;
  for (const auto& item : schema["properties"].items()) {
    top.insert(item.key());
  }
  EXPECT_EQ(documented, top);
}

// Each "unknown key ...; known keys: ..." example in profile-format.md's error messages is what
// data-test prints for that key, a run (the parser) or --check (the schema): so its list of known
// keys is the schema's.
TEST(ProfileSchema, ProfileFormatMdKnownKeysAreAsPrinted) {
  const std::string prefix = "profile 'p.json': ";
  int checked = 0;
  for (const auto& line : profile_format_lines("## Error messages", "## ")) {
    const std::size_t at = line.find("unknown key '");
    if (line.rfind(prefix, 0) != 0 || at == std::string::npos) continue;
    ++checked;
    // "(top level): unknown key 'k'", "databases: unknown key 'k'" or "unknown key 'databases.k'".
    std::string path = line.substr(at + 13, line.find('\'', at + 13) - at - 13);
    const std::string where =
        at >= prefix.size() + 2 ? line.substr(prefix.size(), at - 2 - prefix.size()) : "";
    if (!where.empty() && where != "(top level)") path = fmt::format("{}.{}", where, path);
    Json doc = minimal();
    Json* parent = &doc;
    for (std::size_t dot; (dot = path.find('.')) != std::string::npos; path.erase(0, dot + 1)) {
      parent = &(*parent)[path.substr(0, dot)];
    }
    (*parent)[path] = "x";
    std::vector<std::string> printed = schema_problems(doc.dump(), "p.json");
    try {
      parse_profile(doc.dump(), "p.json");
    } catch (const Error& e) {
      printed.emplace_back(e.what());
    }
    EXPECT_THAT(printed, ::testing::Contains(line));
  }
  EXPECT_GE(checked, 2);  // the top level's and databases'
}

}  // namespace
}  // namespace dt
