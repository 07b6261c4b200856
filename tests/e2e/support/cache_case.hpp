#pragma once
// One test's own example clone, operator config and cache dir, run again and again in numbered
// fresh work dirs: what the build-cache, snapshot and cache-prune tests share.
#include <filesystem>
#include <string>
#include <vector>

#include "support/e2e.hpp"

namespace dt::e2e {

// The case: made by make_cache_case, the profile set by the test.
struct CacheCase {
  std::string name;
  std::filesystem::path clone;    // the example application, tagged v1.0, no scenario
  std::filesystem::path config;   // its operator config
  std::filesystem::path cache;    // the --cache-dir (not made yet: data-test makes it)
  std::filesystem::path counts;   // an empty directory for the files a profile counts in
  std::filesystem::path profile;  // the profile most of its runs use
  int runs = 0;                   // its runs so far, which number their work dirs
};

// A case named `name` (its directories are named after it); its profile is left empty.
CacheCase make_cache_case(const std::string& name);

// One run of a case and its work dir.
struct CaseRun {
  Result result;
  std::filesystem::path work;
};

// The case's next run in a fresh work dir (<name>-work-<n>): `profile` (the case's when empty),
// released tag `tag`, the case's --cache-dir, then extra.
CaseRun run_case(CacheCase& c, const std::vector<std::string>& extra = {},
                 const std::string& tag = "v1.0", const std::filesystem::path& profile = {});

// Commits an empty change to clone and tags it `tag`: a release whose only difference is its
// commit (fails the test when git does not).
void tag_next_release(const std::filesystem::path& clone, const std::string& tag);

}  // namespace dt::e2e
