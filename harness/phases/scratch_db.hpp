#pragma once
// Phase 2: one scratch database on the operator's server, held for the run. Nothing is dropped
// that data-test did not make (see core/reclaim): each scratch database carries a mark naming
// the run that made it, and the run holds its advisory lock for as long as it lives.
#include <string>

#include "core/owner.hpp"
#include "core/server.hpp"

namespace dt {

class ScratchDatabase {
 public:
  // Takes name's lock, removes a leftover that is provably data-test's (force: also an
  // unmarked one; never the primary or a live run's), then creates and marks it. Throws
  // dt::Error, having dropped nothing foreign.
  ScratchDatabase(ServerSession& server, std::string name, const Mark& mark, bool force);
  // The same, but created as a copy of the released snapshot `from` (CREATE DATABASE ...
  // TEMPLATE), whose lock the session holds.
  struct Copy {
    std::string from;
  };
  ScratchDatabase(ServerSession& server, std::string name, const Mark& mark, bool force,
                  const Copy& copy);
  // Drops it (through reclaim) unless keep() was called; failures are warnings. When the
  // session holding the locks is gone, takes them again first, or leaves the database alone.
  // Takes name's lock and adopts the database an interrupted run collected (--resume): see
  // ServerSession::adopt_scratch. Dropped at the end like one this run created.
  struct Adopt {
    std::string oid;
    std::string previous_run;
  };
  ScratchDatabase(ServerSession& server, std::string name, const Mark& mark, const Adopt& adopt);
  ~ScratchDatabase() noexcept;
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  const std::string& name() const { return name_; }
  // Leave the database in place at destruction (--keep-dbs).
  void keep() { keep_ = true; }

 private:
  ServerSession& server_;
  std::string name_;
  bool keep_ = false;
};

// Drops the scratch database name through reclaim, after taking its lock; for --drop-dbs-only
// and cleanup. Returns false when there was none. Throws dt::Error when reclaim refuses.
bool drop_scratch(ServerSession& server, const std::string& name, bool force);

}  // namespace dt
