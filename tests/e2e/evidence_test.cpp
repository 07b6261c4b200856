// The evidence beside the verdicts, end to end: content drift with --content and
// --content=fail, the terminal of a --quiet run (work dir and logs first, the early warning, one
// verdict line last), the failure message from the saved state, and report.html as headless
// Chromium shows it to a reader.
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <string>

#include <gtest/gtest.h>

#include "support/e2e.hpp"
#include "support/safety.hpp"
#include "util/process.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

std::string last_line(const std::string& text) {
  std::string trimmed = text;
  while (!trimmed.empty() && trimmed.back() == '\n') trimmed.pop_back();
  const auto nl = trimmed.rfind('\n');
  return nl == std::string::npos ? trimmed : trimmed.substr(nl + 1);
}

struct DriftRun {  // NOLINT(bugprone-exception-escape): json's default constructor never throws
  fs::path work;
  Result result;
  nlohmann::json report;
  std::string xml;
};

DriftRun drift_run(const std::string& name, const std::string& content_flag) {
  DriftRun r;
  const auto clone = make_app_clone(name, "drift");
  r.work = fresh_dir(name + "-work");
  auto args = standard_args(clone, r.work, make_operator_config(r.work.parent_path()));
  args.push_back(content_flag);
  args.push_back("--gtest_output=xml:" + (r.work / "out.xml").string());
  r.result = run_data_test(args);
  r.report = read_report_json(r.work);
  r.xml = read_text(r.work / "out.xml");
  return r;
}

// With --content the swapped columns are caught, the verdict stays PASS and the run exits 0.
TEST(Evidence, ContentDriftIsCaughtWithContent) {
  const DriftRun run = drift_run("drift-on", "--content");
  ASSERT_EQ(run.result.status, 0) << run.result.out << run.result.err;
  EXPECT_EQ(run.report.at("content_check"), "on");
  const nlohmann::json* commits = table_of(run.report, "example_data.commits");
  ASSERT_NE(commits, nullptr);
  EXPECT_EQ(commits->at("verdict"), "PASS");
  EXPECT_EQ(commits->at("content"), "changed");
  for (const auto& row : run.report.at("tables")) {
    if (row.at("table") == "commits") continue;
    // Every other table with rows on both sides was fingerprinted and found the same.
    if (row.at("verdict") == "PASS") {
      EXPECT_EQ(row.at("content"), "same") << row.dump();
    }
  }
  // The sample of changed rows: each released row's additions are the new row's deletions.
  const auto& changed = commits->at("diagnosis").at("changed");
  ASSERT_GT(changed.at("total").get<long>(), 0) << commits->dump(1);
  const auto columns = changed.at("columns").get<std::vector<std::string>>();
  const auto at = [&](const std::string& c) {
    return std::find(columns.begin(), columns.end(), c) - columns.begin();
  };
  const auto& rows = changed.at("rows");
  ASSERT_GE(rows.size(), 2u);
  for (std::size_t i = 0; i + 1 < rows.size(); i += 2) {
    EXPECT_EQ(rows[i].at(at("side")), "released");
    EXPECT_EQ(rows[i + 1].at(at("side")), "new");
    EXPECT_EQ(rows[i].at(at("sha")), rows[i + 1].at(at("sha")));
    EXPECT_EQ(rows[i].at(at("additions")), rows[i + 1].at(at("deletions")));
    EXPECT_EQ(rows[i].at(at("deletions")), rows[i + 1].at(at("additions")));
  }
  EXPECT_TRUE(fs::exists(changed.at("file").get<std::string>()));
  EXPECT_NE(run.xml.find("name=\"content\" value=\"changed\""), std::string::npos) << run.xml;
  EXPECT_NE(run.result.out.find("[  DRIFT   ] example_data.commits"), std::string::npos)
      << run.result.out;
  EXPECT_NE(run.result.err.find("data-test: warning: DRIFT example_data.commits: equal counts"),
            std::string::npos)
      << run.result.err;
  EXPECT_NE(last_line(run.result.err).find(", 1 DRIFT"), std::string::npos) << run.result.err;
  EXPECT_NE(read_text(run.work / "report.md").find("## Diagnosis: example_data.commits"),
            std::string::npos);
}

