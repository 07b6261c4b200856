// Issue 12, hardening: the disk fills. The work dir lies on a small tmpfs that a collection step
// fills; the run exits 2 with one line naming the log it could not write and the phase, and
// still cleans up (scratch databases, configs, worktree).
#include <string>

#include <gtest/gtest.h>

#include "support/e2e.hpp"
#include "support/safety.hpp"
#include "util/process.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

// A tmpfs mounted at dir for the test's lifetime (needs root, or CAP_SYS_ADMIN).
class Tmpfs {
 public:
  Tmpfs(fs::path dir, const std::string& size) : dir_(std::move(dir)) {
    const auto r = process::capture({"mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755",
                                     "data-test-e2e", dir_.string()},
                                    "/");
    if (r.status == 0) {
      mounted_ = true;
    } else {
      why_ = r.err.empty() ? "mount exited " + std::to_string(r.status) : r.err;
    }
  }
  ~Tmpfs() noexcept {
    if (!mounted_) return;
    try {
      if (process::capture({"umount", dir_.string()}, "/").status != 0) {
        (void)process::capture({"umount", "-l", dir_.string()}, "/");
      }
    } catch (...) {
      // The scratch root's removal at exit reports what is left.
    }
  }
  Tmpfs(const Tmpfs&) = delete;
  Tmpfs& operator=(const Tmpfs&) = delete;

  bool mounted() const { return mounted_; }
  const std::string& why() const { return why_; }

 private:
  fs::path dir_;
  bool mounted_ = false;
  std::string why_;
};

TEST(DiskFull, AFullWorkDirDuringACollectionExitsTwoWithOneLineAndCleansUp) {
  const auto clone = make_app_clone("disk-full", "");
  const fs::path mount_point = fresh_dir("disk-full-mount");
  const Tmpfs tmpfs(mount_point, "16m");
  if (!tmpfs.mounted()) {
    GTEST_SKIP() << "cannot mount a tmpfs for the work dir here (run the e2e tests as root with "
                    "CAP_SYS_ADMIN to cover a full disk): "
                 << tmpfs.why();
  }
  const fs::path work = mount_point / "work";
  const auto config = make_operator_config(clone.parent_path());
  // The step fills the work dir's file system, then prints: its lines cannot reach the log.
  const auto profile = write_profile(
      clone.parent_path(), fast_build(),
      nlohmann::json::array(
          {collector_step({"migrate", "--skip-views"}),
           sh_step("dd if=/dev/zero of={work_dir}/fill bs=64k 2>/dev/null; i=0; "
                   "while [ $i -lt 2000 ]; do echo \"collected line $i\"; i=$((i+1)); done")}));
  const Result result = run_data_test(run_args(clone, work, config, profile));

  EXPECT_EQ(result.status, 2) << result.out << result.err;
  EXPECT_EQ(count_lines_starting(result.err, "data-test: error: "), 1) << result.err;
  const auto at = result.err.find("data-test: error: ");
  ASSERT_NE(at, std::string::npos) << result.err;
  const std::string line = result.err.substr(at, result.err.find('\n', at) - at);
  for (const std::string& part :
       {std::string("phase 4/6 (collect, released side)"),
        (work / "logs" / "released.log").string(), std::string("No space left on device"),
        std::string("free some disk space")}) {
    EXPECT_NE(line.find(part), std::string::npos) << "'" << part << "' not in: " << line;
  }
  for (const char* noise : {"terminate called", "what():", "internal error"}) {
    EXPECT_EQ(result.err.find(noise), std::string::npos) << noise << "\n" << result.err;
  }
  // Cleaned up: no scratch database, no scratch config (it holds the password), no worktree.
  EXPECT_FALSE(database_exists("example_released"));
  EXPECT_FALSE(database_exists("example_new"));
  EXPECT_FALSE(fs::exists(work / "config" / "released.json"));
  EXPECT_FALSE(fs::exists(work / "config" / "new.json"));
  EXPECT_FALSE(fs::exists(work / "released-src"));
  EXPECT_EQ(worktrees(clone).size(), 1u);
  EXPECT_EQ(query_one("example_primary", "select count(*) from example_ops.api_keys"), "1");
}

}  // namespace
}  // namespace dt::e2e
