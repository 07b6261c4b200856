// Issue 27, "a self-check: which tables are noise": `data-test --self-check` on the real binary
// with the example application. A step stands in for a live source: it writes 2 rows to
// example_data.noise, or 7 once the test has created the file `live`. The first self-check sees
// the same source twice: every table stable, exit 0, an empty fragment, and the released
// collection kept as the snapshot. The second copies that snapshot as the released side and
// collects again with `live` there: exactly example_data.noise differs (spread 5), exit 1. Both
// times each step ran the released tag's build in its worktree, never the working tree's.
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/e2e.hpp"
#include "support/safety.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

// The example profile (its natural keys leave the collection times out of the content) with the
// fast build, a step that records which executable and source each side ran, and the noise.
fs::path noisy_profile(const fs::path& dir, const fs::path& live) {
  nlohmann::json profile = nlohmann::json::parse(read_text(example_profile()));
  profile["build"] = fast_build();
  profile["steps"].push_back(sh_step("echo {side} {bin} {src} >> {work_dir}/paths.txt"));
  profile["steps"].push_back(sh_step(
      "n=2; if [ -e '" + live.string() + "' ]; then n=7; fi; " +
      psql_script("example_{side}",
                  "create table example_data.noise (n int); "
                  "insert into example_data.noise select g from generate_series(1, $n) g")));
  fs::path path = dir / "profile.json";
  std::ofstream(path) << profile.dump(2) << "\n";
  return path;
}

// Every "<side> <bin> <src>" line of a run, one per side.
std::string paths_of(const fs::path& work) {
  return read_text(work / "paths.txt");
}

TEST(SelfCheck, AStableCollectionExitsZeroAndALiveSourceNamesItsTableOnly) {
  // A working tree that loses rows: were it built or run, its tables would differ.
  const auto clone = make_app_clone("self-check", "drop_table");
  const auto config = make_operator_config(clone.parent_path());
  const fs::path dir = fresh_dir("self-check-profile");
  const fs::path live = dir / "live";
  const auto profile = noisy_profile(dir, live);

  const fs::path quiet_work = fresh_dir("self-check-quiet");
  auto args = run_args(clone, quiet_work, config, profile);
  args.emplace_back("--self-check");
  const auto quiet = run_data_test(args);
  ASSERT_EQ(quiet.status, 0) << quiet.out << quiet.err;
  const std::string empty = "{\n  \"unstable_tables\": {}\n}\n";
  EXPECT_EQ(read_text(quiet_work / "unstable_tables.json"), empty);
  EXPECT_NE(quiet.out.find(empty), std::string::npos) << quiet.out;
  EXPECT_EQ(quiet.err.find("unstable: "), std::string::npos) << quiet.err;
  EXPECT_NE(quiet.err.find("self-check: all "), std::string::npos) << quiet.err;
  const std::string released = (quiet_work / "bin" / "released" / "example").string() + " " +
                               (quiet_work / "released-src").string();
  EXPECT_EQ(paths_of(quiet_work), "released " + released + "\nnew " + released + "\n");
  const auto quiet_report = read_report_json(quiet_work);
  EXPECT_EQ(quiet_report.at("self_check"), true);
  EXPECT_TRUE(quiet_report.at("upgrade").is_null());
  EXPECT_EQ(quiet_report.at("content_check"), "on");
  EXPECT_NE(read_text(quiet_work / "report.md").find("**Self-check:**"), std::string::npos);

  std::ofstream(live) << "on\n";
  const fs::path noisy_work = fresh_dir("self-check-noisy");
  args = run_args(clone, noisy_work, config, profile);
  args.emplace_back("--self-check");
  const auto noisy = run_data_test(args);
  ASSERT_EQ(noisy.status, 1) << noisy.out << noisy.err;
  // The released side is the first self-check's collection, kept as the snapshot; the second
  // collection still ran the released build, made in a worktree for it.
  const auto report = read_report_json(noisy_work);
  EXPECT_NE(report.at("released").value("collection", "").find("snapshot"), std::string::npos)
      << report.dump(2);
  EXPECT_EQ(paths_of(noisy_work), "new " + (noisy_work / "bin" / "released" / "example").string() +
                                      " " + (noisy_work / "released-src").string() + "\n");
  const auto fragment = nlohmann::json::parse(read_text(noisy_work / "unstable_tables.json"));
  EXPECT_EQ(fragment, nlohmann::json::parse(R"({"unstable_tables": {"example_data.noise":
      {"reason": "self-check: released 2 rows, again 7", "spread": 5}}})"));
  EXPECT_NE(noisy.out.find(fragment.dump(2)), std::string::npos) << noisy.out;
  EXPECT_EQ(count_lines_starting(noisy.err, "data-test: warning: unstable: "), 1) << noisy.err;
  EXPECT_NE(noisy.err.find("data-test: warning: unstable: example_data.noise: released 2, again "
                           "7 (spread 5)"),
            std::string::npos)
      << noisy.err;
}

}  // namespace
}  // namespace dt::e2e
