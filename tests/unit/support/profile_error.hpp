#pragma once
// The one-line error parse_profile gives for a bad profile, for the profile tests.
#include <string>
#include <string_view>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "profile.hpp"
#include "util/error.hpp"

namespace dt::testing_support {

// The message of the dt::Error that parse_profile throws for text (fails the test if none).
inline std::string profile_error(std::string_view text, std::string_view origin = "p.json") {
  try {
    parse_profile(text, origin);
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "parse_profile accepted: " << text;
  return {};
}

// The same for a document, written as a file would be (indented).
inline std::string profile_doc_error(const nlohmann::ordered_json& doc) {
  return profile_error(doc.dump(2));
}

}  // namespace dt::testing_support
