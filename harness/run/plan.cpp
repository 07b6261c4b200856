#include "run/plan.hpp"

#include <fmt/format.h>

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

Profile load_profile(const Options& options) {
  if (!options.profile) return builtin_profile();
  return parse_profile(file::read_text(*options.profile, "profile"), *options.profile);
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
  const fs::path path =
      options.config ? fs::path(*options.config) : source_dir / (profile.name + ".json");
  return load_app_config(path);
}

Plan make_plan(const Options& options) {
  register_repo_secrets(options.repo);
  Profile profile = load_profile(options);
  const fs::path source_dir = find_source_dir(options);
  AppConfig config = load_config(options, profile, source_dir);
  if (config.db.dbname == profile.released_db || config.db.dbname == profile.new_db) {
    throw Error(fmt::format(
        "the primary database '{}' has the name of a scratch database in the profile; data-test "
        "would drop it — give the profile other \"databases\" names",
        config.db.dbname));
  }
  const std::string commit = resolve_tag(source_dir, options.released_tag);
  WorkDir work_dir = open_work_dir(options, profile, source_dir);
  Plan plan{options, std::move(profile), std::move(config), source_dir, std::move(work_dir), {}, {},
            {}};
  plan.inputs.released_commit = commit;
  // The work dir may lie inside the clone (a CTest build tree): its files are not the tree's.
  plan.inputs.tree_fingerprint = working_tree_fingerprint(source_dir, plan.work_dir.path());
  plan.repo_shown = shown_repo(options.repo);
  plan.inputs.repo = plan.repo_shown;
  plan.inputs.profile = plan.profile.canonical;
  plan.local_version = describe_working_tree(source_dir, plan.work_dir.path());
  return plan;
}

}  // namespace dt
