// Issue 7, item 5: each kind of bad input or failed phase gives exactly one clear error line on
// stderr (naming the value and the fix), exit 2, no wall of text, and nothing dropped.
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "support/e2e.hpp"
#include "support/safety.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

// Inputs a case may spoil; every field starts out valid.
struct Inputs {
  fs::path dir;  // the case's own directory
  fs::path clone;
  fs::path work;
  fs::path config;
  nlohmann::json build = fast_build();
  nlohmann::json steps = nlohmann::json::array(
      {collector_step({"migrate", "--skip-views"}), {{"copy_rows", "example_ops.api_keys"}}});
  std::vector<std::string> extra_args;
  std::string tag = "v1.0";
};

struct Case {
  std::string name;
  std::function<void(Inputs&)> spoil;
  std::vector<std::string> expected;  // parts of the one error line
};

void write(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::trunc) << text;
}

void set_db(Inputs& in, const std::string& key, const nlohmann::json& value) {
  auto doc = nlohmann::json::parse(read_text(in.config));
  doc["database"][key] = value;
  write(in.config, doc.dump(2));
}

std::vector<Case> cases() {
  return {
      {"malformed config JSON",
       [](Inputs& in) {
         write(in.config, "{\n  \"database\": {\"host\": \"x\",\n    \"port\": }\n}\n");
       },
       {"config '", "invalid JSON at line 3, column 13", "fix the file"}},
      {"config without a database section",
       [](Inputs& in) { write(in.config, "{\"github\": {\"api_keys\": []}}\n"); },
       {"no \"database\" section", "add {\"database\""}},
      {"unknown flag",
       [](Inputs& in) { in.extra_args = {"--frobnicate"}; },
       {"unknown flag '--frobnicate'", "data-test --help"}},
      {"missing tag",
       [](Inputs& in) { in.tag = "v9.9"; },
       {"tag 'v9.9' not found", "git fetch --tags"}},
      {"source dir not a git clone",
       [](Inputs& in) {
         in.clone = in.dir / "not-a-clone";
         fs::create_directories(in.clone);
       },
       {"is not inside a git clone", "--source-dir"}},
      {"unwritable work dir",
       [](Inputs& in) {
         write(in.dir / "a-file", "x");
         in.work = in.dir / "a-file" / "work";
       },
       {"work dir '", "cannot be written", "--work-dir"}},
      {"server down",
       [](Inputs& in) {
         fs::create_directories(in.dir / "no-server");
         set_db(in, "host", (in.dir / "no-server").string());
       },
       {"cannot connect to PostgreSQL at host=", "no-server", "is the server running?"}},
      {"wrong password",
       [](Inputs& in) { set_db(in, "password", "not-the-password"); },
       {"the server refused the login", "password authentication failed",
        "check database.user/password"}},
      {"no CREATEDB privilege",
       [](Inputs& in) {
         exec_sql("postgres",
                  "do $$ begin if not exists (select from pg_roles where rolname = "
                  "'dt_no_createdb') then create role dt_no_createdb login password "
                  "'no-createdb-pw'; end if; end $$");
         set_db(in, "user", "dt_no_createdb");
         set_db(in, "password", "no-createdb-pw");
       },
       {"role 'dt_no_createdb' lacks the CREATEDB privilege",
        "ALTER ROLE \"dt_no_createdb\" CREATEDB"}},
      {"unknown placeholder",
       [](Inputs& in) {
         in.steps = nlohmann::json::array({{{"run", {"{bin}", "{nope}"}}}});
       },
       {"unknown placeholder '{nope}'", "known:"}},
      {"build fails",
       [](Inputs& in) {
         // Only the released side fails: with both failing, whichever fails first would name
         // its side (the two build side by side), and this case would race.
         const std::string script =
             "if [ \"$0\" = released ]; then echo compiling; "
             "echo 'broken.c:1: error' >&2; exit 4; fi; cp \"$1\" \"$2\"";
         in.build = {"sh", "-c", script, "{side}", prebuilt_collector().string(), "{bin}"};
       },
       {"released build failed (exit 4)", "logs/released.log"}},
      {"collector crashes",
       [](Inputs& in) {
         in.steps = nlohmann::json::array({sh_step("echo starting; kill -SEGV $$")});
       },
       {"released step 1/1 failed (killed by signal 11 (SIGSEGV), exit 139)", "logs/released.log"}},
      {"collector exits non-zero",
       [](Inputs& in) { in.steps = nlohmann::json::array({sh_step("echo no key; exit 3")}); },
       {"released step 1/1 failed (exit 3)", "logs/released.log"}},
      // Issue 23, item 12: an input that never ends, or a huge one, is refused before it is
      // read whole.
      {"config is /dev/zero",
       [](Inputs& in) { in.config = "/dev/zero"; },
       {"config '/dev/zero' is larger than 16 MiB", "check the path"}},
      {"config of 17 MiB",
       [](Inputs& in) { fs::resize_file(in.config, std::uintmax_t{17} << 20); },
       {"is larger than 16 MiB, too large for a config", "check the path"}},
      {"key table missing from the primary",
       [](Inputs& in) {
         exec_sql("postgres", "drop database if exists no_keys_primary");
         exec_sql("postgres", "create database no_keys_primary");
         set_db(in, "dbname", "no_keys_primary");
       },
       {"key table 'example_ops.api_keys' not found in the primary database 'no_keys_primary'",
        "load your API keys"}},
  };
}

