#pragma once
// A JSON Schema (draft-07) validator for the keywords data-test's own schemas use, so that a
// schema shipped in docs/ is enforced exactly as written. A keyword it does not implement is an
// error in the schema, never silently ignored.
#include <string>
#include <vector>

#include "util/json.hpp"

namespace dt::json_schema {

// Keywords implemented: type, enum, const, properties, required, additionalProperties,
// dependencies (arrays), minProperties, items (one schema or an array), additionalItems,
// minItems, uniqueItems, minLength, maxLength (code points), pattern (ECMAScript), minimum,
// maximum, allOf, anyOf, oneOf, not, $ref ("#/definitions/<name>"), if/then/else, and the
// annotations $schema, $id, $comment, title, description, examples, default, definitions.
//
// Every way doc breaks schema, one line each: "<where>: <what>", where is "(top level)" or a
// path such as "steps[2].run". Throws dt::Error for a keyword or $ref the schema may not use.
std::vector<std::string> validate(const json::Json& schema, const json::Json& doc);

// Every keyword that appears in schema (recursively), for checking the schema itself.
std::vector<std::string> keywords(const json::Json& schema);

}  // namespace dt::json_schema
