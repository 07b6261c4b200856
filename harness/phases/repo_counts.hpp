#pragma once
// The per-repository breakdown: each side's rows per test repository for every table that has
// the profile's repo_column, and their merge into the table results.
#include <string>
#include <vector>

#include "core/app_profile.hpp"
#include "core/model.hpp"
#include "db/conninfo.hpp"

namespace dt {

// For each base table of `schemas` with a column named `column`: its rows per repository of
// `repos` (the URLs as the collector was given them), matched through `lookup` (URL -> id) read
// on the same side; rows with NULL or an id of no test repository count as `other`. All in one
// snapshot. A side without the lookup table attributes every row to `other`.
std::vector<RepoTableCounts> count_by_repo(const ConnParams& db,
                                           const std::vector<std::string>& schemas,
                                           const std::string& column, const RepoLookup& lookup,
                                           const std::vector<std::string>& repos);

// Fills results[i].by_repo from both sides' counts (a table missing on one side counts 0
// there): one entry per repository in order, named by repos_shown, then kOtherRepos when either
// side has such rows. Pure.
void attach_repo_results(std::vector<TableResult>& results,
                         const std::vector<RepoTableCounts>& released,
                         const std::vector<RepoTableCounts>& fresh,
                         const std::vector<std::string>& repos_shown);

}  // namespace dt
