// The profile's commands: build, toolchain, steps and upgrade_steps, with their placeholders
// (see profile.hpp).
#include <algorithm>
#include <cstdint>

#include <fmt/format.h>

#include "core/model.hpp"
#include "profile.hpp"
#include "util/error.hpp"

namespace dt {
namespace {

using json::Json;

bool known_placeholder(std::string_view name) {
  return std::find(kPlaceholderNames.begin(), kPlaceholderNames.end(), name) !=
         kPlaceholderNames.end();
}

std::string known_list() {
  std::string out;
  for (auto name : kPlaceholderNames) {
    if (!out.empty()) out += ' ';
    out += fmt::format("{{{}}}", name);
  }
  return out;
}

// A non-empty array of strings; the first (the program) must not be empty. `build` is true
// for the build command (it runs once per side, so {repo} means nothing there).
std::vector<std::string> argv(const ProfileCheck& check, Connection::From from, const Json& value,
                              std::string_view where, bool build) {
  if (!value.is_array() || value.empty()) {
    check.fail(
        fmt::format(R"({} must be a non-empty array of strings, e.g. ["make", "{{bin}}"])", where));
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto item_where = fmt::format("{}[{}]", where, i);
    out.push_back(check.string(value[i], item_where, i != 0));
    for (const auto& [begin, end] : placeholder_spans(out.back())) {
      const std::string_view name(out.back().data() + begin + 1, end - begin - 2);
      if (!known_placeholder(name)) {
        check.fail(fmt::format("{}: unknown placeholder '{{{}}}'; known: {}", item_where, name,
                               known_list()));
      }
      if (name == "config" && from != Connection::From::file) {
        check.fail(fmt::format(
            "{}: '{{config}}' needs a connection from a file, and this profile's connection "
            "is from the environment; use {{dbname}} or {{database_url}}, or drop the "
            "argument",
            item_where));
      }
      if (name == "repo" && build) {
        check.fail(
            fmt::format("{}: '{{repo}}' cannot be used in build (it runs once per side, "
                        "not per repository); use it in a step",
                        item_where));
      }
    }
  }
  return out;
}

// A copy_rows step's table: schema.table, not longer than kMaxQualified.
std::string copy_rows_table(const ProfileCheck& check, const Json& body, const std::string& where) {
  auto table = check.string(body, where + ".copy_rows", false);
  if (table.size() > kMaxQualified) {
    check.fail(fmt::format("{}.copy_rows is longer than {} bytes; name one table as schema.table",
                           where, kMaxQualified));
  }
  try {
    split_qualified(table);
  } catch (const Error& e) {
    check.fail(fmt::format("{}.copy_rows: {}", where, e.what()));
  }
  return table;
}

// A step's "once" (run steps only), and a once step's {repo} only as a whole argument.
void once(const ProfileCheck& check, const Json& value, const std::string& where, Step& step) {
  if (value.contains("once")) {
    if (step.kind != Step::Kind::run) {
      check.fail(
          fmt::format("{}.once applies to run steps only (copy_rows runs once anyway)", where));
    }
    if (!value["once"].is_boolean()) {
      check.fail(fmt::format("{}.once must be true or false, got {}", where, value["once"].dump()));
    }
    step.once = value["once"].get<bool>();
  }
  if (step.once) {
    for (std::size_t i = 0; i < step.argv.size(); ++i) {
      if (step.argv[i] != "{repo}" && uses_placeholder({step.argv[i]}, "repo")) {
        check.fail(fmt::format(
            "{}.run[{}]: a once step takes '{{repo}}' only as a whole argument (it becomes "
            "every repository, one argument each)",
            where, i));
      }
    }
  }
}

// One step of `list` ("steps" or "upgrade_steps").
Step step(const ProfileCheck& check, Connection::From from, const Json& value,
          std::string_view list, std::size_t index) {
  const auto where = fmt::format("{}[{}]", list, index);
  const std::string_view shape =
      R"(a step is {"run": ["program", "arg", ...]} (with "once": true to run a {repo} )"
      R"(step once for all repositories) or {"copy_rows": "schema.table"})";
  if (!value.is_object() || value.empty()) {
    check.fail(fmt::format("{}: unknown step {}; {}", where, value.dump(), shape));
  }
  std::vector<std::string> kinds;
  for (auto it = value.begin(); it != value.end(); ++it) {  // not items(): a temporary proxy
    if (it.key() != "once") kinds.push_back(it.key());
  }
  if (kinds.size() != 1) {
    check.fail(fmt::format("{}: unknown step {}; {}", where, value.dump(), shape));
  }
  const std::string& key = kinds.front();
  const Json& body = value[key];
  Step step;
  if (key == "run") {
    step.kind = Step::Kind::run;
    step.argv = argv(check, from, body, where + ".run", false);
  } else if (key == "copy_rows") {
    step.kind = Step::Kind::copy_rows;
    step.table = copy_rows_table(check, body, where);
  } else {
    check.fail(fmt::format("{}: unknown step '{}'; {}", where, key, shape));
  }
  once(check, value, where, step);
  return step;
}

}  // namespace

void parse_steps(const json::Json& doc, std::string_view origin, Profile& profile) {
  const ProfileCheck check(origin);
  const auto from = profile.connection.from;
  profile.build = argv(check, from, doc["build"], "build", true);
  if (doc.contains("toolchain")) {
    profile.toolchain = argv(check, from, doc["toolchain"], "toolchain", true);
  }
  const Json& steps = doc["steps"];
  if (!steps.is_array() || steps.empty()) {
    check.fail(R"(steps must be a non-empty array of steps, e.g. [{"run": ["{bin}", "migrate"]}])");
  }
  for (std::size_t i = 0; i < steps.size(); ++i)
    profile.steps.push_back(step(check, from, steps[i], "steps", i));
}

void parse_upgrade_steps(const json::Json& doc, std::string_view origin, Profile& profile) {
  const ProfileCheck check(origin);
  const Json& steps = doc["steps"];
  if (doc.contains("discovery_steps")) {
    const Json& n = doc["discovery_steps"];
    const bool integral = n.is_number_integer();
    const auto count = steps.size();
    if (!integral || n.get<std::int64_t>() < 1 ||
        static_cast<std::uint64_t>(n.get<std::int64_t>()) > count) {
      check.fail(fmt::format(
          "discovery_steps must be an integer from 1 to {} (the number of steps), got {}", count,
          n.dump()));
    }
    profile.discovery_steps = static_cast<std::size_t>(n.get<std::int64_t>());
  }
  if (doc.contains("upgrade_steps")) {
    const Json& list = doc["upgrade_steps"];
    if (!list.is_array() || list.empty()) {
      check.fail(
          R"(upgrade_steps must be a non-empty array of steps, e.g. [{"run": ["{bin}", "migrate"]}])");
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      profile.upgrade_steps.push_back(
          step(check, profile.connection.from, list[i], "upgrade_steps", i));
    }
  } else {
    profile.upgrade_steps.assign(
        profile.steps.begin(),
        profile.steps.begin() + static_cast<std::ptrdiff_t>(profile.discovery_steps));
  }
}

}  // namespace dt
