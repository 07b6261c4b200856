// The signal watchdog (db/cancel): a SIGTERM during a statement cancels it on the server and
// surfaces as dt::Interrupted, from the watchdog's own thread (TSan runs this test).
#include "db/cancel.hpp"

#include <chrono>
#include <csignal>
#include <thread>

#include <gtest/gtest.h>
#include <unistd.h>

#include "db/connection.hpp"
#include "support/cluster.hpp"
#include "util/error.hpp"
#include "util/signals.hpp"

namespace dt {
namespace {

using testing_support::ClusterTest;

class Cancel : public ClusterTest {
 protected:
  void TearDown() override { signals::clear_for_tests(); }
};

TEST_F(Cancel, SignalDuringAStatementCancelsItAndThrowsInterrupted) {
  signals::install();
  signals::clear_for_tests();
  auto conn = db::connect(cluster().params());
  std::thread sender([&] {
    // Signal only once the statement runs on the server (bounded wait: liveness only).
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline &&
           query("select 1 from pg_stat_activity where query = 'select pg_sleep(60)' and "
                 "state = 'active'")
               .empty()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ::kill(::getpid(), SIGTERM);
  });
  try {
    conn->exec("select pg_sleep(60)", "sleeping");
    sender.join();
    FAIL() << "expected dt::Interrupted";
  } catch (const Interrupted& e) {
    sender.join();
    EXPECT_EQ(e.signal(), SIGTERM);
  }
  signals::clear_for_tests();  // the checks below connect, which a pending signal stops
  // Cancelled on the server, not just abandoned by the client.
  EXPECT_TRUE(query("select 1 from pg_stat_activity where query = 'select pg_sleep(60)' and "
                    "state = 'active'")
                  .empty());
  // The same connection works again once the signal is handled.
  EXPECT_EQ(conn->scalar("select 1", "after the cancel"), "1");
}

}  // namespace
}  // namespace dt
