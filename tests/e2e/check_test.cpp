// data-test --check (issue 14): the inputs, the server and the tag checked without building;
// every problem on its own line, exit 2 if any. Each case proves nothing was built: the
// profile's build would leave a marker file.
#include <fstream>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "support/adoption.hpp"
#include "support/e2e.hpp"
#include "support/safety.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

struct CheckCase {
  fs::path dir, clone, work, config, profile, marker;
};

// A clean setup that --check accepts: the example clone, its config, a profile whose build
// would touch `marker`.
CheckCase make_case(const std::string& name) {
  CheckCase c;
  c.clone = make_app_clone(name, "");
  c.dir = c.clone.parent_path();
  c.work = c.dir / "work";
  c.config = make_operator_config(c.dir);
  c.marker = c.dir / "built";
  c.profile = write_profile(c.dir, {"sh", "-c", "touch " + c.marker.string()},
                            {collector_step({"migrate", "--skip-views"}),
                             {{"copy_rows", "example_ops.api_keys"}},
                             collector_step({"collect", "{repo}", "--full"})});
  return c;
}

std::vector<std::string> check_args(const CheckCase& c) {
  return {"--check",
          "--released-tag",
          "v1.0",
          "--repo",
          history_repo().string(),
          "--source-dir",
          c.clone.string(),
          "--config",
          c.config.string(),
          "--profile",
          c.profile.string(),
          "--work-dir",
          c.work.string()};
}

// Nothing was built, no work dir made, no scratch database created.
void expect_nothing_done(const CheckCase& c) {
  EXPECT_FALSE(fs::exists(c.marker)) << "the build ran";
  EXPECT_FALSE(fs::exists(c.work)) << "a work dir was made";
  EXPECT_FALSE(database_exists("example_released"));
  EXPECT_FALSE(database_exists("example_new"));
}

int problem_lines(const std::string& err) {
  return count_lines_starting(err, "data-test: error: check: ") - 1;  // minus the summary line
}

