// A table's status: the one rule from verdict, content and --content (DRIFT, and FAIL under
// --content=fail), the status words, the content words report.json writes, drifted() and which
// tables get their evidence gathered and shown.
#include "core/verdict.hpp"

#include <gtest/gtest.h>

#include "core/model.hpp"

namespace dt {
namespace {

constexpr Verdict kVerdicts[] = {Verdict::pass, Verdict::flag, Verdict::fail, Verdict::unstable};
constexpr Content kContents[] = {Content::not_compared, Content::same, Content::changed};
constexpr ContentCheck kChecks[] = {ContentCheck::off, ContentCheck::on, ContentCheck::fail};

TableResult result(Verdict verdict, Content content) {
  TableResult r;
  r.schema = "app";
  r.table = "t";
  r.released_rows = r.new_rows = 7;
  r.verdict = verdict;
  r.content = content;
  return r;
}

TEST(TableStatus, OnlyAPassWhoseContentChangedIsDriftOrAFailUnderContentFail) {
  EXPECT_EQ(status(Verdict::pass, Content::changed, ContentCheck::on), Status::drift);
  EXPECT_EQ(status(Verdict::pass, Content::changed, ContentCheck::off), Status::drift);
  EXPECT_EQ(status(Verdict::pass, Content::changed, ContentCheck::fail), Status::fail);
  for (const ContentCheck check : kChecks) {
    EXPECT_EQ(status(Verdict::pass, Content::same, check), Status::pass);
    EXPECT_EQ(status(Verdict::pass, Content::not_compared, check), Status::pass);
    for (const Content content : kContents) {
      EXPECT_EQ(status(Verdict::flag, content, check), Status::flag);
      EXPECT_EQ(status(Verdict::fail, content, check), Status::fail);
      // Declared noise stays noise, whatever its content.
      EXPECT_EQ(status(Verdict::unstable, content, check), Status::unstable);
    }
  }
}

TEST(TableStatus, AResultAsTheRunLeftItAndTheVerdictItStandsFor) {
  EXPECT_EQ(status(result(Verdict::pass, Content::changed)), Status::drift);
  EXPECT_EQ(status(result(Verdict::pass, Content::changed), ContentCheck::fail), Status::fail);
  // --content=fail made the drift's verdict FAIL already: shown as FAIL.
  EXPECT_EQ(status(result(Verdict::fail, Content::changed)), Status::fail);
  EXPECT_EQ(status(result(Verdict::pass, Content::same)), Status::pass);
  EXPECT_EQ(verdict_of(Status::drift), Verdict::pass);
  for (const Verdict v : kVerdicts) {
    EXPECT_EQ(verdict_of(status(v, Content::not_compared, ContentCheck::fail)), v);
  }
  // The rule expected_verdict checks a saved state with, from the counts.
  TableResult drift = result(Verdict::pass, Content::changed);
  EXPECT_EQ(expected_verdict(drift, ContentCheck::on), Verdict::pass);
  EXPECT_EQ(expected_verdict(drift, ContentCheck::fail), Verdict::fail);
}

TEST(TableStatus, Words) {
  EXPECT_EQ(to_string(Status::pass), "PASS");
  EXPECT_EQ(to_string(Status::flag), "FLAG");
  EXPECT_EQ(to_string(Status::fail), "FAIL");
  EXPECT_EQ(to_string(Status::drift), "DRIFT");
  EXPECT_EQ(to_string(Status::unstable), "UNSTABLE");
  // Every status but DRIFT is named as its verdict.
  for (const Verdict v : kVerdicts) {
    EXPECT_EQ(to_string(status(v, Content::same, ContentCheck::on)), to_string(v));
  }
}

TEST(TableStatus, ContentWordsRoundTrip) {
  EXPECT_EQ(to_string(Content::not_compared), "");
  EXPECT_EQ(to_string(Content::same), "same");
  EXPECT_EQ(to_string(Content::changed), "changed");
  for (const Content c : kContents) EXPECT_EQ(content_from_string(to_string(c)), c);
  for (const char* other : {"similar", "Same", "CHANGED", " same", "null"}) {
    EXPECT_EQ(content_from_string(other), std::nullopt) << other;
  }
}

TEST(TableStatus, DriftedIsAChangedContentWhateverTheStatus) {
  EXPECT_TRUE(drifted(result(Verdict::pass, Content::changed)));
  EXPECT_TRUE(drifted(result(Verdict::fail, Content::changed)));      // --content=fail
  EXPECT_TRUE(drifted(result(Verdict::unstable, Content::changed)));  // declared afterwards
  EXPECT_FALSE(drifted(result(Verdict::pass, Content::same)));
  EXPECT_FALSE(drifted(result(Verdict::fail, Content::not_compared)));
}

TEST(TableStatus, EvidenceForAFailAndForAChangedContent) {
  EXPECT_TRUE(needs_evidence(result(Verdict::fail, Content::not_compared)));
  EXPECT_TRUE(needs_evidence(result(Verdict::fail, Content::changed)));
  EXPECT_TRUE(needs_evidence(result(Verdict::pass, Content::changed)));
  EXPECT_TRUE(needs_evidence(result(Verdict::unstable, Content::changed)));
  EXPECT_FALSE(needs_evidence(result(Verdict::unstable, Content::not_compared)));
  EXPECT_FALSE(needs_evidence(result(Verdict::pass, Content::same)));
  EXPECT_FALSE(needs_evidence(result(Verdict::flag, Content::not_compared)));
  // Shown only when there is some: a state from before evidence existed has none.
  TableResult fail = result(Verdict::fail, Content::not_compared);
  EXPECT_FALSE(shows_evidence(fail));
  fail.diagnosis.problems = {"schema delta: could not read the catalog"};
  EXPECT_TRUE(shows_evidence(fail));
  TableResult pass = result(Verdict::pass, Content::same);
  pass.diagnosis.problems = {"content: timed out"};
  EXPECT_FALSE(shows_evidence(pass));
}

}  // namespace
}  // namespace dt
