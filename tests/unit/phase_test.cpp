// Issue 26: the phase is a value (number, name, side) that Run acts on; its text is what the
// run printed before it was one, word for word.
#include "run/phase.hpp"

#include <gtest/gtest.h>

namespace dt {
namespace {

TEST(Phase, ANumberedPhaseRendersAsBefore) {
  const Phase phase{2, "provision scratch databases"};
  EXPECT_EQ(phase.text(), "phase 2/6 (provision scratch databases)");
  EXPECT_EQ(phase.label(), "provision scratch databases");
  EXPECT_EQ(phase.side, Phase::Side::none);
}

TEST(Phase, ASidesPhaseNamesTheSideInItsTextAndTiming) {
  const Phase fresh{4, "collect", Phase::Side::fresh};
  EXPECT_EQ(fresh.text(), "phase 4/6 (collect, new side)");
  EXPECT_EQ(fresh.label(), "collect, new side");
  const Phase released{4, "migrate", Phase::Side::released};
  EXPECT_EQ(released.text(), "phase 4/6 (migrate, released side)");
  // progress.json's records ("released collect") use the same side names.
  EXPECT_STREQ(released.side_name(), "released");
  EXPECT_STREQ(fresh.side_name(), "new");
  EXPECT_STREQ(Phase{}.side_name(), "");
}

TEST(Phase, ThePreflightIsNotNumbered) {
  const Phase preflight{0, "preflight (server checks)"};
  EXPECT_EQ(preflight.text(), "preflight (server checks)");
  EXPECT_TRUE(preflight.started());
}

TEST(Phase, NoPhaseBeforeTheRunStarts) {
  const Phase none;
  EXPECT_FALSE(none.started());
  EXPECT_EQ(none.number, 0);
}

}  // namespace
}  // namespace dt