std::string error_line(const std::string& err) {
  const std::string prefix = "data-test: error: ";
  const auto at = err.find(prefix);
  if (at == std::string::npos) return "";
  return err.substr(at, err.find('\n', at) - at);
}

TEST(SafetyInput, EachBadInputGivesOneClearLineExitTwoAndDropsNothing) {
  const auto clone = make_app_clone("input", "");
  // A database data-test must never touch, whatever goes wrong.
  exec_sql("postgres", "create database canary_unmarked");
  exec_sql("canary_unmarked", "create table kept (id int); insert into kept values (1)");

  for (const Case& c : cases()) {
    SCOPED_TRACE(c.name);
    Inputs in;
    in.dir = fresh_dir("input-case");
    in.clone = clone;
    in.work = in.dir / "work";
    in.config = make_operator_config(in.dir);
    c.spoil(in);
    const auto profile = write_profile(in.dir, in.build, in.steps);
    auto args = run_args(in.clone, in.work, in.config, profile);
    args[1] = in.tag;
    args.insert(args.end(), in.extra_args.begin(), in.extra_args.end());
    const Result result = run_data_test(args);

    EXPECT_EQ(result.status, 2) << result.err;
    EXPECT_EQ(count_lines_starting(result.err, "data-test: error:"), 1) << result.err;
    const std::string line = error_line(result.err);
    for (const std::string& part : c.expected) {
      EXPECT_NE(line.find(part), std::string::npos) << "'" << part << "' not in: " << line;
    }
    // No wall: stderr holds data-test's own one-line messages only (child output is on stdout,
    // prefixed), and no exception or abort text.
    EXPECT_EQ(count_lines_starting(result.err, "data-test: "), count_lines_starting(result.err, ""))
        << result.err;
    for (const char* noise : {"terminate called", "what():", "Aborted", "CMake"}) {
      EXPECT_EQ(result.err.find(noise), std::string::npos) << noise << "\n" << result.err;
    }
    // Nothing dropped: the primary with its key, the canary; scratch databases not left over.
    EXPECT_EQ(query_one("example_primary", "select count(*) from example_ops.api_keys"), "1");
    EXPECT_EQ(query_one("canary_unmarked", "select count(*) from kept"), "1");
    EXPECT_FALSE(database_exists("example_released"));
    EXPECT_FALSE(database_exists("example_new"));
  }
}

}  // namespace
}  // namespace dt::e2e
