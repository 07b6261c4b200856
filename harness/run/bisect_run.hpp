#pragma once
// `data-test bisect`: the first commit after the released tag whose run FAILs, found by running
// data-test on the candidates git bisect would pick (bisect.hpp). Each candidate is one Run in
// its own work dir below <work-dir>/bisect/, its commit checked out as a worktree there (never in
// the operator's clone, whose HEAD, index, working tree and refs stay untouched) and removed
// through reclaim by the Run's cleanup; the released side is collected once and then copied
// from its snapshot.
#include "options.hpp"

namespace dt {

// Runs the search, printing one line per tested candidate and the answer (stdout), and writing
// <work-dir>/bisect.json after each step. Returns the exit status: 0 no commit fails (there is
// none to test), 1 found, 2 could not tell. Throws dt::Error when a candidate's run fails for
// another reason than its own build or steps, and dt::Interrupted; bisect.json then says so.
int bisect_command(const Options& options);

}  // namespace dt