// --content=fail makes the drift a FAIL, with the same evidence. A fast profile (the collector
// built once, copied in as each side's build) whose last step swaps the new side's values.
TEST(Evidence, ContentFailMakesDriftAFailure) {
  DriftRun run;
  const auto clone = make_app_clone("drift-fail", "");
  run.work = fresh_dir("drift-fail-work");
  auto profile = nlohmann::json::parse(read_text(example_profile()));
  profile["build"] = fast_build();
  profile["steps"].push_back(sh_step(psql_script(
      "example_{side}",
      "update example_data.commits set additions = deletions, deletions = additions where "
      "current_database() = 'example_new'")));
  std::ofstream(run.work.parent_path() / "profile.json") << profile.dump(2);
  auto args = run_args(clone, run.work, make_operator_config(run.work.parent_path()),
                       run.work.parent_path() / "profile.json");
  args.emplace_back("--content=fail");
  args.push_back("--gtest_output=xml:" + (run.work / "out.xml").string());
  run.result = run_data_test(args);
  run.report = read_report_json(run.work);
  run.xml = read_text(run.work / "out.xml");
  ASSERT_EQ(run.result.status, 1) << run.result.out << run.result.err;
  const nlohmann::json* commits = table_of(run.report, "example_data.commits");
  ASSERT_NE(commits, nullptr);
  EXPECT_EQ(commits->at("verdict"), "FAIL");
  EXPECT_EQ(commits->at("content"), "changed");
  EXPECT_EQ(run.report.at("summary").at("fail"), 1);
  // No schema change explains it: the collector's code does.
  EXPECT_NE(run.xml.find("name=\"cause\" value=\"NO_SCHEMA_CHANGE\""), std::string::npos)
      << run.xml;
  EXPECT_NE(run.result.out.find("content changed with equal counts"), std::string::npos)
      << run.result.out;
  // The saved state reads back with its drift verdict (a FAIL with equal counts).
  const Result again = run_data_test(
      {"--from-state", "--work-dir", run.work.string(), "--gtest_filter=example_data.commits"});
  EXPECT_EQ(again.status, 1) << again.out << again.err;
  EXPECT_NE(again.out.find("Changed rows (released row, then new)"), std::string::npos)
      << again.out;
}

// A table without a key (no primary key, no unique constraint): one row changed shows as one row
// only on released and one only on new, whole rows compared as multisets, never as
// "0 rows differ".
TEST(Evidence, ATableWithoutAKeyShowsTheRowsOnlyOnEachSide) {
  const auto clone = make_app_clone("drift-nokey", "");
  const fs::path work = fresh_dir("drift-nokey-work");
  auto profile = nlohmann::json::parse(read_text(example_profile()));
  profile["build"] = fast_build();
  profile["steps"].push_back(
      sh_step(psql_script("example_{side}",
                          "create table example_data.run_notes (note text, n integer); "
                          "insert into example_data.run_notes values ('a', 1), ('a', 1), ('b', 2); "
                          "update example_data.run_notes set n = 3 where note = 'b' and "
                          "current_database() = 'example_new'")));
  std::ofstream(work.parent_path() / "profile.json") << profile.dump(2);
  auto args = run_args(clone, work, make_operator_config(work.parent_path()),
                       work.parent_path() / "profile.json");
  // The table is made by a collection step, not the schema: the upgrade would (rightly) call it
  // one a fresh install lacks.
  args.emplace_back("--content");
  args.emplace_back("--no-upgrade");
  const Result r = run_data_test(args);
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  const auto report = read_report_json(work);
  const nlohmann::json* notes = table_of(report, "example_data.run_notes");
  ASSERT_NE(notes, nullptr);
  EXPECT_EQ(notes->at("content"), "changed");
  const auto& d = notes->at("diagnosis");
  EXPECT_EQ(d.at("key").at("whole_rows"), true) << d.dump(1);
  EXPECT_EQ(d.at("lost").at("total"), 1) << d.dump(1);
  EXPECT_EQ(d.at("added").at("total"), 1) << d.dump(1);
  EXPECT_TRUE(d.at("changed").is_null()) << d.dump(1);
  const auto row_of = [](const nlohmann::json& e) {
    const auto columns = e.at("columns").get<std::vector<std::string>>();
    const auto n = std::find(columns.begin(), columns.end(), "n") - columns.begin();
    return e.at("rows").at(0).at(n).get<std::string>();
  };
  EXPECT_EQ(row_of(d.at("lost")), "2");
  EXPECT_EQ(row_of(d.at("added")), "3");
  EXPECT_NE(r.out.find("[  DRIFT   ] example_data.run_notes rows=3 content changed (1 row only on "
                       "released, 1 only on new; no key)"),
            std::string::npos)
      << r.out;
  const std::string md = read_text(work / "report.md");
  EXPECT_NE(md.find("no key found: rows are compared as whole rows"), std::string::npos) << md;
  EXPECT_NE(md.find("- Only on new (whole rows): 1"), std::string::npos) << md;
  EXPECT_EQ(md.find("rows differ"), std::string::npos) << md;
}

