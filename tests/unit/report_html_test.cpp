// report.html: self-contained, escaped, tables in the order a reader needs, evidence folded.
#include "report_html.hpp"

#include <gtest/gtest.h>

#include "compare.hpp"

namespace dt {
namespace {

std::vector<TableResult> results() {
  auto r = compare({{"s", "small_loss", 10},
                    {"s", "big_loss", 100},
                    {"s", "gain", 1},
                    {"s", "same", 5},
                    {"s", "drift", 5},
                    {"s", "bigger_gain", 1}},
                   {{"s", "small_loss", 9},
                    {"s", "big_loss", 10},
                    {"s", "gain", 2},
                    {"s", "same", 5},
                    {"s", "drift", 5},
                    {"s", "bigger_gain", 50}});
  for (auto& t : r) {
    if (t.table == "drift" || t.table == "small_loss") {
      t.content = t.table == "drift" ? Content::changed : Content::not_compared;
      t.diagnosis.log = {{"new", "/w/logs/new.log", 0, {}}};
    }
    if (t.table == "big_loss") {
      t.diagnosis.changes = {{"FK_ADDED", "f", {"a<b>"}, "not deferrable", "FK"}};
      RowEvidence lost;
      lost.total = 90;
      lost.sample.columns = {"a<b>"};
      lost.sample.rows = {{"<script>alert(1)</script>"}, {std::nullopt}};
      t.diagnosis.lost = lost;
      t.diagnosis.log = {{"new", "/w/logs/new.log", 3, {"WARN \"x\" & 'y'"}}};
    }
  }
  return r;
}

TEST(Html, OrderFailByLossThenFlagThenDriftThenPass) {
  const auto r = results();
  std::vector<std::string> order;
  for (const TableResult* t : html_order(r)) order.push_back(t->table);
  EXPECT_EQ(order, (std::vector<std::string>{"big_loss", "small_loss", "bigger_gain", "gain",
                                             "drift", "same"}));
}

TEST(Html, SelfContainedEscapedAndFolded) {
  RunInfo info;
  info.profile_name = "a<p>p";
  info.content_check = ContentCheck::on;
  const std::string html = render_html(info, results());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("Content-Security-Policy\" content=\"default-src 'none'"), std::string::npos);
  for (const char* outside :
       {"http://", "https://", "src=", "<link", "@import", "url(", "<script>alert"}) {
    EXPECT_EQ(html.find(outside), std::string::npos) << outside;
  }
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("<title>a&lt;p&gt;p data-test report</title>"), std::string::npos);
  EXPECT_NE(html.find("WARN &quot;x&quot; &amp; &#39;y&#39;"), std::string::npos);
  // The cause is in the row; the rows and lines are folded in <details> beside it.
  const auto row = html.find("<td>s.big_loss</td>");
  const auto cause = html.find("FK_ADDED: foreign key added on a&lt;b&gt;, not deferrable");
  const auto details = html.find(
      "<details><summary>Evidence: 1 schema change, 90 lost rows, 3 log "
      "lines</summary>");
  ASSERT_NE(row, std::string::npos);
  EXPECT_LT(row, cause);
  EXPECT_LT(cause, details);
  EXPECT_LT(details, html.find("&lt;script&gt;"));
  EXPECT_NE(html.find("<td class=\"null\">NULL</td>"), std::string::npos);
  EXPECT_NE(html.find("badge DRIFT\">DRIFT"), std::string::npos);
  EXPECT_NE(html.find("<span>1 DRIFT</span>"), std::string::npos);
  EXPECT_NE(html.find("NO_SCHEMA_CHANGE"), std::string::npos);  // small_loss, drift
  EXPECT_EQ(html_escape("<&>\"'"), "&lt;&amp;&gt;&quot;&#39;");
}

TEST(Html, IncompleteRun) {
  RunInfo info;
  info.incomplete = "interrupted by SIGINT";
  const std::string html = render_html(info, {});
  EXPECT_NE(html.find("<b>Incomplete run:</b> interrupted by SIGINT"), std::string::npos);
  EXPECT_EQ(html.find("Released collection"), std::string::npos);
}

TEST(Html, ASelfCheckSaysSoAndARunDoesNot) {
  RunInfo info;
  EXPECT_EQ(render_html(info, {}).find("Self-check"), std::string::npos);
  info.self_check = true;
  EXPECT_NE(render_html(info, {}).find("<b>Self-check:</b> the released version against a second "
                                       "collection by the same released build"),
            std::string::npos);
}

TEST(Html, WhereTheReleasedSideCameFrom) {
  RunInfo info;
  info.released_build = "cached (commit abc1234, built 2026-12-02T10:00:00Z)";
  info.released_collection =
      "snapshot 'data_test_snap_x' (collected 2026-12-02T10:00:00Z, 3h 05m "
      "ago); --fresh collects again";
  const std::string html = render_html(info, {});
  EXPECT_NE(html.find("<p class=\"meta\">Released build: cached (commit abc1234, built "
                      "2026-12-02T10:00:00Z)</p>"),
            std::string::npos);
  EXPECT_NE(html.find("<p class=\"meta\">Released collection: snapshot &#39;data_test_snap_x&#39;"),
            std::string::npos)
      << html;
}

}  // namespace
}  // namespace dt
