// The CMake package end to end: a real build tree that uses find_package(DataTest) against the
// example application, driven with ctest.
#include <fstream>
#include <regex>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "support/adoption.hpp"
#include "support/ctest_run.hpp"
#include "support/e2e.hpp"
#include "util/process.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

// The package installed from this build tree, once per process.
const fs::path& installed_prefix() {
  static const fs::path prefix = [] {
    fs::path dir = fresh_dir("prefix");
    const fs::path build = fs::path(DATA_TEST_BINARY).parent_path();
    const auto r =
        process::capture({"cmake", "--install", build.string(), "--prefix", dir.string()}, build);
    if (r.status != 0) throw std::runtime_error("cmake --install failed: " + r.out + r.err);
    return dir;
  }();
  return prefix;
}

struct Tree {
  fs::path clone;
  fs::path build;
};

// inside_clone: the build tree at <clone>/build, the usual place (not git-ignored).
Tree configure(const std::string& name, const std::string& scenario, bool inside_clone = false,
               const std::vector<std::string>& extra = {}) {
  Tree tree;
  tree.clone = make_app_clone(name, scenario);
  tree.build = inside_clone ? tree.clone / "build" : fresh_dir(name + "-build");
  fs::create_directories(tree.build);
  std::vector<std::string> argv{"cmake",
                                "-S",
                                std::string(DATA_TEST_SOURCE_ROOT) + "/tests/e2e/ctest_project",
                                "-B",
                                tree.build.string(),
                                "-DCMAKE_PREFIX_PATH=" + installed_prefix().string()};
  const auto app = app_cache_args(tree.clone);
  argv.insert(argv.end(), app.begin(), app.end());
  argv.insert(argv.end(), extra.begin(), extra.end());
  run_or_throw(argv, tree.build);
  return tree;
}

process::Captured ctest(const Tree& tree, std::vector<std::string> args) {
  return run_ctest(tree.build, std::move(args));
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1))
    ++n;
  return n;
}

const char* kCollectStarted = "phase 4/6 (collect, released side): started";

