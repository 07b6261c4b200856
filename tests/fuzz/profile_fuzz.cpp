// The profile parser: any text gives a valid Profile or one dt::Error, never a crash or another
// exception; what it accepts holds the invariants the run relies on.
#include <algorithm>
#include <cstdint>

#include "core/app_profile.hpp"
#include "fuzz_check.hpp"
#include "profile.hpp"
#include "util/error.hpp"

namespace {

bool known(std::string_view name) {
  return std::find(dt::kPlaceholderNames.begin(), dt::kPlaceholderNames.end(), name) !=
         dt::kPlaceholderNames.end();
}

void check_argv(const std::vector<std::string>& argv) {
  using dt::fuzz::check;
  check(!argv.empty() && !argv[0].empty(), "an accepted argv has a program");
  for (const auto& arg : argv) {
    for (const auto& [begin, end] : dt::placeholder_spans(arg)) {
      check(begin < end && end <= arg.size() && arg[begin] == '{' && arg[end - 1] == '}',
            "a placeholder span lies inside its argument, braces included");
      check(known(std::string_view(arg).substr(begin + 1, end - begin - 2)),
            "an accepted profile uses only known placeholders");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using dt::fuzz::check;
  dt::Profile profile;
  try {
    profile = dt::parse_profile(dt::fuzz::as_text(data, size), "fuzz.json");
  } catch (const dt::Error&) {
    return 0;  // refused with one line: what a bad profile must give
  }
  check(!profile.name.empty(), "an accepted profile has a name");
  check_argv(profile.build);
  check(!profile.steps.empty(), "an accepted profile has steps");
  for (const auto& step : profile.steps) {
    if (step.kind == dt::Step::Kind::run) check_argv(step.argv);
    if (step.kind == dt::Step::Kind::copy_rows)
      check(!step.table.empty(), "copy_rows names a table");
  }
  check(profile.discovery_steps >= 1 && profile.discovery_steps <= profile.steps.size(),
        "discovery_steps lies in [1, steps]");
  check(!profile.schemas.empty(), "an accepted profile has schemas");
  check(!profile.released_db.empty() && !profile.new_db.empty() &&
            profile.released_db != profile.new_db,
        "two different scratch names");
  check(profile.released_db.size() <= 63 && profile.new_db.size() <= 63,
        "scratch names PostgreSQL keeps whole");
  // The canonical form parses to the same profile (state fingerprints rely on it).
  const dt::Profile again = dt::parse_profile(profile.canonical, "canonical");
  check(again.canonical == profile.canonical && again.build == profile.build &&
            again.schemas == profile.schemas && again.released_db == profile.released_db &&
            again.new_db == profile.new_db && again.steps.size() == profile.steps.size(),
        "the canonical form is a fixed point");
  return 0;
}
