// Issue 23's audit of the cache dir and the work dir, on the real binary: another local user's
// directory (uid 65534, given by root), one that others may write to, a build planted in the
// cache, a symlink where data-test makes a directory, and a build output the cache cannot keep.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/e2e.hpp"
#include "support/safety.hpp"
#include "util/process.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

constexpr uid_t kOtherUser = 65534;  // nobody: the other local user

struct Dirs {
  std::string name;
  fs::path clone, config, profile, cache;
  int runs = 0;
};

Dirs setup(const std::string& name, const nlohmann::json& build = fast_build()) {
  Dirs d;
  d.name = name;
  d.clone = make_app_clone(name, "");
  d.config = make_operator_config(d.clone.parent_path());
  d.profile = write_profile(fresh_dir(name + "-profile"), build, quick_steps());
  d.cache = fresh_dir(name + "-cache") / "data-test";
  return d;
}

Result run(Dirs& d, const fs::path& work = {}, const std::string& max_age = "0") {
  const fs::path dir =
      work.empty() ? fresh_dir(d.name + "-work-" + std::to_string(++d.runs)) : work;
  auto args = run_args(d.clone, dir, d.config, d.profile);
  args.insert(args.end(), {"--cache-dir", d.cache.string(), "--snapshot-max-age", max_age});
  return run_data_test(args);
}

void expect_refused(const Result& r, const std::string& part, const std::string& flag) {
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_EQ(count_lines_starting(r.err, "data-test: error: "), 1) << r.err;
  EXPECT_NE(r.err.find(part), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(flag), std::string::npos) << r.err;
  EXPECT_FALSE(database_exists("example_released"));
}

void give_away(const fs::path& root) {
  ASSERT_EQ(::lchown(root.c_str(), kOtherUser, kOtherUser), 0);
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    ASSERT_EQ(::lchown(entry.path().c_str(), kOtherUser, kOtherUser), 0) << entry.path();
  }
}

// The one cached build's executable (the cache holds one entry after one run).
fs::path cached_executable(const fs::path& cache) {
  std::vector<fs::path> found;
  for (const auto& entry : fs::directory_iterator(cache / "builds")) {
    for (const auto& file : fs::directory_iterator(entry.path() / "files")) {
      found.push_back(file.path());
    }
  }
  EXPECT_EQ(found.size(), 1U);
  return found.empty() ? fs::path() : found.front();
}

TEST(ForeignDirs, ABuildPlantedInTheCacheIsNeverRun) {
  Dirs d = setup("planted-build");
  ASSERT_EQ(run(d).status, 0);
  const fs::path exe = cached_executable(d.cache);
  const fs::path ran = d.cache.parent_path() / "planted-ran";
  // Another program written over the stored one in place, padded to its size, its modification
  // time put back: the same file, size and time, so only a digest of the content tells.
  const auto size = fs::file_size(exe);
  const auto mtime = fs::last_write_time(exe);
  std::string script = "#!/bin/sh\ntouch '" + ran.string() + "'\nexec '" +
                       prebuilt_collector().string() + "' \"$@\"\n#";
  script.resize(size, '#');
  std::ofstream(exe, std::ios::in | std::ios::out | std::ios::binary) << script;
  fs::last_write_time(exe, mtime);
  ASSERT_EQ(fs::file_size(exe), size);
  const Result second = run(d);
  EXPECT_EQ(second.status, 0) << second.err;
  EXPECT_FALSE(fs::exists(ran)) << "the planted build ran";
  EXPECT_NE(second.err.find("changed since it was stored; building again"), std::string::npos)
      << second.err;
  EXPECT_EQ(second.err.find("released build: cached"), std::string::npos) << second.err;
}

TEST(ForeignDirs, ACacheDirOthersMayWriteOrOfAnotherUserIsRefused) {
  Dirs d = setup("foreign-cache");
  ASSERT_EQ(run(d).status, 0);
  fs::permissions(d.cache, fs::perms::all);
  expect_refused(run(d), "is open to group or others (mode 0777)", "--cache-dir");
  fs::permissions(d.cache, fs::perms::owner_all);
  fs::permissions(cached_executable(d.cache).parent_path(), fs::perms::others_write,
                  fs::perm_options::add);
  expect_refused(run(d), "files' in the cache dir is writable by group or others", "--cache-dir");
  if (::geteuid() != 0) GTEST_SKIP() << "only root can give the cache dir to another user";
  give_away(d.cache);
  fs::permissions(cached_executable(d.cache).parent_path(), fs::perms::others_write,
                  fs::perm_options::remove);
  expect_refused(run(d), "is owned by uid 65534, not by you", "--cache-dir");
}

