#pragma once
// One part of a diagnosis: a failure becomes a problem line beside the verdict (a diagnosis
// never turns a verdict into an error); an interruption goes on.
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/redact.hpp"

namespace dt {

// Runs f; an exception other than dt::Interrupted becomes "<part>: <what>" (scrubbed) in problems.
template <typename F>
void attempt(std::vector<std::string>& problems, std::string_view part, F&& f) {
  try {
    f();
  } catch (const Interrupted&) {
    throw;
  } catch (const std::exception& e) {
    problems.push_back(redact::scrub(fmt::format("{}: {}", part, e.what())));
  }
}

}  // namespace dt
