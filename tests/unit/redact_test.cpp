#include "util/redact.hpp"

#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace {

TEST(Redact, ReplacesEveryOccurrence) {
  dt::redact::add_secret("hunter2-secret");
  EXPECT_EQ(dt::redact::scrub("pw=hunter2-secret and again hunter2-secret."),
            "pw=******** and again ********.");
}

TEST(Redact, LeavesOtherTextAlone) {
  dt::redact::add_secret("zq-unique-zq");
  EXPECT_EQ(dt::redact::scrub("nothing secret here"), "nothing secret here");
}

TEST(Redact, IgnoresShortAndEmptySecrets) {
  dt::redact::add_secret("");
  dt::redact::add_secret("abc");
  EXPECT_EQ(dt::redact::scrub("abcabc"), "abcabc");
}

TEST(Redact, LongestSecretFirst) {
  // If "tokenXY" went first, "tokenXY-extended" would leave "-extended" behind.
  dt::redact::add_secret("tokenXY");
  dt::redact::add_secret("tokenXY-extended");
  EXPECT_EQ(dt::redact::scrub("a tokenXY-extended b tokenXY"), "a ******** b ********");
}

TEST(Redact, ConcurrentUse) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t] {
      for (int i = 0; i < 200; ++i) {
        dt::redact::add_secret("thread-secret-" + std::to_string(t) + "-" + std::to_string(i));
        (void)dt::redact::scrub("some text thread-secret-0-0");
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(dt::redact::scrub("x thread-secret-3-199 y"), "x ******** y");
}

}  // namespace