// ---------------------------------------------------------------- the demo, --quiet, report.html

struct QuietRun {  // NOLINT(bugprone-exception-escape): json's default constructor never throws
  fs::path work;
  Result result;
  nlohmann::json report;
};

const QuietRun& quiet_demo() {
  static const QuietRun run = [] {
    QuietRun r;
    const auto clone = make_app_clone("quiet", "demo");
    r.work = fresh_dir("quiet-work");
    auto args = standard_args(clone, r.work, make_operator_config(r.work.parent_path()));
    args.emplace_back("--quiet");
    r.result = run_data_test(args);
    r.report = read_report_json(r.work);
    return r;
  }();
  return run;
}

// The text of the element with id in a DOM Chromium dumped (entities undone).
std::string element_text(const std::string& dom, const std::string& id) {
  const std::string open = "id=\"" + id + "\">";
  const auto start = dom.find(open);
  if (start == std::string::npos) return {};
  const auto from = start + open.size();
  std::string text = dom.substr(from, dom.find("</pre>", from) - from);
  for (const auto& [entity, c] : std::vector<std::pair<std::string, std::string>>{
           {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}}) {
    for (auto at = text.find(entity); at != std::string::npos; at = text.find(entity, at + 1)) {
      text.replace(at, entity.size(), c);
    }
  }
  return text;
}

// What a reader of report.html sees: the page rendered by headless Chromium, its visible text
// (document.body.innerText: folded <details> content is not in it).
void expect_html_shows_fail_first(const QuietRun& run) {
  std::string html = read_text(run.work / "report.html");
  // Self-contained: nothing to fetch.
  for (const char* outside : {"http://", "https://", "src=", "<link", "@import", "url("}) {
    EXPECT_EQ(html.find(outside), std::string::npos) << outside;
  }
  // A copy for the probe: the page's own policy forbids scripts, the probe needs one.
  const auto policy = html.find("<meta http-equiv=\"Content-Security-Policy\"");
  ASSERT_NE(policy, std::string::npos);
  html.erase(policy, html.find('>', policy) + 1 - policy);
  html.insert(html.rfind("</body>"),
              "<pre id=\"dt-visible\"></pre><script>document.getElementById('dt-visible')."
              "textContent = document.body.innerText;</script>");
  const fs::path dir = fresh_dir("chromium");
  std::ofstream(dir / "probe.html") << html;
  std::vector<std::string> argv{"timeout",
                                "120",
                                "chromium",
                                "--headless",
                                "--disable-gpu",
                                "--disable-quic",
                                "--no-first-run",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--user-data-dir=" + (dir / "profile").string(),
                                "--dump-dom",
                                "file://" + (dir / "probe.html").string()};
  if (::geteuid() == 0) argv.insert(argv.begin() + 4, "--no-sandbox");
  const auto rendered = process::capture(argv, dir);
  ASSERT_EQ(rendered.status, 0) << "chromium (Debian package chromium, scripts/install-deps.sh): "
                                << rendered.err;
  const std::string visible = element_text(rendered.out, "dt-visible");
  ASSERT_FALSE(visible.empty()) << rendered.out;
  // The first table row a reader meets is the FAIL, with its cause in plain sight.
  static const std::regex first_row(R"((FAIL|FLAG|PASS|DRIFT)\t[^\n]*)");
  std::smatch row;
  ASSERT_TRUE(std::regex_search(visible, row, first_row)) << visible;
  EXPECT_EQ(row.str().rfind("FAIL\texample_data.commit_parents\t61\t0\t-61\t", 0), 0u) << row.str();
  EXPECT_NE(row.str().find("FK_ADDED: foreign key added on parent_sha, not deferrable"),
            std::string::npos)
      << row.str();
  // The FLAG comes next; the lost rows are folded beside the FAIL, one click away.
  const auto flag = visible.find("FLAG\texample_data.branches");
  EXPECT_NE(flag, std::string::npos) << visible;
  EXPECT_LT(visible.find("FAIL\texample_data.commit_parents"), flag);
  std::string lost_sha;
  for (const auto& t : run.report.at("tables")) {
    if (t.at("verdict") == "FAIL") {
      lost_sha = t.at("diagnosis").at("lost").at("rows").at(0).at(0).get<std::string>();
    }
  }
  ASSERT_FALSE(lost_sha.empty());
  EXPECT_EQ(visible.find(lost_sha), std::string::npos) << "folded rows are not visible";
  EXPECT_NE(rendered.out.find(lost_sha), std::string::npos) << "but they are in the page";
  EXPECT_NE(visible.find("Evidence: 1 schema change, 61 lost rows"), std::string::npos) << visible;
}