TEST(Check, AllGoodExitsZeroAndBuildsNothing) {
  const auto c = make_case("check-good");
  const Result result = run_data_test(check_args(c));
  EXPECT_EQ(result.status, 0) << result.out << result.err;
  EXPECT_NE(result.err.find("check: ok: tag 'v1.0' resolves"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("CREATEDB"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("everything a run needs is in place"), std::string::npos);
  EXPECT_EQ(result.err.find("warning"), std::string::npos) << result.err;
  expect_nothing_done(c);
}

TEST(Check, ProfileWithATypo) {
  const auto c = make_case("check-typo");
  auto profile = nlohmann::json::parse(read_text(c.profile));
  profile["stepz"] = profile["steps"];
  std::ofstream(c.profile) << profile.dump(2);
  const Result result = run_data_test(check_args(c));
  EXPECT_EQ(result.status, 2) << result.out << result.err;
  EXPECT_NE(result.err.find("unknown key 'stepz'"), std::string::npos) << result.err;
  EXPECT_EQ(problem_lines(result.err), 1) << result.err;
  expect_nothing_done(c);
}

TEST(Check, ServerWithoutCreatedb) {
  const auto c = make_case("check-createdb");
  exec_sql("postgres",
           "do $$ begin if not exists (select from pg_roles where rolname = 'dt_no_createdb') "
           "then create role dt_no_createdb login nocreatedb password 'NoCreate-pw-1'; end if; "
           "end $$");
  auto config = nlohmann::json::parse(read_text(c.config));
  config["database"]["user"] = "dt_no_createdb";
  config["database"]["password"] = "NoCreate-pw-1";
  std::ofstream(c.config) << config.dump(2);
  const Result result = run_data_test(check_args(c));
  EXPECT_EQ(result.status, 2) << result.out << result.err;
  EXPECT_NE(result.err.find("CREATEDB"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("check: ok: server: reached"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("NoCreate-pw-1"), std::string::npos);
  expect_nothing_done(c);
}

TEST(Check, MissingTag) {
  const auto c = make_case("check-tag");
  auto args = check_args(c);
  args[2] = "v9.9";
  const Result result = run_data_test(args);
  EXPECT_EQ(result.status, 2) << result.out << result.err;
  EXPECT_NE(result.err.find("'v9.9'"), std::string::npos) << result.err;
  EXPECT_EQ(problem_lines(result.err), 1) << result.err;
  expect_nothing_done(c);
}

TEST(Check, UnreadableConfig) {
  const auto c = make_case("check-config");
  // Missing: the file cannot be read.
  auto args = check_args(c);
  args[8] = (c.dir / "nope.json").string();
  Result result = run_data_test(args);
  EXPECT_EQ(result.status, 2) << result.out << result.err;
  EXPECT_NE(result.err.find("nope.json"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("cannot read"), std::string::npos) << result.err;
  // Present but not JSON: its line and column.
  std::ofstream(c.config) << R"({"database": {"dbname": "x",})";
  result = run_data_test(check_args(c));
  EXPECT_EQ(result.status, 2) << result.out << result.err;
  EXPECT_NE(result.err.find("invalid JSON at line 1"), std::string::npos) << result.err;
  expect_nothing_done(c);
}

TEST(Check, EveryProblemAtOnce) {
  const auto c = make_case("check-all");
  auto profile = nlohmann::json::parse(read_text(c.profile));
  profile["stepz"] = 1;
  profile["databases"]["new"] = 7;
  std::ofstream(c.profile) << profile.dump(2);
  auto args = check_args(c);
  args[2] = "v9.9";
  const Result result = run_data_test(args);
  EXPECT_EQ(result.status, 2) << result.out << result.err;
  // The tag, and both of the profile's problems (the JSON Schema finds them all).
  EXPECT_EQ(problem_lines(result.err), 3) << result.err;
  EXPECT_NE(result.err.find("'v9.9'"), std::string::npos);
  EXPECT_NE(result.err.find("unknown key 'stepz'"), std::string::npos);
  EXPECT_NE(result.err.find("databases.new: must be a string, got number"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("3 problems"), std::string::npos);
  expect_nothing_done(c);
}

TEST(Check, CredentialsOfEveryRepoAreMasked) {
  const auto c = make_case("check-creds");
  auto args = check_args(c);
  args[4] = "https://user:s3cretTokenA@example.org/a";
  args.insert(args.end(), {"--repo", "https://ghp_s3cretTokenB@example.org/b"});
  const Result result = run_data_test(args);
  EXPECT_EQ(result.status, 0) << result.out << result.err;
  EXPECT_NE(result.err.find("2 test repositories"), std::string::npos) << result.err;
  // Each is named as a risk: {repo} puts the URL in the steps' argv, which ps shows.
  EXPECT_NE(result.err.find("data-test: warning: check: the repository "
                            "'https://user:***@example.org/a' carries credentials in its URL"),
            std::string::npos)
      << result.err;
  EXPECT_EQ(count_lines_starting(result.err, "data-test: warning: check: the repository"), 2)
      << result.err;
  for (const std::string& text : {result.out, result.err}) {
    EXPECT_EQ(text.find("s3cretTokenA"), std::string::npos) << text;
    EXPECT_EQ(text.find("s3cretTokenB"), std::string::npos) << text;
  }
  // A repository given twice is a problem, named with its credentials masked.
  args.insert(args.end(), {"--repo", "https://user:s3cretTokenA@example.org/a"});
  const Result twice = run_data_test(args);
  EXPECT_EQ(twice.status, 2);
  EXPECT_NE(twice.err.find("'https://user:***@example.org/a' is given twice"), std::string::npos)
      << twice.err;
  EXPECT_EQ(twice.err.find("s3cretTokenA"), std::string::npos);
}

TEST(Check, AcceptedChangesFileEachProblemOnItsLine) {
  const auto c = make_case("check-accepted");
  std::ofstream(c.clone / "data-test.accepted.json")
      << R"({"example_data.old_events": {"verdict": "GONE"}})";
  const Result result = run_data_test(check_args(c));
  EXPECT_EQ(result.status, 2) << result.out << result.err;
  // The verdict not known, the reason missing: one line each, naming the file.
  EXPECT_EQ(count_lines_starting(result.err, "data-test: error: check: accepted changes '" +
                                                 (c.clone / "data-test.accepted.json").string()),
            2)
      << result.err;
  expect_nothing_done(c);
}

}  // namespace
}  // namespace dt::e2e