TEST(ForeignDirs, AWorkDirOthersMayWriteOrOfAnotherUserIsRefused) {
  Dirs d = setup("foreign-work");
  const fs::path open = fresh_dir("foreign-work-open");
  fs::permissions(open, fs::perms::all);
  expect_refused(run(d, open), "is writable by group or others (mode 0777)", "--work-dir");
  EXPECT_TRUE(fs::is_empty(open));
  if (::geteuid() != 0) GTEST_SKIP() << "only root can give a work dir to another user";
  const fs::path theirs = fresh_dir("foreign-work-theirs");
  fs::permissions(theirs, fs::perms::owner_all);
  give_away(theirs);
  expect_refused(run(d, theirs), "is owned by uid 65534, not by you", "--work-dir");
  EXPECT_TRUE(fs::is_empty(theirs));
}

TEST(ForeignDirs, ASymlinkWhereDataTestMakesADirectoryIsNeverFollowed) {
  const fs::path clone = make_app_clone("symlinked-dirs", "fk_regression");
  const fs::path work = fresh_dir("symlinked-dirs-work");
  // --fresh: the released side collected, not copied from the first run's snapshot, so that the
  // diagnosis samples the lost rows again.
  auto args = standard_args(clone, work, make_operator_config(work.parent_path()));
  args.emplace_back("--fresh");
  ASSERT_EQ(run_data_test(args).status, 1);  // a FAIL: lost/ holds its rows
  ASSERT_TRUE(fs::is_directory(work / "lost"));
  for (const char* name : {"logs", "config", "bin", "lost"}) {
    const fs::path victim = fresh_dir(std::string("symlinked-victim-") + name);
    fs::rename(work / name, work.parent_path() / (std::string("kept-") + name));
    fs::create_directory_symlink(victim, work / name);
    const Result r = run_data_test(args);
    const std::string refusal = "'" + (work / name).string() + "' in the work dir is a symlink";
    if (std::string(name) == "lost") {
      // The evidence of a FAIL is not the verdict: the run ends as a FAIL, the refusal is the
      // table's diagnosis problem.
      EXPECT_EQ(r.status, 1) << r.err;
      const nlohmann::json report = read_report_json(work);
      const auto* table = table_of(report, "example_data.commit_parents");
      ASSERT_NE(table, nullptr);
      EXPECT_NE(table->at("diagnosis").at("problems").dump().find(refusal), std::string::npos)
          << table->dump();
    } else {
      EXPECT_EQ(r.status, 2) << name << r.err;
      EXPECT_NE(r.err.find(refusal), std::string::npos) << name << r.err;
    }
    EXPECT_TRUE(fs::is_empty(victim)) << name;
    fs::remove(work / name);
    fs::rename(work.parent_path() / (std::string("kept-") + name), work / name);
  }
  EXPECT_FALSE(database_exists("example_released"));
}

TEST(ForeignDirs, ASymlinkInTheCacheDirIsRefusedBeforeAnythingIsWritten) {
  Dirs d = setup("symlinked-cache");
  ASSERT_EQ(run(d).status, 0);
  const fs::path victim = fresh_dir("symlinked-cache-victim");
  fs::create_directory_symlink(victim, d.cache / "snapshots");
  expect_refused(run(d, {}, "1h"), "snapshots' in the cache dir is a symlink", "--cache-dir");
  EXPECT_TRUE(fs::is_empty(victim));
}

TEST(ForeignDirs, ABuildThatWritesBesideItsExecutableIsCachedWhole) {
  // The build also writes a schema file next to {bin}, which the steps read from there.
  const std::string copy =
      "cp '" + prebuilt_collector().string() + "' {bin} && echo schema > {bin}.schema.sql";
  Dirs d = setup("whole-output", nlohmann::json::array({"sh", "-c", copy}));
  nlohmann::json doc = nlohmann::json::parse(read_text(d.profile));
  doc["steps"].push_back(sh_step("test -s {bin}.schema.sql"));
  std::ofstream(d.profile) << doc.dump(2) << "\n";
  const Result first = run(d);
  ASSERT_EQ(first.status, 0) << first.err;
  const Result second = run(d);
  EXPECT_EQ(second.status, 0) << second.err;
  EXPECT_NE(second.err.find("released build: cached"), std::string::npos) << second.err;
}

TEST(ForeignDirs, ABuildOutputTheCacheCannotKeepIsBuiltAgainNotFailed) {
  const std::string link =
      "cp '" + prebuilt_collector().string() + "' {bin} && ln -s /etc/hostname {bin}.link";
  Dirs d = setup("symlink-output", nlohmann::json::array({"sh", "-c", link}));
  const Result first = run(d);
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_NE(first.err.find("holds what the cache cannot keep"), std::string::npos) << first.err;
  const Result second = run(d);
  EXPECT_EQ(second.status, 0) << second.err;
  EXPECT_EQ(second.err.find("released build: cached"), std::string::npos) << second.err;
}

}  // namespace
}  // namespace dt::e2e