TEST(CTestSuite, ListsRunsAndReportsOneTestPerTable) {
  const Tree tree = configure("ctest-full", "demo");

  // ctest -N: collect, one test per table (from a schema-only discovery), unlisted, cleanup.
  const auto listed = ctest(tree, {"-N", "-L", "schema-change"});
  ASSERT_EQ(listed.status, 0) << listed.out << listed.err;
  std::set<std::string> names;
  const std::regex line(R"(Test +#\d+: (\S+))");
  for (std::sregex_iterator it(listed.out.begin(), listed.out.end(), line), end; it != end; ++it) {
    names.insert((*it)[1]);
  }
  EXPECT_TRUE(names.count("app.collect")) << listed.out;
  EXPECT_TRUE(names.count("app.cleanup")) << listed.out;
  EXPECT_TRUE(names.count("app.unlisted")) << listed.out;
  EXPECT_TRUE(names.count("app.example_data.commit_parents")) << listed.out;
  EXPECT_TRUE(names.count("app.example_data.commits")) << listed.out;
  EXPECT_TRUE(names.count("app.UPGRADE_example_data.commits")) << listed.out;
  EXPECT_TRUE(names.count("app.UPGRADE_.migration")) << listed.out;

  // --show-only=json-v1, as IDEs read it: every table test carries the labels.
  const auto shown = ctest(tree, {"--show-only=json-v1"});
  ASSERT_EQ(shown.status, 0) << shown.err;
  const auto json = nlohmann::json::parse(shown.out);
  std::size_t table_tests = 0;
  for (const auto& test : json.at("tests")) {
    std::set<std::string> labels;
    for (const auto& property : test.value("properties", nlohmann::json::array())) {
      if (property.at("name") == "LABELS") {
        for (const auto& label : property.at("value")) labels.insert(label);
      }
    }
    EXPECT_TRUE(labels.count("schema-change")) << test.dump();
    EXPECT_TRUE(labels.count("nightly")) << test.dump();
    const std::string name = test.at("name");
    // The upgrade's tests carry "upgrade" too (ctest -L upgrade), the others do not.
    EXPECT_EQ(labels.count("upgrade") == 1, name.rfind("app.UPGRADE_", 0) == 0) << test.dump();
    if (name != "app.collect" && name != "app.cleanup" && name != "app.unlisted") ++table_tests;
  }
  EXPECT_EQ(table_tests + 3, names.size());

  // The run: exactly the FAIL table fails; junit has one testcase per test.
  const fs::path junit = tree.build / "junit.xml";
  const auto ran = ctest(tree, {"-L", "schema-change", "--output-junit", junit.string()});
  const fs::path work_dir = tree.build / "data-test-suites" / "app";
  expect_demo_verdicts(ran, "app", work_dir);
  // The listed names, per configuration only under a multi-config generator (no trailing dash).
  EXPECT_TRUE(fs::exists(tree.build / "data-test-suites" / "app_listed.txt"));
  EXPECT_FALSE(fs::exists(tree.build / "data-test-suites" / "app_listed-.txt"));

  const auto report = read_report_json(work_dir);
  const std::string xml = read_text(junit);
  // collect, unlisted, cleanup; a test per table, an upgrade test per table, the migration's.
  EXPECT_EQ(count(xml, "<testcase "), 2 * report.at("tables").size() + 1 + 3) << xml;
  for (const auto& row : report.at("tables")) {
    if (row.at("verdict") == "FAIL") {
      EXPECT_NE(xml.find("released=" + std::to_string(row.at("released_rows").get<long>())),
                std::string::npos);
    }
  }
  // The table tests read the evidence from the saved state and print it.
  EXPECT_NE(xml.find("FK_ADDED: foreign key added on parent_sha, not deferrable"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("Lost rows: 61"), std::string::npos) << xml;
}

TEST(CTestSuite, OneTableTwiceCollectsOnceAndATreeChangeCollectsAgain) {
  const Tree tree = configure("ctest-reuse", "neutral");
  const std::vector<std::string> one{"-V", "-R", "^app\\.example_data\\.commits$"};

  const auto first = ctest(tree, one);
  ASSERT_EQ(first.status, 0) << first.out << first.err;
  EXPECT_EQ(count(first.out, kCollectStarted), 1u) << first.out;

  const auto second = ctest(tree, one);
  ASSERT_EQ(second.status, 0) << second.out << second.err;
  EXPECT_EQ(count(second.out, kCollectStarted), 0u) << second.out;
  EXPECT_NE(second.out.find("reusing the collection"), std::string::npos) << second.out;

  std::ofstream(tree.clone / "schema.sql", std::ios::app) << "\n-- a working-tree change\n";
  const auto third = ctest(tree, one);
  ASSERT_EQ(third.status, 0) << third.out << third.err;
  // The new side collects again; the released side, unchanged, comes from its snapshot.
  EXPECT_EQ(count(third.out, "phase 4/6 (collect, new side): started"), 1u) << third.out;
  EXPECT_EQ(count(third.out, kCollectStarted), 0u) << third.out;
  EXPECT_NE(third.out.find("released collection: from snapshot"), std::string::npos) << third.out;
}

// The newcomer's case: the build tree inside the application's clone, where every ctest writes
// (Testing/, listings, junit). The second ctest reuses the collection; a real edit still counts.
TEST(CTestSuite, ABuildTreeInsideTheCloneCollectsOnce) {
  const fs::path cache = fresh_dir("ctest-inside-cache");
  const Tree tree =
      configure("ctest-inside", "neutral", true, {"-DDATA_TEST_CACHE_DIR=" + cache.string()});
  const std::vector<std::string> all{"-V", "-L", "schema-change"};
  const auto first = ctest(tree, all);
  ASSERT_EQ(first.status, 0) << first.out << first.err;
  EXPECT_EQ(count(first.out, "phase 4/6 (collect, new side): started"), 1u) << first.out;
  // The build tree now holds files git would list as untracked.
  const auto untracked = process::capture(
      {"git", "status", "--porcelain", "--untracked-files=all", "build"}, tree.clone);
  EXPECT_FALSE(untracked.out.empty());

  const auto second = ctest(tree, all);
  ASSERT_EQ(second.status, 0) << second.out << second.err;
  EXPECT_EQ(count(second.out, kCollectStarted), 0u) << second.out;
  EXPECT_EQ(count(second.out, "phase 4/6 (collect, new side): started"), 0u) << second.out;
  EXPECT_NE(second.out.find("reusing the collection"), std::string::npos) << second.out;
  // CACHE_DIR's default from -DDATA_TEST_CACHE_DIR: the released build was kept there.
  EXPECT_TRUE(fs::exists(cache / "builds")) << second.out;

  std::ofstream(tree.clone / "schema.sql", std::ios::app) << "\n-- a working-tree change\n";
  const auto third = ctest(tree, {"-V", "-R", "^app\\.example_data\\.commits$"});
  ASSERT_EQ(third.status, 0) << third.out << third.err;
  EXPECT_EQ(count(third.out, "phase 4/6 (collect, new side): started"), 1u) << third.out;
}

}  // namespace
}  // namespace dt::e2e

