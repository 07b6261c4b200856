#include "util/redact.hpp"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

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

// Issue 23, item 8: a password as a postgresql:// URL writes it, percent-encoded.
TEST(Redact, APercentEncodedSecretIsMaskedInEveryCase) {
  dt::redact::add_secret("Pw!Secret/ 42");
  EXPECT_EQ(dt::redact::scrub("a Pw%21Secret%2F%2042 b Pw%21Secret%2f%2042 c Pw%21Secret%2F+42"),
            "a ******** b ******** c ********");
}

TEST(Redact, TheUserinfoPasswordOfAnyUrlIsMasked) {
  // Not registered, and escaped in a way no encoder above writes (%7E for an unreserved '~').
  EXPECT_EQ(dt::redact::scrub("at postgresql://app:Pw%7Eq%21@db.example:5432/app?sslmode=x"),
            "at postgresql://app:********@db.example:5432/app?sslmode=x");
  EXPECT_EQ(dt::redact::scrub("clone https://bot:ghp_abc@github.com/o/r failed"),
            "clone https://bot:********@github.com/o/r failed");
  // No password, a port, a path with '@' later, or a password masked already: nothing to do.
  for (const char* plain : {"postgresql://app@db:5432/app", "https://github.com:443/o/r@v1",
                            "a://:@b", "x://u:@h", "https://user:***@example.org/a"}) {
    EXPECT_EQ(dt::redact::scrub(plain), plain);
  }
}

TEST(Redact, ForgottenSecretsArePrintedAgain) {
  dt::redact::add_secret("forget-me-4k2");
  ASSERT_EQ(dt::redact::scrub("x forget-me-4k2"), "x ********");
  dt::redact::forget_secrets();
  EXPECT_EQ(dt::redact::scrub("x forget-me-4k2"), "x forget-me-4k2");
  // URL passwords are masked by their place, registered or not.
  EXPECT_EQ(dt::redact::scrub("postgresql://u:forget-me-4k2@h/db"), "postgresql://u:********@h/db");
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

// In a child, so that the test process stays dumpable: no core file and not dumpable (the
// e2e test reads the running binary's core limit; dumpability is not visible from outside to
// root, who runs CI).
TEST(Redact, AProtectedProcessLeavesNoCoreAndCannotBeDumped) {
  const pid_t child = ::fork();
  ASSERT_NE(child, -1);
  if (child == 0) {
    dt::redact::protect_process();
    rlimit core{};
    const bool no_core =
        ::getrlimit(RLIMIT_CORE, &core) == 0 && core.rlim_cur == 0 && core.rlim_max == 0;
    const bool not_dumpable = ::prctl(PR_GET_DUMPABLE) == 0;
    ::_exit((no_core ? 0 : 1) | (not_dumpable ? 0 : 2));
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "1: a core file is allowed, 2: still dumpable";
}

}  // namespace
