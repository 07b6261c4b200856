#include "support/cache_case.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "support/safety.hpp"
#include "util/process.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {

CacheCase make_cache_case(const std::string& name) {
  CacheCase c;
  c.name = name;
  c.clone = make_app_clone(name, "");
  c.config = make_operator_config(c.clone.parent_path());
  c.cache = fresh_dir(name + "-cache") / "data-test";
  c.counts = fresh_dir(name + "-counts");
  return c;
}

CaseRun run_case(CacheCase& c, const std::vector<std::string>& extra, const std::string& tag,
                 const fs::path& profile) {
  CaseRun run;
  run.work = fresh_dir(c.name + "-work-" + std::to_string(++c.runs));
  auto args = run_args(c.clone, run.work, c.config, profile.empty() ? c.profile : profile);
  const auto released = std::find(args.begin(), args.end(), "--released-tag");
  *(released + 1) = tag;
  args.insert(args.end(), {"--cache-dir", c.cache.string()});
  args.insert(args.end(), extra.begin(), extra.end());
  run.result = run_data_test(args);
  return run;
}

void tag_next_release(const fs::path& clone, const std::string& tag) {
  const auto committed = process::capture(
      {"git", "-c", "user.name=e2e", "-c", "user.email=e2e@example.org", "-c",
       "commit.gpgsign=false", "commit", "-q", "--allow-empty", "-m", "next release"},
      clone);
  ASSERT_EQ(committed.status, 0) << committed.err;
  ASSERT_EQ(process::capture({"git", "tag", tag}, clone).status, 0);
}

}  // namespace dt::e2e