namespace dt::e2e {
namespace {

// Configure-only checks (nothing is built): the suite is registered from a source tree through
// add_subdirectory, and in data-test's own build tree through the DATA_TEST_* cache variables.
std::string configure_only(const std::vector<std::string>& extra, const fs::path& source,
                           const fs::path& build) {
  std::vector<std::string> argv{"cmake", "-S", source.string(), "-B", build.string()};
  argv.insert(argv.end(), extra.begin(), extra.end());
  const auto r = process::capture(argv, build.parent_path());
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  const auto listed =
      process::capture({"cmake", "-E", "cat", (build / "CTestTestfile.cmake").string()}, build);
  return listed.out;
}

TEST(CTestSuite, SourceTreeAndOwnBuildTreeRegisterTheSuite) {
  const fs::path root = DATA_TEST_SOURCE_ROOT;
  const fs::path clone = make_app_clone("ctest-cfg", "");
  const fs::path config = make_operator_config(clone.parent_path());

  const fs::path sub = fresh_dir("subdir-build");
  const std::string sub_tests = configure_only(
      {"-DDATA_TEST_SOURCE=" + root.string(), "-DAPP_REPO=" + history_repo().string(),
       "-DAPP_SOURCE=" + clone.string(), "-DAPP_CONFIG=" + config.string(),
       "-DAPP_PROFILE=" + example_profile().string()},
      root / "tests/e2e/subdir_project", sub);
  EXPECT_NE(sub_tests.find("app.collect]=]"), std::string::npos) << sub_tests;
  EXPECT_NE(sub_tests.find("app.cleanup]=]"), std::string::npos) << sub_tests;
  EXPECT_NE(sub_tests.find("app_tests-"), std::string::npos) << sub_tests;  // the table listing
  const fs::path generated = sub / "data-test-suites" / "app_tests-RelWithDebInfo.cmake";
  EXPECT_TRUE(fs::exists(generated) || fs::exists(sub / "data-test-suites" / "app_tests-.cmake"));
  // As a subproject, data-test leaves the parent's build type alone and installs nothing.
  EXPECT_NE(read_text(sub / "CMakeCache.txt").find("\nCMAKE_BUILD_TYPE:STRING=\n"),
            std::string::npos);
  const fs::path prefix = fresh_dir("subdir-prefix");
  const auto installed =
      process::capture({"cmake", "--install", sub.string(), "--prefix", prefix.string()}, sub);
  EXPECT_EQ(installed.status, 0) << installed.out << installed.err;
  EXPECT_TRUE(fs::is_empty(prefix)) << installed.out;

  const fs::path own = fresh_dir("own-build");
  const std::string own_tests = configure_only(
      {"-DDATA_TEST_BUILD_TESTS=OFF", "-DDATA_TEST_RELEASED_TAG=v1.0",
       "-DDATA_TEST_REPO=" + history_repo().string() + ";" + second_history_repo().string(),
       "-DDATA_TEST_SOURCE_DIR=" + clone.string(), "-DDATA_TEST_CONFIG=" + config.string(),
       "-DDATA_TEST_PROFILE=" + example_profile().string(), "-DDATA_TEST_KEEP_DBS=ON",
       "-DDATA_TEST_SNAPSHOT_MAX_AGE=7d"},
      root, own);
  EXPECT_NE(own_tests.find("schema-change.collect]=]"), std::string::npos) << own_tests;
  EXPECT_NE(own_tests.find("--keep-dbs"), std::string::npos) << own_tests;
  EXPECT_NE(own_tests.find("\"--snapshot-max-age\" \"7d\""), std::string::npos) << own_tests;
  EXPECT_NE(own_tests.find("KEEP_DBS: scratch databases of suite schema-change kept"),
            std::string::npos)
      << own_tests;
  EXPECT_NE(own_tests.find("\"--source-dir\" \"" + clone.string() + "\""), std::string::npos)
      << own_tests;
  // REPO takes a list: one --repo per repository, in order.
  EXPECT_NE(own_tests.find("\"--repo\" \"" + history_repo().string() + "\" \"--repo\" \"" +
                           second_history_repo().string() + "\""),
            std::string::npos)
      << own_tests;
  // The suite's files stay clear of <build>/data-test, where the executable is linked.
  EXPECT_FALSE(fs::exists(own / "data-test")) << "configure made " << (own / "data-test");
  EXPECT_TRUE(fs::exists(own / "data-test-suites" / "schema-change_tests-RelWithDebInfo.cmake"));

  // A tag without the source dir is one clear configuration error.
  const fs::path bad = fresh_dir("own-build-bad");
  const auto r = process::capture(
      {"cmake", "-S", root.string(), "-B", bad.string(), "-DDATA_TEST_BUILD_TESTS=OFF",
       "-DDATA_TEST_RELEASED_TAG=v1.0", "-DDATA_TEST_REPO=x"},
      bad);
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("DATA_TEST_SOURCE_DIR is not"), std::string::npos) << r.err;

  // So is an age data-test would refuse at ctest time.
  const fs::path age = fresh_dir("own-build-age");
  const auto aged = process::capture(
      {"cmake", "-S", root.string(), "-B", age.string(), "-DDATA_TEST_BUILD_TESTS=OFF",
       "-DDATA_TEST_RELEASED_TAG=v1.0", "-DDATA_TEST_REPO=x",
       "-DDATA_TEST_SOURCE_DIR=" + clone.string(), "-DDATA_TEST_SNAPSHOT_MAX_AGE=soon"},
      age);
  EXPECT_NE(aged.status, 0);
  EXPECT_NE(aged.err.find("SNAPSHOT_MAX_AGE 'soon' is not an age"), std::string::npos) << aged.err;
}

}  // namespace
}  // namespace dt::e2e
