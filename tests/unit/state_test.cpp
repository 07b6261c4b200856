// state.json: round trip, the inputs that decide reuse, atomic writes, corrupt files.
#include "state.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/files.hpp"

#include "app_config.hpp"
#include "compare.hpp"
#include "core/results_json.hpp"
#include "util/error.hpp"
#include "util/file.hpp"

namespace dt {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

using dt::testing_support::TempDir;

State sample_state() {
  State state;
  state.inputs = {"abc1234def", "tree:9f8e7d6+dirty:0123", "https://github.com/augurlabs/augur",
                  R"({"name":"aveloxis"})", R"({"name":"aveloxis"})"};
  state.info.profile_name = "aveloxis";
  state.info.released_tag = "0.22.6";
  state.info.released_commit = "abc1234def";
  state.info.local_version = "working tree (9f8e7d6)";
  state.info.released_db = "aveloxis_released";
  state.info.new_db = "aveloxis_new";
  state.info.repo = "https://github.com/augurlabs/augur";
  state.info.schemas = {"aveloxis_data", "aveloxis_ops"};
  state.info.generated_at = "2026-05-17T14:30:00Z";
  state.info.phases = {{"resolve binaries", 3.25}};
  state.results = compare({{"aveloxis_data", "issues", 10}, {"aveloxis_data", "a|b", 1}},
                          {{"aveloxis_data", "issues", 8}, {"aveloxis_ops", "keys", 2}});
  return state;
}

std::string load_error_of(const fs::path& dir) {
  try {
    load_state(dir);
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "load_state accepted the file";
  return {};
}

TEST(State, Path) {
  EXPECT_EQ(state_path("/w"), fs::path("/w/state.json"));
}

TEST(State, MissingFileIsNullopt) {
  TempDir dir;
  EXPECT_FALSE(load_state(dir.path()).has_value());
  EXPECT_FALSE(load_state(dir.path() / "does-not-exist").has_value());
}

TEST(State, RoundTrip) {
  TempDir dir;
  const State saved = sample_state();
  save_state(dir.path(), saved);
  const auto loaded = load_state(dir.path());
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->inputs, saved.inputs);
  EXPECT_EQ(loaded->info.profile_name, saved.info.profile_name);
  EXPECT_EQ(loaded->info.released_commit, saved.info.released_commit);
  EXPECT_EQ(loaded->info.local_version, saved.info.local_version);
  EXPECT_EQ(loaded->info.schemas, saved.info.schemas);
  EXPECT_EQ(loaded->info.generated_at, saved.info.generated_at);
  EXPECT_EQ(loaded->info.incomplete, "");
  ASSERT_EQ(loaded->info.phases.size(), 1u);
  EXPECT_EQ(loaded->info.phases[0].seconds, 3.25);
  ASSERT_EQ(loaded->results.size(), saved.results.size());
  for (std::size_t i = 0; i < saved.results.size(); ++i) {
    EXPECT_EQ(loaded->results[i].schema, saved.results[i].schema);
    EXPECT_EQ(loaded->results[i].table, saved.results[i].table);
    EXPECT_EQ(loaded->results[i].released_rows, saved.results[i].released_rows);
    EXPECT_EQ(loaded->results[i].new_rows, saved.results[i].new_rows);
    EXPECT_EQ(loaded->results[i].verdict, saved.results[i].verdict);
    EXPECT_EQ(loaded->results[i].note, saved.results[i].note);
  }
}

// An UNSTABLE verdict never fails, so a saved one must be its own profile's: the same reason and
// spread word for word, or the state is refused as edited by hand.
TEST(State, AnUnstableVerdictMustBeItsProfilesOwn) {
  TempDir dir;
  State saved = sample_state();
  saved.inputs.profile =
      R"({"name":"aveloxis","unstable_tables":{"aveloxis_data.issues":{"reason":"live","spread":3}}})";
  apply_unstable(saved.results, {{"aveloxis_data", "issues", "live", 3}});
  const auto issues = std::find_if(saved.results.begin(), saved.results.end(),
                                   [](const TableResult& r) { return r.table == "issues"; });
  ASSERT_EQ(issues->verdict, Verdict::unstable);
  save_state(dir.path(), saved);
  const auto loaded = load_state(dir.path());
  ASSERT_TRUE(loaded.has_value());
  const auto again = std::find_if(loaded->results.begin(), loaded->results.end(),
                                  [](const TableResult& r) { return r.table == "issues"; });
  EXPECT_EQ(again->verdict, Verdict::unstable);
  ASSERT_TRUE(again->unstable);
  EXPECT_EQ(again->unstable->reason, "live");
  EXPECT_EQ(again->unstable->spread, std::optional<std::int64_t>(3));
  // The same file with a wider spread than its profile's, or under a profile without the entry.
  for (
      const std::string& profile :
      {std::string(
           R"({"name":"aveloxis","unstable_tables":{"aveloxis_data.issues":{"reason":"live","spread":1}}})"),
       std::string(R"({"name":"aveloxis"})")}) {
    State edited = saved;
    edited.inputs.profile = profile;
    save_state(dir.path(), edited);
    EXPECT_THAT(load_error_of(dir.path()), HasSubstr("is UNSTABLE by no entry of its profile"));
  }
}

// The saved profile's entries are read as the profile parser reads them: a quoted name holding a
// dot is the same table, and an entry the parser would refuse is a corrupt state, one line.
TEST(State, TheSavedUnstableTablesAreReadAsTheProfileParserReadsThem) {
  TempDir dir;
  State saved = sample_state();
  saved.results[0].schema = "app.v2";
  saved.inputs.profile = fmt::format(
      R"({{"name":"aveloxis","unstable_tables":{{"\"app.v2\".{}":{{"reason":"live"}}}}}})",
      saved.results[0].table);
  apply_unstable(saved.results, {{"app.v2", saved.results[0].table, "live", std::nullopt}});
  ASSERT_TRUE(saved.results[0].unstable);
  save_state(dir.path(), saved);
  EXPECT_TRUE(load_state(dir.path()).has_value());
  for (const char* entry : {R"({"reason":"live","spread":"3"})", R"({"reason":""})",
                            R"({"reason":"live","sprea":3})"}) {
    State edited = saved;
    edited.inputs.profile =
        fmt::format(R"({{"name":"aveloxis","unstable_tables":{{"\"app.v2\".{}":{}}}}})",
                    saved.results[0].table, entry);
    save_state(dir.path(), edited);
    const std::string error = load_error_of(dir.path());
    EXPECT_THAT(error, HasSubstr("corrupt (its inputs' profile: unstable_tables.")) << entry;
    EXPECT_EQ(error.find('\n'), std::string::npos);
  }
}

