#pragma once
// For the options tests: the one-line error parse_options gives for bad arguments, and the
// fewest arguments of a run that a mode's tests start from.
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

// `first` (a command word or a mode's flag), the two flags every run needs (--released-tag v1,
// --repo https://example.com/r), then more.
inline std::vector<std::string> minimal_run(const std::string& first,
                                            const std::vector<std::string>& more = {}) {
  std::vector<std::string> args = {first, "--released-tag", "v1", "--repo",
                                   "https://example.com/r"};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

}  // namespace dt::testing_support
