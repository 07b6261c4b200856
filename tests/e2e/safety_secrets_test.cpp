// Issue 7, item 4: the config's password and the copied API keys never reach the terminal, the
// logs, the reports or GoogleTest's XML — also when a collector prints them itself (even before
// copy_rows has run), and on the failure paths (wrong password, a copy that fails on a key).
#include <fstream>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "support/e2e.hpp"
#include "support/safety.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

// Every text file data-test leaves in the work dir (the scratch configs, which hold the password
// by design, are removed at the end of a run without --keep-dbs).
std::vector<std::string> written_texts(const fs::path& work) {
  std::vector<std::string> texts;
  for (const auto& entry : fs::recursive_directory_iterator(work)) {
    if (!entry.is_regular_file()) continue;
    if (entry.path().parent_path().filename() == "bin") continue;  // the copied collector
    if (entry.path().extension() == ".md" || entry.path().extension() == ".json" ||
        entry.path().extension() == ".log" || entry.path().extension() == ".xml") {
      texts.push_back(read_text(entry.path()));
    }
  }
  return texts;
}

void expect_absent(const std::string& secret, const std::string& out, const std::string& err,
                   const fs::path& work) {
  ASSERT_GE(secret.size(), 4u);
  EXPECT_EQ(out.find(secret), std::string::npos) << "stdout:\n" << out;
  EXPECT_EQ(err.find(secret), std::string::npos) << "stderr:\n" << err;
  for (const std::string& text : written_texts(work)) {
    EXPECT_EQ(text.find(secret), std::string::npos) << text;
  }
}

TEST(SafetySecrets, CollectorPrintingKeysAndConfigIsScrubbed) {
  const auto clone = make_app_clone("sec-ok", "");
  const auto work = fresh_dir("sec-ok-work");
  const auto config = make_operator_config(work.parent_path());
  const std::string select_key = "select token from example_ops.api_keys";
  const auto steps = nlohmann::json::array({
      // Before copy_rows: the key is known only from the primary database.
      sh_step("echo before-copy; " + psql_script("example_primary", select_key)),
      sh_step("echo config-follows; cat {config}"),
      collector_step({"migrate", "--skip-views"}),
      {{"copy_rows", "example_ops.api_keys"}},
      sh_step("echo after-copy; " + psql_script("example_{side}", select_key)),
  });
  const auto profile = write_profile(work.parent_path(), fast_build(), steps);
  // The schema is built by the first three steps: the upgrade runs them too (the key query, the
  // config's cat), so its side is scrubbed as well.
  auto doc = nlohmann::json::parse(read_text(profile));
  doc["discovery_steps"] = 3;
  std::ofstream(profile) << doc.dump(2);
  auto args = run_args(clone, work, config, profile);
  args.push_back("--gtest_output=xml:" + (work / "gtest.xml").string());
  const Result result = run_data_test(args);
  ASSERT_EQ(result.status, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("[upgraded] config-follows"), std::string::npos) << result.out;

  // The steps did print: their lines arrived, with the values masked.
  EXPECT_NE(result.out.find("[released] before-copy\n[released] ********\n"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("[new] after-copy\n[new] ********\n"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("\"password\": \"********\""), std::string::npos) << result.out;
  ASSERT_TRUE(fs::exists(work / "gtest.xml"));

  const std::string password = cluster().params().password;
  expect_absent(password, result.out, result.err, work);
  expect_absent(secret_key(), result.out, result.err, work);

  // Connection strings in messages: described without the password.
  EXPECT_NE(result.err.find("connecting to host="), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("password="), std::string::npos) << result.err;
  // The scratch configs held it; they are gone. The logs and the reports are the owner's only.
  for (const char* side : {"released", "new"}) {
    EXPECT_FALSE(fs::exists(work / "config" / (std::string(side) + ".json"))) << side;
  }
  for (const char* file :
       {"logs/released.log", "logs/new.log", "report.md", "report.json", "state.json"}) {
    EXPECT_EQ(fs::status(work / file).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write)
        << file;
  }
}

TEST(SafetySecrets, WrongPasswordIsNeitherPrintedNorWritten) {
  const auto clone = make_app_clone("sec-pw", "");
  const auto work = fresh_dir("sec-pw-work");
  const auto config = make_operator_config(work.parent_path());
  const std::string wrong = "Wr0ng-pa55word-for-the-test";
  auto doc = nlohmann::json::parse(read_text(config));
  doc["database"]["password"] = wrong;
  std::ofstream(config) << doc.dump(2);
  const auto profile = write_profile(work.parent_path(), fast_build(),
                                     nlohmann::json::array({collector_step({"migrate"})}));
  auto args = run_args(clone, work, config, profile);
  args.push_back("--gtest_output=xml:" + (work / "gtest.xml").string());
  const Result result = run_data_test(args);
  EXPECT_EQ(result.status, 2) << result.err;
  EXPECT_NE(result.err.find("password authentication failed for user"), std::string::npos)
      << result.err;
  EXPECT_NE(read_text(work / "gtest.xml").find("password authentication failed"),
            std::string::npos);
  expect_absent(wrong, result.out, result.err, work);
}

TEST(SafetySecrets, CopyFailureQuotingTheKeyIsScrubbed) {
  const auto clone = make_app_clone("sec-copy", "");
  const auto work = fresh_dir("sec-copy-work");
  const auto config = make_operator_config(work.parent_path());
  // The scratch side's token column is an integer: PostgreSQL's error quotes the key itself.
  const auto steps = nlohmann::json::array(
      {sh_step(psql_script("example_{side}",
                           "create schema example_ops; create table example_ops.api_keys "
                           "(id int, token int, platform text)")),
       {{"copy_rows", "example_ops.api_keys"}}});
  const auto profile = write_profile(work.parent_path(), fast_build(), steps);
  auto args = run_args(clone, work, config, profile);
  args.push_back("--gtest_output=xml:" + (work / "gtest.xml").string());
  const Result result = run_data_test(args);
  EXPECT_EQ(result.status, 2) << result.err;
  EXPECT_NE(result.err.find("copying 'example_ops.api_keys'"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("invalid input syntax for type integer: \"********\""),
            std::string::npos)
      << result.err;
  EXPECT_NE(read_text(work / "report.md").find("Incomplete run"), std::string::npos);
  expect_absent(secret_key(), result.out, result.err, work);
  expect_absent(cluster().params().password, result.out, result.err, work);
}

}  // namespace
}  // namespace dt::e2e
