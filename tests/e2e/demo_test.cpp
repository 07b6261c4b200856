// The README's first command's driver (tests/demo): it prints the FAIL report of the example
// application, and it deletes nothing, so a folder of anyone else's in a shared /tmp is safe,
// including one under the name the demo once used.
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "support/e2e.hpp"
#include "util/process.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

// A /tmp of the test's own: made here, world-writable and sticky like /tmp (the throwaway
// cluster's server runs as another user when the tests run as root), removed at the end.
struct SharedTmp {
  fs::path dir;
  SharedTmp() {
    std::string made = (fs::temp_directory_path() / "data-test-demo-tmp-XXXXXX").string();
    if (::mkdtemp(made.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir = made;
    fs::permissions(dir, fs::perms::all | fs::perms::sticky_bit);
  }
  ~SharedTmp() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  SharedTmp(const SharedTmp&) = delete;
  SharedTmp& operator=(const SharedTmp&) = delete;
};

TEST(Demo, PrintsTheFailReportInAFolderOfItsOwnAndDeletesNothingElse) {
  SharedTmp tmp;
  // Someone else's folder under the name the demo used to empty before each run.
  const fs::path foreign = tmp.dir / "example-data-test-demo";
  fs::create_directories(foreign);
  { std::ofstream(foreign / "keep.txt") << "not the demo's\n"; }

  const auto ran = process::capture({DATA_TEST_DEMO}, tmp.dir, {{"TMPDIR", tmp.dir.string()}});
  ASSERT_EQ(ran.status, 0) << ran.out << ran.err;
  EXPECT_EQ(read_text(foreign / "keep.txt"), "not the demo's\n");

  // "demo: data-test exited 1 (...); report: <path>" names the report it printed.
  const std::string marker = "; report: ";
  const auto at = ran.out.rfind(marker);
  ASSERT_NE(at, std::string::npos) << ran.out;
  const fs::path report =
      ran.out.substr(at + marker.size(), ran.out.find('\n', at) - at - marker.size());
  const fs::path own = report.parent_path().parent_path();
  EXPECT_EQ(own.parent_path(), tmp.dir);
  EXPECT_EQ(own.filename().string().rfind("data-test-demo-", 0), 0u) << own;
  EXPECT_EQ(fs::status(own).permissions() & fs::perms::all, fs::perms::owner_all) << own;
  EXPECT_NE(read_text(report).find("FAIL"), std::string::npos);
  EXPECT_NE(ran.out.find("data-test exited 1"), std::string::npos) << ran.out;
}

}  // namespace
}  // namespace dt::e2e