// One run of the demo with --quiet: its terminal, then its report.html in a browser.
TEST(Evidence, QuietTerminalAndTheHtmlReportAReaderSees) {
  const QuietRun& run = quiet_demo();
  ASSERT_EQ(run.result.status, 1) << run.result.out << run.result.err;
  const std::string& err = run.result.err;
  const std::string work = run.work.string();
  // Where everything is, before anything is built.
  const std::string start = "data-test: work dir: " + work + "; logs: " + work +
                            "/logs/released.log, " + work + "/logs/new.log\n";
  ASSERT_NE(err.find(start), std::string::npos) << err;
  EXPECT_LT(err.find(start), err.find("phase 1/6 (resolve binaries): started")) << err;
  // The early warning comes after both migrations, before either collection.
  const auto warning = err.find(
      "data-test: warning: early warning: example_data.commit_parents: FK_ADDED: foreign key "
      "added on parent_sha, not deferrable");
  ASSERT_NE(warning, std::string::npos) << err;
  EXPECT_LT(err.find("phase 4/6 (migrate, new side): done"), warning) << err;
  EXPECT_LT(warning, err.find("phase 4/6 (collect, released side): started")) << err;
  // The last line: the verdict, the failing table, the elapsed time and the report.
  static const std::regex verdict(
      R"(data-test: FAIL: 1 FAIL, 1 FLAG, \d+ PASS \(FAIL: example_data\.commit_parents\); )"
      R"(upgrade: 1 FAIL, 0 FLAG, \d+ PASS in )"
      R"((\d+h )?(\d+m )?\d+s; report: .*/report\.md)");
  EXPECT_TRUE(std::regex_match(last_line(err), verdict)) << last_line(err);
  // Quiet: no child output, no info lines, no PASS lines; no colour when not on a terminal.
  EXPECT_EQ(run.result.out.find("[released]"), std::string::npos) << run.result.out;
  EXPECT_EQ(err.find("[released] build"), std::string::npos) << err;
  EXPECT_EQ(run.result.out.find("[  PASS    ]"), std::string::npos) << run.result.out;
  // GoogleTest's brief mode: no [ RUN ] / [ OK ] line per table (only failures).
  EXPECT_EQ(run.result.out.find("[ RUN      ]"), std::string::npos) << run.result.out;
  EXPECT_EQ(run.result.out.find("[       OK ]"), std::string::npos) << run.result.out;
  EXPECT_EQ(err.find('\033'), std::string::npos) << err;
  // The failure itself stays, with its evidence.
  EXPECT_NE(run.result.out.find("Cause: FK_ADDED"), std::string::npos) << run.result.out;
  EXPECT_NE(run.result.out.find("Lost rows: 61"), std::string::npos) << run.result.out;
  // The report says the early warning was borne out.
  const auto& warnings = run.report.at("early_warnings");
  ASSERT_EQ(warnings.size(), 1u) << warnings.dump(1);
  EXPECT_EQ(warnings[0].at("confirmed"), true);
  expect_html_shows_fail_first(run);
}

}  // namespace
}  // namespace dt::e2e
