#include "scratch_db.hpp"

#include <fmt/format.h>

#include "core/reclaim.hpp"
#include "util/log.hpp"
#include "util/signals.hpp"

namespace dt {
namespace {

// LockLost, or a statement whose session went away (a server restart during the drop).
bool session_lost(const Error& e) {
  return e.cause() == Cause::lock_lost || e.cause() == Cause::connection_lost;
}

}  // namespace

ScratchDatabase::ScratchDatabase(ServerSession& server, std::string name, const Mark& mark,
                                 bool force)
    : ScratchDatabase(server, std::move(name), mark, force, Copy{}) {}

ScratchDatabase::ScratchDatabase(ServerSession& server, std::string name, const Mark& mark,
                                 bool force, const Copy& copy)
    : server_(server), name_(std::move(name)) {
  server_.lock(name_);
  reclaim::reclaim(reclaim::Database{&server_, name_, force});
  try {
    if (copy.from.empty()) {
      server_.create_scratch(name_, mark);
    } else {
      server_.create_from(name_, copy.from, mark);
    }
  } catch (const Error&) {
    // Made but unmarked, it would be refused by every later run: this run's record of making
    // it is the proof that lets reclaim take it away again.
    try {
      reclaim::reclaim(reclaim::Database{&server_, name_, false});
    } catch (const std::exception& e) {
      log::warn(e.what());
    }
    throw;
  }
}

ScratchDatabase::ScratchDatabase(ServerSession& server, std::string name, const Mark& mark,
                                 const Adopt& adopt)
    : server_(server), name_(std::move(name)) {
  server_.lock(name_);
  server_.adopt_scratch(name_, adopt.oid, adopt.previous_run, mark);
}

ScratchDatabase::~ScratchDatabase() noexcept {
  if (keep_) {
    log::info(fmt::format("keeping the scratch database '{}'", name_));
    return;
  }
  signals::Shield shield;
  try {
    try {
      reclaim::reclaim(reclaim::Database{&server_, name_, false});
    } catch (const Error& e) {
      // The lock's session ended (before or during the drop): with the lock taken again, the
      // mark still proves it ours.
      if (!session_lost(e) || !server_.relock()) throw;
      reclaim::reclaim(reclaim::Database{&server_, name_, false});
    }
  } catch (const std::exception& e) {
    log::warn(fmt::format("cannot drop the scratch database '{}': {}", name_, e.what()));
  }
}

bool drop_scratch(ServerSession& server, const std::string& name, bool force) {
  server.lock(name);
  if (!server.oid_of(name)) return false;
  reclaim::reclaim(reclaim::Database{&server, name, force});
  return true;
}

}  // namespace dt
