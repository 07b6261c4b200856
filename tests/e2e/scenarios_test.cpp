// Every scenario of the example application, end to end: the real data-test binary, a throwaway
// cluster, a real clone with a released tag and a working-tree change. Expected verdicts come
// from tests/example_app/scenarios/expected.json (a table not listed there must be PASS); the
// evidence each FAIL table must carry (code, column or constraint, log lines) from
// scenarios/diagnosis.json. The scratch databases are kept, so that every sampled lost row is
// checked against both of them.
#include <sstream>
#include <string>

#include <fmt/format.h>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "support/e2e.hpp"

namespace dt::e2e {
namespace {

nlohmann::json expectations(const std::string& file = "expected.json") {
  return nlohmann::json::parse(
      read_text(std::string(DATA_TEST_EXAMPLE_APP) + "/scenarios/" + file));
}

// How many rows of schema.table in dbname have the key values (compared as text); -1 when the
// table does not exist there.
long rows_with_key(const std::string& dbname, const std::string& schema, const std::string& table,
                   const std::vector<std::string>& key, const std::vector<std::string>& values) {
  pqxx::connection conn(to_conninfo(cluster().params(dbname)));
  pqxx::nontransaction tx(conn);
  if (tx.exec("select to_regclass(" + tx.quote(tx.quote_name(schema) + "." + tx.quote_name(table)) +
              ") is null")[0][0]
          .as<bool>()) {
    return -1;
  }
  std::string where;
  for (std::size_t i = 0; i < key.size(); ++i) {
    where += (i ? " and " : "") + tx.quote_name(key[i]) + "::text = " + tx.quote(values[i]);
  }
  return tx
      .exec("select count(*) from " + tx.quote_name(schema) + "." + tx.quote_name(table) +
            " where " + where)[0][0]
      .as<long>();
}

// Every sampled lost row is on released and missing on new, by querying both databases.
void expect_sample_really_lost(const nlohmann::json& row, const std::string& qualified) {
  const auto& d = row.at("diagnosis");
  ASSERT_FALSE(d.at("key").is_null()) << qualified << " " << d.dump();
  ASSERT_FALSE(d.at("lost").is_null()) << qualified << " " << d.dump();
  const auto key = d.at("key").at("columns").get<std::vector<std::string>>();
  const auto& lost = d.at("lost");
  const auto columns = lost.at("columns").get<std::vector<std::string>>();
  const long expected_lost = -row.at("delta").get<long>();
  EXPECT_GE(lost.at("total").get<long>(), expected_lost) << qualified;
  EXPECT_EQ(lost.at("rows").size(), std::min<std::size_t>(20, lost.at("total").get<long>()));
  EXPECT_TRUE(std::filesystem::exists(lost.at("file").get<std::string>())) << qualified;
  const std::string schema = row.at("schema");
  const std::string table = row.at("table");
  for (const auto& sampled : lost.at("rows")) {
    std::vector<std::string> values;
    for (const auto& k : key) {
      const auto at = std::find(columns.begin(), columns.end(), k);
      ASSERT_NE(at, columns.end()) << k;
      values.push_back(sampled.at(at - columns.begin()).get<std::string>());
    }
    EXPECT_GE(rows_with_key("example_released", schema, table, key, values), 1)
        << qualified << " " << sampled.dump();
    EXPECT_LE(rows_with_key("example_new", schema, table, key, values), 0)
        << qualified << " " << sampled.dump();
  }
}

// The working tree's line a change names: its file, its number, and (unless the change removed
// it) the same text as that line of the clone; report.md and the GoogleTest failure point there.
void expect_source(const nlohmann::json& change, const nlohmann::json& want,
                   const std::filesystem::path& clone, const std::string& md,
                   const std::string& xml) {
  ASSERT_FALSE(change.at("source").is_null()) << change.dump();
  const auto& source = change.at("source");
  const std::string file = want.at("file");
  const std::size_t line = want.at("line");
  EXPECT_EQ(source.at("file"), file) << source.dump();
  EXPECT_EQ(source.at("line"), line) << source.dump();
  // git names the clone's top level with its symbolic links resolved.
  const std::filesystem::path path = std::filesystem::canonical(clone) / file;
  EXPECT_EQ(source.at("path"), path.string()) << source.dump();
  const bool removed = want.value("removed", false);
  EXPECT_EQ(source.at("removed"), removed) << source.dump();
  if (!removed) {
    std::istringstream lines(read_text(clone / file));
    std::string text;
    for (std::size_t n = 0; n < line; ++n) std::getline(lines, text);
    EXPECT_EQ(source.at("text"), text) << source.dump();
  }
  const std::string at = fmt::format("{}at {}:{})", removed ? "removed " : "", file, line);
  EXPECT_NE(md.find(change.at("text").get<std::string>() + " (" + at), std::string::npos) << md;
  // GoogleTest writes the failure's location first in its message: the user's file and line.
  EXPECT_NE(xml.find(fmt::format("message=\"{}:{}&#x0A;", path.string(), line)), std::string::npos)
      << xml;
}

// The evidence diagnosis.json asks of one table.
void expect_evidence(const nlohmann::json& report, const std::string& md, const std::string& xml,
                     const std::string& qualified, const nlohmann::json& want,
                     const std::filesystem::path& clone) {
  const nlohmann::json* row = table_of(report, qualified);
  ASSERT_NE(row, nullptr) << qualified;
  if (want.contains("early_warning")) {  // a warning the counts did not confirm
    bool found = false;
    for (const auto& w : report.at("early_warnings")) {
      if (w.at("schema").get<std::string>() + "." + w.at("table").get<std::string>() != qualified ||
          w.at("code") != want.at("early_warning")) {
        continue;
      }
      found = true;
      EXPECT_EQ(w.at("confirmed"), want.at("confirmed")) << w.dump();
      if (want.contains("detail")) {
        EXPECT_EQ(w.at("detail"), want.at("detail")) << w.dump();
      }
    }
    EXPECT_TRUE(found) << qualified << " " << report.at("early_warnings").dump();
    return;
  }
  if (!want.contains("cause")) return;  // drift: checked with --content elsewhere
  ASSERT_FALSE(row->at("diagnosis").is_null()) << qualified;
  const auto& d = row->at("diagnosis");
  const std::string cause = d.at("cause");
  const std::string code = want.at("cause");
  // The first code is the likeliest cause.
  EXPECT_EQ(cause.substr(0, cause.find(',')), code) << qualified << " " << d.dump(1);
  bool found = false;
  for (const auto& c : d.at("changes")) {
    if (c.at("code") != code) continue;
    found = true;
    EXPECT_EQ(c.at("subject"), want.at("subject")) << c.dump();
    EXPECT_EQ(c.at("columns"), want.at("columns")) << c.dump();
    if (want.contains("detail")) {
      EXPECT_EQ(c.at("detail"), want.at("detail")) << c.dump();
    }
    EXPECT_NE(md.find("- " + c.at("text").get<std::string>()), std::string::npos) << md;
    if (want.contains("source")) expect_source(c, want.at("source"), clone, md, xml);
  }
  // Every FAIL scenario's change was made on a line of the working tree.
  EXPECT_TRUE(want.contains("source")) << qualified;
  EXPECT_TRUE(found) << code << " not in " << d.at("changes").dump(1);
  EXPECT_NE(md.find("## Diagnosis: " + qualified), std::string::npos) << md;
  // The collector's own words: its WARN lines in logs/new.log name the table or constraint.
  bool logged = false;
  for (const auto& e : d.at("log")) {
    if (e.at("side") != "new") continue;
    EXPECT_GT(e.at("lines").get<long>(), 0) << e.dump();
    for (const auto& line : e.at("examples")) {
      logged |=
          line.get<std::string>().find(want.at("log").get<std::string>()) != std::string::npos;
    }
  }
  EXPECT_TRUE(logged) << d.at("log").dump(1);
  // The GoogleTest properties.
  EXPECT_NE(xml.find("name=\"cause\" value=\"" + cause + "\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("name=\"lost_sample\" value=\"" + d.at("lost").at("file").get<std::string>()),
            std::string::npos)
      << xml;
  expect_sample_really_lost(*row, qualified);
}

class Scenario : public testing::TestWithParam<std::string> {};

TEST_P(Scenario, VerdictsMatchExpectations) {
  const std::string name = GetParam();
  const std::string suffix = "_incremental";
  const bool incremental = name.size() > suffix.size() &&
                           name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  const std::string patch = incremental ? name.substr(0, name.size() - suffix.size()) : name;
  const auto expected = expectations().at(name);

  const auto clone = make_app_clone(name, patch);
  const auto work = fresh_dir(name + "-work");
  const auto config = make_operator_config(work.parent_path());
  auto args = standard_args(clone, work, config, incremental);
  args.emplace_back("--keep-dbs");
  // The fresh comparison alone: these changes sit in CREATE TABLE IF NOT EXISTS, so an upgrade
  // differs from a fresh install by design (upgrade_test.cpp checks the upgrade).
  args.emplace_back("--no-upgrade");
  args.push_back("--gtest_output=xml:" + (work / "gtest.xml").string());
  const Result result = run_data_test(args);

  bool any_fail = false;
  for (const auto& [table, verdict] : expected.items()) any_fail |= verdict == "FAIL";
  ASSERT_EQ(result.status, any_fail ? 1 : 0) << result.out << result.err;

  const auto report = read_report_json(work);
  ASSERT_FALSE(report.at("tables").empty());
  for (const auto& [table, verdict] : expected.items()) {
    EXPECT_EQ(verdict_of(report, table), verdict.get<std::string>()) << table;
  }
  for (const auto& row : report.at("tables")) {
    const std::string qualified =
        row.at("schema").get<std::string>() + "." + row.at("table").get<std::string>();
    if (!expected.contains(qualified)) {
      EXPECT_EQ(row.at("verdict"), "PASS")
          << qualified << " released=" << row.at("released_rows") << " new=" << row.at("new_rows");
    }
  }
  // The evidence beside each FAIL (and an early warning the counts did not confirm).
  const auto evidence = expectations("diagnosis.json");
  if (evidence.contains(name)) {
    const std::string md = read_text(work / "report.md");
    const std::string xml = read_text(work / "gtest.xml");
    for (const auto& [table, want] : evidence.at(name).items()) {
      expect_evidence(report, md, xml, table, want, clone);
    }
  }
  for (const auto& row : report.at("tables")) {
    // Only a FAIL gets lost rows; with no --content, no table gets a fingerprint.
    if (row.at("verdict") != "FAIL" && !row.at("diagnosis").is_null()) {
      EXPECT_TRUE(row.at("diagnosis").at("lost").is_null()) << row.dump();
    }
    EXPECT_TRUE(row.at("content").is_null()) << row.dump();
  }
  // The masking case (docs/adopting.md): without --full the old history collects no commits.
  for (const auto& row : report.at("tables")) {
    if (row.at("table") != "commits") continue;
    const long commits = row.at("released_rows").get<long>();
    if (incremental) {
      EXPECT_EQ(commits, 0);
    } else {
      EXPECT_GT(commits, 0);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(ExampleApp, Scenario,
                         testing::Values("neutral", "fk_regression", "fk_deferred", "not_null",
                                         "check", "rename", "new_table", "relaxed", "drop_table",
                                         "fk_regression_incremental", "demo", "drift"));

}  // namespace
}  // namespace dt::e2e
