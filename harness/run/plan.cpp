#include "run/plan.hpp"

#include <cstdlib>

#include <fmt/format.h>

#include "core/cache_dir.hpp"
#include "core/repo_url.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "worktree.hpp"

namespace dt {
namespace {

namespace fs = std::filesystem;

// The work dir must not hold the clone: its pathspec exclusion would hide the whole tree from
// change detection, and the password-bearing configs would land in the working tree.
void require_outside_clone(const fs::path& work_dir, const fs::path& clone) {
  if (file::lexically_within(clone, work_dir)) {
    throw Error(fmt::format(
        "work dir '{}' is the application's clone '{}' or contains it; pass --work-dir with a "
        "directory outside the clone or below it (e.g. '{}')",
        work_dir.string(), clone.string(), (clone / "build" / "data-test").string()));
  }
}

WorkDir open_work_dir(const Options& options, const Profile& profile, const fs::path& clone) {
  if (!options.work_dir) {
    return WorkDir::create_default(fmt::format("{}-data-test-{}", profile.name, utc_now_compact()));
  }
  // Checked before the directory is made or adopted, and again on the resolved path.
  const fs::path requested = file::absolute(*options.work_dir);
  require_outside_clone(requested, clone);
  WorkDir dir = WorkDir::open(requested);
  require_outside_clone(dir.path(), clone);
  return dir;
}

}  // namespace

bool is_aveloxis(const fs::path& source_dir) {
  const auto go_mod = file::read_text_if_exists(source_dir / "go.mod", "go.mod");
  if (!go_mod || !file::is_directory(source_dir / "cmd" / "aveloxis")) return false;
  // The first "module <path>" line.
  std::size_t start = 0;
  while (start < go_mod->size()) {
    std::size_t end = go_mod->find('\n', start);
    if (end == std::string::npos) end = go_mod->size();
    std::string line = go_mod->substr(start, end - start);
    start = end + 1;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.rfind("module ", 0) != 0) continue;
    std::string module = line.substr(7);
    while (!module.empty() && module.front() == ' ') module.erase(0, 1);
    if (module.size() >= 2 && module.front() == '"' && module.back() == '"') {
      module = module.substr(1, module.size() - 2);
    }
    const std::string suffix = "/aveloxis";
    return module == "aveloxis" ||
           (module.size() > suffix.size() &&
            module.compare(module.size() - suffix.size(), suffix.size(), suffix) == 0);
  }
  return false;
}

ProfileSource find_profile(const Options& options, const fs::path& source_dir) {
  if (options.profile) {
    return {*options.profile, file::read_input(*options.profile, "profile")};
  }
  const fs::path at_root = source_dir / "data-test.json";
  if (auto text = file::read_input_if_exists(at_root, "profile")) {
    return {at_root.string(), std::move(*text)};
  }
  if (is_aveloxis(source_dir)) return {"built-in", std::nullopt};
  throw Error(fmt::format(
      "no profile for '{}': it has no data-test.json at its root and is not Aveloxis (the "
      "built-in profile); write a data-test.json there that says how to build the application, "
      "which steps fill its database and which schemas to compare (see "
      "docs/profile-format.md), or pass --profile PATH",
      source_dir.string()));
}

Profile load_profile(const Options& options, const fs::path& source_dir) {
  ProfileSource source = find_profile(options, source_dir);
  Profile profile = source.text ? parse_profile(*source.text, source.origin) : builtin_profile();
  // The working tree's own declarations sit beside the profile's (a release branch carries its
  // own file, whatever profile the run uses).
  profile.accepted =
      merge_accepted(std::move(profile.accepted), read_accepted_file(source_dir, profile.schemas));
  return profile;
}

fs::path find_source_dir(const Options& options) {
  const fs::path start = options.source_dir ? fs::path(*options.source_dir) : file::current_dir();
  if (options.source_dir && !file::is_directory(start)) {
    throw Error(fmt::format(
        "source dir '{}' does not exist; pass --source-dir with the application's clone",
        start.string()));
  }
  return file::canonical(git_toplevel(start));
}

