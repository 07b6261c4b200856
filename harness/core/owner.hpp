#pragma once
// Who a run is: written into every scratch database's mark, so that another run can tell a
// database whose maker still runs from a leftover, and an operator can see who made it.
#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace dt {

struct Owner {
  std::string run;  // a random id, unique per run
  std::string user;
  std::string host;
  pid_t pid = 0;
  unsigned long long start_ticks = 0;  // the process's start time, with boot: pid reuse-proof
  std::string boot;                    // the host's boot id
  bool operator==(const Owner& o) const { return run == o.run; }
};

// This process's owner record (the same for the whole run).
const Owner& this_run();

// "user@host pid 123 (run 1a2b3c4d)": for messages.
std::string describe(const Owner& owner);

// True when owner's process still runs. Only answerable on its own host and boot: nullopt
// elsewhere (the caller then relies on the advisory lock).
std::optional<bool> owner_alive(const Owner& owner);

// The scratch mark: kScratchMark followed by the owner and side as JSON, stored as the
// database's comment. Rails writes its environment into the database for the same reason: the
// mark travels with the data, a name does not.
inline constexpr std::string_view kScratchMark = "data-test scratch database";

struct Mark {
  Owner owner;       // empty run for a mark written by data-test before owners were recorded
  std::string side;  // "released", "new", or "snapshot" for a kept released collection
  std::string profile;
  std::string created;
  // A snapshot's identity (what it is a collection of: see snapshot.hpp); empty otherwise.
  std::map<std::string, std::string> of;
};

// The comment text for a new scratch database.
std::string render_mark(const Mark& mark);
// The mark in a database comment, or nullopt when the comment is not data-test's.
std::optional<Mark> parse_mark(std::string_view comment);

}  // namespace dt
