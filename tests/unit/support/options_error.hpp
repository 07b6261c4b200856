#pragma once
// The one-line error parse_options gives for bad arguments, for the options tests.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "options.hpp"
#include "util/error.hpp"

namespace dt::testing_support {

// The message of the dt::Error that parse_options throws (fails the test if none).
inline std::string options_error(const std::vector<std::string>& args) {
  try {
    parse_options(args);
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "parse_options accepted the arguments";
  return {};
}

}  // namespace dt::testing_support
