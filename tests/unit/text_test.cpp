#include "util/text.hpp"

#include <gtest/gtest.h>

#include "util/redact.hpp"

namespace {

TEST(Text, Fnv1a64MatchesTheReferenceValues) {
  // Published FNV-1a 64 test vectors.
  EXPECT_EQ(dt::text::fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(dt::text::fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(dt::text::fnv1a64("foobar"), 0x85944171f73967e8ULL);
}

TEST(Text, FieldsCannotShiftBoundaries) {
  dt::text::Fnv1a64 a, b;
  a.field("ab");
  a.field("c");
  b.field("a");
  b.field("bc");
  EXPECT_NE(a.value(), b.value());
  EXPECT_EQ(a.hex().size(), 16u);
}

TEST(Text, FirstLineIsTrimmedAndMessageLineScrubbed) {
  dt::redact::add_secret("hunter2-secret");
  EXPECT_EQ(dt::text::scrubbed_first_line("FATAL: bad hunter2-secret  \r\nDETAIL: more"),
            "FATAL: bad ********");
  // first_line reads data (a password file, say): it must return the secret itself.
  EXPECT_EQ(dt::text::first_line("hunter2-secret\n"), "hunter2-secret");
  EXPECT_EQ(dt::text::first_line(""), "");
}

TEST(Text, LowerChangesOnlyAsciiLetters) {
  EXPECT_EQ(dt::text::lower("NextVal(Now()) ÄB_9"), "nextval(now()) Äb_9");
  EXPECT_EQ(dt::text::lower(""), "");
}

}  // namespace
