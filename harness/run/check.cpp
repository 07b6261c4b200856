#include "run/check.hpp"

#include <optional>

#include <fmt/format.h>

#include "copy_rows.hpp"
#include "core/accepted.hpp"
#include "core/reclaim.hpp"
#include "core/repo_url.hpp"
#include "core/server.hpp"
#include "run/plan.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/signals.hpp"
#include "worktree.hpp"

namespace dt {
namespace {

namespace fs = std::filesystem;

// Runs one check: its dt::Error becomes a problem line. Returns false when it failed.
template <typename F>
bool attempt_check(CheckResult& result, F&& check) {
  try {
    check();
    return true;
  } catch (const Interrupted&) {
    throw;
  } catch (const Error& e) {
    result.problems.emplace_back(e.what());
    return false;
  }
}

// <source-dir>/data-test.accepted.json: each schema problem on its own line, then the rules a
// schema cannot state (known schemas, max_lost only for a loss, a table in one place only).
void check_accepted(const fs::path& source_dir, Profile& profile, CheckResult& result) {
  const fs::path path = source_dir / kAcceptedFile;
  std::optional<std::string> text;
  if (!attempt_check(result,
                     [&] { text = file::read_input_if_exists(path, "accepted changes"); })) {
    return;
  }
  if (!text) return;
  const std::string origin = fmt::format("accepted changes '{}'", path.string());
  const auto problems = accepted_schema_problems(*text, origin);
  if (!problems.empty()) {
    result.problems.insert(result.problems.end(), problems.begin(), problems.end());
    return;
  }
  attempt_check(result, [&] {
    auto from_file = parse_accepted(json::parse(*text, origin), origin, profile.schemas);
    const std::size_t n = from_file.size();
    profile.accepted = merge_accepted(std::move(profile.accepted), std::move(from_file));
    result.passed.push_back(fmt::format("{}: valid ({} table{})", origin, n, n == 1 ? "" : "s"));
  });
}

std::optional<Profile> check_profile(const Options& options, const fs::path& source_dir,
                                     CheckResult& result) {
  std::optional<ProfileSource> source;
  if (!attempt_check(result, [&] { source = find_profile(options, source_dir); }))
    return std::nullopt;
  if (source->text) {
    const auto problems = schema_problems(*source->text, source->origin);
    if (!problems.empty()) {
      result.problems.insert(result.problems.end(), problems.begin(), problems.end());
      return std::nullopt;
    }
  }
  std::optional<Profile> profile;
  attempt_check(result, [&] {
    profile = source->text ? parse_profile(*source->text, source->origin) : builtin_profile();
    result.passed.push_back(fmt::format("profile '{}' ({}): valid", source->origin, profile->name));
  });
  if (profile) check_accepted(source_dir, *profile, result);
  return profile;
}

void check_server(const Options& options, const Profile& profile, const AppConfig& config,
                  CheckResult& result) {
  std::unique_ptr<ServerSession> server;
  if (!attempt_check(result, [&] { server = std::make_unique<ServerSession>(config.db); })) return;
  result.passed.push_back(fmt::format("server: reached, primary database '{}'", config.db.dbname));
  if (attempt_check(result, [&] { server->require_createdb(); })) {
    result.passed.emplace_back("server: the role may create databases (CREATEDB)");
  }
  std::vector<std::string> names = {profile.released_db, profile.new_db};
  if (!options.no_upgrade) names.push_back(profile.upgraded_db);
  for (const std::string& name : names) {
    if (attempt_check(result, [&] {
          server->lock(name);
          reclaim::check(reclaim::Database{server.get(), name, options.force_drop});
        })) {
      result.passed.push_back(
          fmt::format("server: scratch database '{}' is free or data-test's", name));
    }
  }
  for (const Step& step : profile.steps) {
    if (step.kind != Step::Kind::copy_rows) continue;
    attempt_check(result, [&] {
      const long long rows = register_table_secrets(config.db, step.table);
      result.passed.push_back(fmt::format("server: copy_rows table '{}' has {} row(s) in '{}'",
                                          step.table, rows, config.db.dbname));
    });
  }
}

}  // namespace

CheckResult check_inputs(const Options& options) {
  CheckResult result;
  attempt_check(result, [&] {
    const auto repos = load_repos(options);
    for (const auto& repo : repos) register_repo_secrets(repo);
    result.passed.push_back(
        fmt::format("{} test repositor{}", repos.size(), repos.size() == 1 ? "y" : "ies"));
    // data-test never puts them in argv itself, but {repo} in a step does: say so before a run.
    for (const auto& repo : repos) {
      if (shown_repo(repo) == repo) continue;
      result.notes.push_back(fmt::format(
          "the repository '{}' carries credentials in its URL; the steps get them through "
          "{{repo}} in their argv, which other local users can read (ps): prefer the "
          "application's own credential store (e.g. a git credential helper) and a URL without "
          "them",
          shown_repo(repo)));
    }
  });
  fs::path source_dir;
  if (!attempt_check(result, [&] { source_dir = find_source_dir(options); })) return result;
  if (attempt_check(result, [&] { resolve_tag(source_dir, options.released_tag); })) {
    result.passed.push_back(fmt::format("tag '{}' resolves", options.released_tag));
  }
  const std::optional<Profile> profile = check_profile(options, source_dir, result);
  if (!profile) return result;
  std::optional<AppConfig> config;
  if (!attempt_check(result, [&] {
        config = load_config(options, *profile, source_dir);
        check_config_for_run(*config, *profile);
      })) {
    return result;
  }
  result.passed.push_back(config->path.empty()
                              ? std::string("connection: read from the environment")
                              : fmt::format("config '{}': valid", config->path.string()));
  signals::throw_if_interrupted();
  check_server(options, *profile, *config, result);
  return result;
}

}  // namespace dt