TEST(State, FileIsReportJsonPlusInputs) {
  TempDir dir;
  const State saved = sample_state();
  save_state(dir.path(), saved);
  const auto doc = nlohmann::json::parse(file::read_text(state_path(dir.path()), "test"));
  auto without_inputs = doc;
  without_inputs.erase("inputs");
  EXPECT_EQ(without_inputs, nlohmann::json(render_json(saved.info, saved.results)));
  EXPECT_EQ(doc["inputs"]["released_commit"], "abc1234def");
  EXPECT_EQ(doc["inputs"]["tree_fingerprint"], "tree:9f8e7d6+dirty:0123");
  EXPECT_EQ(doc["inputs"]["repo"], "https://github.com/augurlabs/augur");
  EXPECT_EQ(doc["inputs"]["profile"], R"({"name":"aveloxis"})");
}

TEST(State, OverwriteLeavesNoTempFiles) {
  TempDir dir;
  State state = sample_state();
  save_state(dir.path(), state);
  state.inputs.tree_fingerprint = "changed";
  save_state(dir.path(), state);
  EXPECT_EQ(load_state(dir.path())->inputs.tree_fingerprint, "changed");
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    names.push_back(entry.path().filename().string());
  }
  EXPECT_EQ(names, std::vector<std::string>{"state.json"});
  struct stat st {};
  ASSERT_EQ(::stat(state_path(dir.path()).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(State, SaveIntoMissingDirFails) {
  TempDir dir;
  EXPECT_THROW(save_state(dir.path() / "nope", sample_state()), Error);
}

TEST(StateInputs, EqualityChecksEveryField) {
  const StateInputs base = sample_state().inputs;
  EXPECT_TRUE(base == base);
  EXPECT_FALSE(base != base);
  auto other = base;
  other.released_commit = "x";
  EXPECT_NE(base, other);
  other = base;
  other.tree_fingerprint = "x";
  EXPECT_NE(base, other);
  other = base;
  other.repo = "x";
  EXPECT_NE(base, other);
  other = base;
  other.profile = "x";
  EXPECT_NE(base, other);
}

TEST(State, CorruptJson) {
  TempDir dir;
  file::write_private(state_path(dir.path()), "{\"format\": 1,\n  \"profile\": ");
  const auto message = load_error_of(dir.path());
  EXPECT_EQ(message.rfind("state '" + state_path(dir.path()).string() +
                              "': invalid JSON at line 2, column 14: ",
                          0),
            0u)
      << message;
  EXPECT_THAT(message, HasSubstr("; delete it or run without --reuse-state"));
}

TEST(State, EmptyFileIsCorrupt) {
  TempDir dir;
  file::write_private(state_path(dir.path()), "");
  EXPECT_THAT(load_error_of(dir.path()), HasSubstr("invalid JSON at line 1, column 1"));
}

TEST(State, MissingKeysAreCorrupt) {
  TempDir dir;
  save_state(dir.path(), sample_state());
  const auto path = state_path(dir.path());
  const auto full = nlohmann::json::parse(file::read_text(path, "test"));

  auto doc = full;
  doc.erase("inputs");
  file::write_private(path, doc.dump());
  EXPECT_THAT(load_error_of(dir.path()), HasSubstr("corrupt (missing key 'inputs')"));

  doc = full;
  doc["inputs"].erase("tree_fingerprint");
  file::write_private(path, doc.dump());
  EXPECT_THAT(load_error_of(dir.path()),
              HasSubstr("corrupt (missing key 'inputs.tree_fingerprint')"));

  doc = full;
  doc["tables"][0].erase("new_rows");
  file::write_private(path, doc.dump());
  EXPECT_THAT(load_error_of(dir.path()),
              HasSubstr("corrupt (report JSON: missing key 'tables[0].new_rows')"));
}

TEST(State, AnUnfinishedRunIsNotAState) {
  TempDir dir;
  save_state(dir.path(), sample_state());
  const auto path = state_path(dir.path());
  auto doc = nlohmann::json::parse(file::read_text(path, "test"));
  doc["complete"] = false;
  file::write_private(path, doc.dump());
  EXPECT_THAT(load_error_of(dir.path()), HasSubstr("corrupt (not a finished run)"));
}

TEST(State, EachSideIsKeyedByItsOwnInputs) {
  const StateInputs base = sample_state().inputs;
  StateInputs edited = base;
  edited.tree_fingerprint = "tree:another";
  StateInputs retagged = base;
  retagged.released_commit = "fedcba987";
  StateInputs other_profile = base;
  other_profile.profile = R"({"name":"other"})";
  other_profile.collection = R"({"name":"other"})";
  // Only how results are diagnosed changed: the whole profile differs, its collection parts not.
  StateInputs diagnosis_only = base;
  diagnosis_only.profile = R"({"name":"aveloxis","natural_keys":{}})";
  // A working-tree edit changes the new side's key only; a new tag commit the released side's.
  EXPECT_EQ(side_key(edited, "released"), side_key(base, "released"));
  EXPECT_NE(side_key(edited, "new"), side_key(base, "new"));
  EXPECT_NE(side_key(retagged, "released"), side_key(base, "released"));
  EXPECT_EQ(side_key(retagged, "new"), side_key(base, "new"));
  // The profile (its build command, its discovery steps) changes both.
  EXPECT_NE(side_key(other_profile, "released"), side_key(base, "released"));
  EXPECT_NE(side_key(other_profile, "new"), side_key(base, "new"));
  EXPECT_EQ(side_key(diagnosis_only, "released"), side_key(base, "released"));
  EXPECT_EQ(side_key(diagnosis_only, "new"), side_key(base, "new"));
  // A saved state answers only for the whole profile: its diagnosis used every part.
  EXPECT_NE(diagnosis_only, base);
  EXPECT_NE(side_key(base, "released"), side_key(base, "new"));
  EXPECT_EQ(side_key(base, "new").size(), 16u);
}

}  // namespace
}  // namespace dt
