#include "util/json_schema.hpp"

#include <algorithm>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "util/error.hpp"

namespace dt::json_schema {
namespace {

using json::Json;

const std::set<std::string> kAnnotations = {"$schema",     "$id",      "$comment", "title",
                                            "description", "examples", "default",  "definitions"};
const std::set<std::string> kAssertions = {"type",         "enum",
                                           "const",        "properties",
                                           "required",     "additionalProperties",
                                           "dependencies", "minProperties",
                                           "items",        "additionalItems",
                                           "minItems",     "uniqueItems",
                                           "minLength",    "maxLength",
                                           "pattern",      "minimum",
                                           "maximum",      "allOf",
                                           "anyOf",        "oneOf",
                                           "not",          "$ref",
                                           "if",           "then",
                                           "else"};

std::string child(const std::string& where, const std::string& key) {
  return where.empty() ? key : where + "." + key;
}

std::string item(const std::string& where, std::size_t i) {
  return fmt::format("{}[{}]", where, i);
}

std::string shown(const std::string& where) {
  return where.empty() ? "(top level)" : where;
}

// JSON Schema's type names: "integer" is a number with no fraction.
bool has_type(const Json& doc, const std::string& type) {
  if (type == "object") return doc.is_object();
  if (type == "array") return doc.is_array();
  if (type == "string") return doc.is_string();
  if (type == "boolean") return doc.is_boolean();
  if (type == "null") return doc.is_null();
  if (type == "number") return doc.is_number();
  if (type == "integer") {
    return doc.is_number_integer() ||
           (doc.is_number_float() &&
            doc.get<double>() == static_cast<double>(static_cast<long long>(doc.get<double>())));
  }
  throw Error(fmt::format("JSON Schema: unknown type '{}'", type));
}

// The number of code points of UTF-8 text.
std::size_t code_points(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

class Validator {
 public:
  explicit Validator(const Json& root) : root_(root) {}

  void check(const Json& schema, const Json& doc, const std::string& where,
             std::vector<std::string>& out, int depth = 0) const {
    if (depth > 64) throw Error("JSON Schema: $ref nested deeper than 64 levels");
    if (schema.is_boolean()) {
      if (!schema.get<bool>()) out.push_back(fmt::format("{}: not allowed here", shown(where)));
      return;
    }
    if (!schema.is_object()) throw Error("JSON Schema: a schema must be an object or a boolean");
    for (const auto& entry : schema.items()) {
      if (!kAnnotations.count(entry.key()) && !kAssertions.count(entry.key())) {
        throw Error(fmt::format("JSON Schema: keyword '{}' is not supported", entry.key()));
      }
    }
    if (schema.contains("$ref")) check(resolve(schema["$ref"]), doc, where, out, depth + 1);
    if (schema.contains("type") && !type_ok(schema["type"], doc)) {
      out.push_back(fmt::format("{}: must be {}, got {}", shown(where), type_text(schema["type"]),
                                doc.type_name()));
      return;  // the other keywords would only repeat it
    }
    if (schema.contains("enum")) {
      const Json& options = schema["enum"];
      if (std::find(options.begin(), options.end(), doc) == options.end()) {
        out.push_back(
            fmt::format("{}: must be one of {}, got {}", shown(where), options.dump(), doc.dump()));
      }
    }
    if (schema.contains("const") && doc != schema["const"]) {
      out.push_back(
          fmt::format("{}: must be {}, got {}", shown(where), schema["const"].dump(), doc.dump()));
    }
    if (doc.is_object()) object(schema, doc, where, out, depth);
    if (doc.is_array()) array(schema, doc, where, out, depth);
    if (doc.is_string()) string(schema, doc.get<std::string>(), where, out);
    if (doc.is_number()) number(schema, doc, where, out);
    combinators(schema, doc, where, out, depth);
  }

 private:
  const Json& resolve(const Json& ref) const {
    const std::string prefix = "#/definitions/";
    if (!ref.is_string() || ref.get<std::string>().rfind(prefix, 0) != 0) {
      throw Error(fmt::format("JSON Schema: $ref {} is not \"#/definitions/<name>\"", ref.dump()));
    }
    const std::string name = ref.get<std::string>().substr(prefix.size());
    if (!root_.contains("definitions") || !root_["definitions"].contains(name)) {
      throw Error(fmt::format("JSON Schema: $ref to a missing definition '{}'", name));
    }
    return root_["definitions"][name];
  }

  // A choice's name in messages: its title, or its $ref's.
  std::string title(const Json& sub) const {
    if (sub.is_object() && sub.contains("title")) return sub["title"].get<std::string>();
    if (sub.is_object() && sub.contains("$ref")) return title(resolve(sub["$ref"]));
    return sub.dump();
  }

  static bool type_ok(const Json& type, const Json& doc) {
    if (type.is_string()) return has_type(doc, type.get<std::string>());
    return std::any_of(type.begin(), type.end(),
                       [&](const Json& t) { return has_type(doc, t.get<std::string>()); });
  }

  static std::string type_text(const Json& type) {
    if (type.is_string())
      return (type == "object" || type == "array" || type == "integer" ? "an " : "a ") +
             type.get<std::string>();
    std::string out;
    for (const auto& t : type) out += (out.empty() ? "" : " or ") + t.get<std::string>();
    return out;
  }

  void object(const Json& schema, const Json& doc, const std::string& where,
              std::vector<std::string>& out, int depth) const {
    if (schema.contains("required")) {
      for (const auto& key : schema["required"]) {
        if (!doc.contains(key.get<std::string>())) {
          out.push_back(fmt::format("{}: missing key '{}'", shown(where), key.get<std::string>()));
        }
      }
    }
    if (schema.contains("minProperties") &&
        doc.size() < schema["minProperties"].get<std::size_t>()) {
      out.push_back(fmt::format("{}: must have at least {} key(s)", shown(where),
                                schema["minProperties"].get<std::size_t>()));
    }
    const Json* properties = schema.contains("properties") ? &schema["properties"] : nullptr;
    for (const auto& entry : doc.items()) {
      const std::string at = child(where, entry.key());
      if (properties != nullptr && properties->contains(entry.key())) {
        check((*properties)[entry.key()], entry.value(), at, out, depth + 1);
      } else if (schema.contains("additionalProperties")) {
        const Json& extra = schema["additionalProperties"];
        if (extra.is_boolean() && !extra.get<bool>()) {
          std::string known;
          if (properties != nullptr) {
            for (const auto& p : properties->items())
              known += (known.empty() ? "" : ", ") + p.key();
          }
          out.push_back(fmt::format("{}: unknown key '{}'; known keys: {}", shown(where),
                                    entry.key(), known));
        } else {
          check(extra, entry.value(), at, out, depth + 1);
        }
      }
    }
    if (schema.contains("dependencies")) {
      for (const auto& dep : schema["dependencies"].items()) {
        if (!doc.contains(dep.key())) continue;
        if (!dep.value().is_array())
          throw Error("JSON Schema: only array dependencies are supported");
        for (const auto& needed : dep.value()) {
          if (!doc.contains(needed.get<std::string>())) {
            out.push_back(fmt::format("{}: '{}' needs '{}' too", shown(where), dep.key(),
                                      needed.get<std::string>()));
          }
        }
      }
    }
  }

  void array(const Json& schema, const Json& doc, const std::string& where,
             std::vector<std::string>& out, int depth) const {
    if (schema.contains("minItems") && doc.size() < schema["minItems"].get<std::size_t>()) {
      out.push_back(fmt::format("{}: must have at least {} item(s)", shown(where),
                                schema["minItems"].get<std::size_t>()));
    }
    if (schema.contains("uniqueItems") && schema["uniqueItems"].get<bool>()) {
      for (std::size_t i = 0; i < doc.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
          if (doc[i] == doc[j]) {
            out.push_back(fmt::format("{}: {} is listed twice", shown(where), doc[i].dump()));
          }
        }
      }
    }
    if (!schema.contains("items")) return;
    const Json& items = schema["items"];
    for (std::size_t i = 0; i < doc.size(); ++i) {
      if (!items.is_array()) {
        check(items, doc[i], item(where, i), out, depth + 1);
      } else if (i < items.size()) {
        check(items[i], doc[i], item(where, i), out, depth + 1);
      } else if (schema.contains("additionalItems")) {
        check(schema["additionalItems"], doc[i], item(where, i), out, depth + 1);
      }
    }
  }

  static void string(const Json& schema, const std::string& text, const std::string& where,
                     std::vector<std::string>& out) {
    const std::size_t length = code_points(text);
    if (schema.contains("minLength") && length < schema["minLength"].get<std::size_t>()) {
      out.push_back(schema["minLength"] == 1
                        ? fmt::format("{}: must not be empty", shown(where))
                        : fmt::format("{}: must be at least {} characters long", shown(where),
                                      schema["minLength"].get<std::size_t>()));
      return;
    }
    if (schema.contains("maxLength") && length > schema["maxLength"].get<std::size_t>()) {
      out.push_back(fmt::format("{}: must be at most {} characters long", shown(where),
                                schema["maxLength"].get<std::size_t>()));
      return;  // a pattern is only ever matched against bounded text
    }
    if (schema.contains("pattern")) {
      const std::regex pattern(schema["pattern"].get<std::string>(), std::regex::ECMAScript);
      if (!std::regex_search(text, pattern)) {
        out.push_back(fmt::format("{}: '{}' does not match {}", shown(where), text,
                                  schema["pattern"].get<std::string>()));
      }
    }
  }

  static void number(const Json& schema, const Json& doc, const std::string& where,
                     std::vector<std::string>& out) {
    const double value = doc.get<double>();
    if (schema.contains("minimum") && value < schema["minimum"].get<double>()) {
      out.push_back(fmt::format("{}: must be at least {}, got {}", shown(where),
                                schema["minimum"].dump(), doc.dump()));
    }
    if (schema.contains("maximum") && value > schema["maximum"].get<double>()) {
      out.push_back(fmt::format("{}: must be at most {}, got {}", shown(where),
                                schema["maximum"].dump(), doc.dump()));
    }
  }

  void combinators(const Json& schema, const Json& doc, const std::string& where,
                   std::vector<std::string>& out, int depth) const {
    if (schema.contains("allOf")) {
      for (const auto& sub : schema["allOf"]) check(sub, doc, where, out, depth + 1);
    }
    const auto matches = [&](const Json& sub) {
      std::vector<std::string> problems;
      check(sub, doc, where, problems, depth + 1);
      return problems;
    };
    if (schema.contains("anyOf") || schema.contains("oneOf")) {
      const bool one = schema.contains("oneOf");
      const Json& branches = one ? schema["oneOf"] : schema["anyOf"];
      std::size_t matched = 0;
      std::vector<std::string> closest;
      for (const auto& sub : branches) {
        auto problems = matches(sub);
        if (problems.empty()) {
          ++matched;
        } else if (closest.empty() || problems.size() < closest.size()) {
          closest = std::move(problems);
        }
      }
      if (matched == 0) {
        std::string names;
        for (const auto& sub : branches) names += (names.empty() ? "" : "; ") + title(sub);
        out.push_back(fmt::format("{}: matches none of: {} (closest: {})", shown(where), names,
                                  closest.empty() ? "-" : closest.front()));
      } else if (one && matched > 1) {
        out.push_back(
            fmt::format("{}: matches {} of the choices, not exactly one", shown(where), matched));
      }
    }
    if (schema.contains("not") && matches(schema["not"]).empty()) {
      out.push_back(fmt::format("{}: must not match {}", shown(where), schema["not"].dump()));
    }
    if (schema.contains("if")) {
      if (matches(schema["if"]).empty()) {
        if (schema.contains("then")) check(schema["then"], doc, where, out, depth + 1);
      } else if (schema.contains("else")) {
        check(schema["else"], doc, where, out, depth + 1);
      }
    }
  }

  const Json& root_;
};

void collect(const Json& schema, std::set<std::string>& out) {
  if (!schema.is_object()) {
    if (schema.is_array()) {
      for (const auto& sub : schema) collect(sub, out);
    }
    return;
  }
  for (const auto& entry : schema.items()) {
    out.insert(entry.key());
    const std::string& key = entry.key();
    if (key == "properties" || key == "definitions") {
      for (const auto& sub : entry.value().items()) collect(sub.value(), out);
    } else if (key != "enum" && key != "const" && key != "examples" && key != "default" &&
               key != "required" && key != "dependencies") {
      collect(entry.value(), out);
    }
  }
}

}  // namespace

std::vector<std::string> validate(const json::Json& schema, const json::Json& doc) {
  std::vector<std::string> out;
  try {
    Validator(schema).check(schema, doc, "", out);
  } catch (const std::regex_error& e) {
    throw Error(
        fmt::format("JSON Schema: a pattern is not a valid ECMAScript regex ({})", e.what()));
  } catch (const nlohmann::json::exception& e) {
    throw Error(fmt::format("JSON Schema: a keyword has a value of the wrong type ({})", e.what()));
  }
  return out;
}

std::vector<std::string> keywords(const json::Json& schema) {
  std::set<std::string> found;
  collect(schema, found);
  return {found.begin(), found.end()};
}

}  // namespace dt::json_schema
