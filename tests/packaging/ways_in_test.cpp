// Every documented way into data-test from a build (docs/ctest.md), run as a user runs it:
// configure, build, `ctest -L schema-change` on the example application's demo scenario, where a
// FAIL table fails ctest and FLAG and PASS tables pass. Three ways compile data-test, so these
// tests are registered only with -DDATA_TEST_PACKAGING_TESTS=ON (scripts/test-packaging.sh).
#include <algorithm>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "support/ctest_run.hpp"
#include "support/e2e.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

const fs::path kSource = DATA_TEST_SOURCE_ROOT;

// The build tree these tests were built in: its data-test is what the package ways use.
fs::path own_build() {
  return fs::path(DATA_TEST_BINARY).parent_path();
}

std::vector<std::string> joined(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// cmake -S source -B build args...; compiling ways also get the compiler launcher these tests
// were built with (ccache where this build uses it), so they cost what a user's build costs.
void configure(const fs::path& source, const fs::path& build, std::vector<std::string> args,
               bool compiles) {
  const std::string launcher = DATA_TEST_CXX_LAUNCHER;
  if (compiles && !launcher.empty()) args.push_back("-DCMAKE_CXX_COMPILER_LAUNCHER=" + launcher);
  run_or_throw(joined({"cmake", "-S", source.string(), "-B", build.string()}, args), build);
}

// A way's build tree beside this one (`<source>/build-<way>-way`, git-ignored), emptied first.
// Every path a compile sees is then under the source root at the same place relative to the build
// tree, in every clone and on every run; with ccache keyed as data-test's own CMakeLists.txt has
// it (paths relative to the source root, -Werror left out), a way that compiles data-test from
// source recompiles only what changed since the last run, here or in an earlier clone.
fs::path way_build(const std::string& way) {
  const fs::path build = own_build().parent_path() / ("build-" + way + "-way");
  fs::remove_all(build);
  fs::create_directories(build);
  ::setenv("CCACHE_BASEDIR", kSource.c_str(), 1);
  ::setenv("CCACHE_NOHASHDIR", "true", 1);
  ::setenv("CCACHE_IGNOREOPTIONS", "-Werror", 1);
  return build;
}

void build_all(const fs::path& build) {
  const unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  run_or_throw({"cmake", "--build", build.string(), "-j", std::to_string(jobs)}, build);
}

// The end of every way: the suite's tests as ctest runs them, checked against report.json.
void ctest_demo(const fs::path& build, const std::string& suite) {
  const auto ran = run_ctest(build, {"-L", "schema-change"});
  expect_demo_verdicts(ran, suite, build / "data-test-suites" / suite);
}

void git(const fs::path& dir, std::vector<std::string> args) {
  run_or_throw(joined({"git", "-c", "user.name=packaging", "-c", "user.email=packaging@example.org",
                       "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"},
                      args),
               dir);
}

// A git repository of data-test's source as it is now (uncommitted edits included), tagged
// packaging-test: what a FetchContent user's GIT_REPOSITORY points at.
fs::path source_repository() {
  const fs::path repo = fresh_dir("data-test-git") / "data-test";
  const std::string listed =
      run_or_throw({"git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"}, kSource)
          .out;
  for (std::size_t start = 0, end; (end = listed.find('\0', start)) != std::string::npos;
       start = end + 1) {
    const fs::path relative = listed.substr(start, end - start);
    const fs::path from = kSource / relative;
    const auto status = fs::symlink_status(from);
    if (!fs::exists(status) || fs::is_directory(status)) continue;  // deleted, or a submodule
    fs::create_directories((repo / relative).parent_path());
    fs::copy(from, repo / relative, fs::copy_options::copy_symlinks);
  }
  git(repo, {"init", "-q", "-b", "main"});
  git(repo, {"add", "-A"});
  git(repo, {"commit", "-q", "-m", "data-test as tested"});
  git(repo, {"tag", "packaging-test"});
  return repo;
}

// A cache variable of this build tree ("" when unset).
std::string own_cache_value(const std::string& name) {
  const std::string cache = read_text(own_build() / "CMakeCache.txt");
  for (std::size_t start = 0, end; (end = cache.find('\n', start)) != std::string::npos;
       start = end + 1) {
    const std::string line = cache.substr(start, end - start);
    if (line.rfind(name + ":", 0) == 0) return line.substr(line.find('=') + 1);
  }
  return "";
}

// Every relative link and image in the installed README.md, ARCHITECTURE.md and docs/*.md names
// an installed file: the docs are read from the prefix, where a file left out of the install
// rules is a broken link (issue 27: README's docs/report-html.png was not installed).
void expect_installed_links_resolve(const fs::path& doc_dir) {
  std::vector<fs::path> pages{doc_dir / "README.md", doc_dir / "ARCHITECTURE.md"};
  for (const auto& entry : fs::directory_iterator(doc_dir / "docs")) {
    if (entry.path().extension() == ".md") pages.push_back(entry.path());
  }
  // [text](target "title"), ![alt](target) and <img src="target">.
  const std::regex link(R"re(\]\(([^)\s]+)[^)]*\)|src="([^"]+)")re");
  int checked = 0;
  for (const auto& page : pages) {
    const std::string text = read_text(page);
    for (std::sregex_iterator it(text.begin(), text.end(), link), end; it != end; ++it) {
      std::string target = (*it)[1].matched ? (*it)[1].str() : (*it)[2].str();
      if (target.find("://") != std::string::npos || target.rfind("mailto:", 0) == 0) continue;
      target = target.substr(0, target.find('#'));
      if (target.empty()) continue;  // an anchor within the page
      ++checked;
      EXPECT_TRUE(fs::is_regular_file(page.parent_path() / target))
          << page << " links " << target << ", which the install left out";
    }
  }
  EXPECT_GT(checked, 10);  // the pages were found and their links read
}

TEST(WaysIn, OwnBuildTree) {
  const fs::path clone = make_app_clone("own", "demo");
  const fs::path config = make_operator_config(clone.parent_path());
  // Beside this build tree and configured as it was (build type, -Werror): data-test's own
  // CMakeLists.txt then compiles through ccache with the same relative paths and flags, so this
  // way recompiles nothing this build compiled (docs/testing.md).
  const fs::path build = own_build().parent_path() / (own_build().filename().string() + "-own-way");
  fs::remove_all(build);
  fs::create_directories(build);
  configure(
      kSource, build,
      {"-DCMAKE_BUILD_TYPE=" + own_cache_value("CMAKE_BUILD_TYPE"),
       "-DDATA_TEST_WERROR=" + own_cache_value("DATA_TEST_WERROR"), "-DDATA_TEST_BUILD_TESTS=OFF",
       "-DDATA_TEST_RELEASED_TAG=v1.0", "-DDATA_TEST_REPO=" + history_repo().string(),
       "-DDATA_TEST_SOURCE_DIR=" + clone.string(), "-DDATA_TEST_CONFIG=" + config.string(),
       "-DDATA_TEST_PROFILE=" + example_profile().string()},
      false);
  build_all(build);
  EXPECT_TRUE(fs::is_regular_file(build / "data-test"));
  ctest_demo(build, "schema-change");
  fs::remove_all(build);
}

TEST(WaysIn, AddSubdirectory) {
  const fs::path clone = make_app_clone("subdir", "demo");
  const fs::path build = way_build("subdir");
  // The parent picks the build type and where data-test builds: here this build tree's type, and
  // a tree beside this one (make compiles in each target's folder), so that data-test's sources
  // compile with the flags and relative paths they had here and ccache has them all already.
  const fs::path data_test_build = way_build("subdir-data-test");
  configure(kSource / "tests/e2e/subdir_project", build,
            joined({"-DDATA_TEST_SOURCE=" + kSource.string(),
                    "-DDATA_TEST_BINARY_DIR=" + data_test_build.string(),
                    "-DCMAKE_BUILD_TYPE=" + own_cache_value("CMAKE_BUILD_TYPE")},
                   app_cache_args(clone)),
            true);
  build_all(build);
  ctest_demo(build, "app");
  fs::remove_all(build);
  fs::remove_all(data_test_build);
}

TEST(WaysIn, FetchContentFromAGitRepository) {
  const fs::path repo = source_repository();
  const fs::path clone = make_app_clone("fetch", "demo");
  const fs::path build = way_build("fetch");
  // Its sources live under the build tree (_deps/), so no other build's compiles serve it. It
  // compiles each product library as one translation unit (unity batch size 0): a file-local
  // name used twice in a library, which the default batches of 8 may keep apart, fails here.
  configure(kSource / "tests/e2e/fetch_project", build,
            joined({"-DDATA_TEST_GIT_URL=file://" + repo.string(),
                    "-DDATA_TEST_GIT_TAG=packaging-test", "-DCMAKE_UNITY_BUILD_BATCH_SIZE=0"},
                   app_cache_args(clone)),
            true);
  EXPECT_TRUE(fs::exists(build / "_deps" / "datatest-src" / ".git"));  // a clone, not a copy
  build_all(build);
  ctest_demo(build, "app");
  fs::remove_all(build);
}

TEST(WaysIn, FindPackageFromAnInstallPrefix) {
  const fs::path prefix = fresh_dir("prefix");
  run_or_throw({"cmake", "--install", own_build().string(), "--prefix", prefix.string()},
               own_build());
  const fs::path package = prefix / "lib" / "cmake" / "DataTest";
  for (const fs::path& file :
       {prefix / "bin" / "data-test", package / "DataTestConfig.cmake",
        package / "DataTestConfigVersion.cmake", package / "DataTestTargets.cmake",
        package / "DataTest.cmake", package / "suite_tests.cmake.in",
        prefix / "share" / "man" / "man1" / "data-test.1",
        prefix / "share" / "doc" / "data-test" / "README.md",
        prefix / "share" / "doc" / "data-test" / "LICENSE",
        prefix / "share" / "doc" / "data-test" / "docs" / "ctest.md"}) {
    EXPECT_TRUE(fs::is_regular_file(file)) << file;
  }
  expect_installed_links_resolve(prefix / "share" / "doc" / "data-test");

  const fs::path clone = make_app_clone("prefix", "demo");
  const fs::path build = fresh_dir("prefix-build");
  configure(kSource / "tests/e2e/ctest_project", build,
            joined({"-DCMAKE_PREFIX_PATH=" + prefix.string()}, app_cache_args(clone)), false);
  build_all(build);
  EXPECT_NE(read_text(build / "CTestTestfile.cmake").find((prefix / "bin" / "data-test").string()),
            std::string::npos);
  ctest_demo(build, "app");
}

TEST(WaysIn, FindPackageFromABuildTree) {
  const fs::path clone = make_app_clone("buildtree", "demo");
  const fs::path build = fresh_dir("buildtree-build");
  configure(kSource / "tests/e2e/ctest_project", build,
            joined({"-DDataTest_DIR=" + own_build().string()}, app_cache_args(clone)), false);
  build_all(build);
  EXPECT_NE(read_text(build / "CTestTestfile.cmake").find((own_build() / "data-test").string()),
            std::string::npos);
  ctest_demo(build, "app");
}

}  // namespace
}  // namespace dt::e2e