AppConfig load_config(const Options& options, const Profile& profile, const fs::path& source_dir) {
  const Connection& how = profile.connection;
  if (how.from != Connection::From::file) {
    const std::string where = how.from == Connection::From::url_env
                                  ? fmt::format("the environment variable {}", how.variable)
                                  : std::string("libpq's PG* environment variables");
    if (options.config) {
      throw Error(fmt::format(
          "--config '{}' is given, but the profile's connection reads the database from {}, as "
          "the application does; drop --config and set {}",
          *options.config, where, how.from == Connection::From::url_env ? how.variable : "them"));
    }
    return primary_from_environment(how, [](const char* name) { return std::getenv(name); });
  }
  fs::path path;
  if (options.config) {
    path = *options.config;
  } else if (!how.path.empty()) {
    path = source_dir / how.path;
  } else {
    path = source_dir / (profile.name + ".json");
  }
  return load_app_config(path, how);
}

void check_config_for_run(const AppConfig& config, const Profile& profile) {
  if (config.db.dbname == profile.released_db || config.db.dbname == profile.new_db ||
      config.db.dbname == profile.upgraded_db) {
    throw Error(fmt::format(
        "the primary database '{}' has the name of a scratch database in the profile; data-test "
        "would drop it — give the profile other \"databases\" names",
        config.db.dbname));
  }
  // Phase 3 writes these; a config that cannot be rewritten fails here, not after the builds.
  if (config.connection.from == Connection::From::file) {
    for (const std::string& name : {profile.released_db, profile.new_db, profile.upgraded_db}) {
      (void)scratch_config_text(config, name);
    }
  }
}

Plan make_plan(const Options& options) {
  std::vector<std::string> repos = load_repos(options);
  for (const auto& repo : repos) register_repo_secrets(repo);
  const fs::path source_dir = find_source_dir(options);
  Profile profile = load_profile(options, source_dir);
  AppConfig config = load_config(options, profile, source_dir);
  check_config_for_run(config, profile);
  const std::string commit = resolve_tag(source_dir, options.released_tag);
  WorkDir work_dir = open_work_dir(options, profile, source_dir);
  Plan plan{options,
            std::move(profile),
            std::move(config),
            source_dir,
            std::move(work_dir),
            {},
            {},
            {},
            {},
            {},
            {},
            {}};
  plan.cache_dir =
      options.cache_dir ? file::absolute(*options.cache_dir) : CacheDir::default_path();
  // Before anything is built: a cache dir that is not data-test's is refused now, not later.
  if (!plan.cache_dir.empty()) CacheDir::check(plan.cache_dir);
  plan.inputs.released_commit = commit;
  // The work dir and a build tree may lie inside the clone (CTest's): their files are not the
  // tree's, and CTest writes there on every run.
  std::vector<std::filesystem::path> excludes{plan.work_dir.path()};
  for (const auto& dir : options.fingerprint_excludes) excludes.push_back(file::absolute(dir));
  plan.inputs.tree_fingerprint = working_tree_fingerprint(source_dir, excludes);
  plan.tree_excludes = excludes;
  plan.repos = std::move(repos);
  for (const auto& repo : plan.repos) {
    plan.repos_shown.push_back(shown_repo(repo));
    plan.repo_shown += (plan.repo_shown.empty() ? "" : ", ") + plan.repos_shown.back();
    // One per line: the order is part of the input (both sides collect in that order).
    plan.inputs.repo += (plan.inputs.repo.empty() ? "" : "\n") + plan.repos_shown.back();
  }
  plan.inputs.profile = plan.profile.canonical;
  plan.inputs.collection = plan.profile.collection;
  plan.local_version = describe_working_tree(source_dir, excludes);
  return plan;
}

}  // namespace dt
