#include "support/bisect_history.hpp"

#include <fstream>
#include <stdexcept>

#include "support/e2e.hpp"
#include "util/process.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {

std::string clone_git(const fs::path& clone, std::vector<std::string> args) {
  args.insert(args.begin(), {"git", "-c", "user.name=e2e", "-c", "user.email=e2e@example.org", "-c",
                             "commit.gpgsign=false"});
  const auto r = process::capture(args, clone, {{"GIT_OPTIONAL_LOCKS", "0"}});
  if (r.status != 0) throw std::runtime_error(process::display(args) + ": " + r.err);
  return r.out;
}

std::vector<std::string> make_bisect_history(const fs::path& clone, std::size_t n, std::size_t fk,
                                             std::optional<std::size_t> broken) {
  const std::string schema = read_text(clone / "schema.sql");
  std::vector<std::string> shas;
  for (std::size_t i = 0; i < n; ++i) {
    std::string subject = "notes " + std::to_string(i + 1);
    if (broken && i == *broken) {
      std::ofstream(clone / "schema.sql", std::ios::app) << "-- )SCHEMA_SQL\" breaks build.sh\n";
      subject = kBrokenSubject;
    } else if (broken && i == *broken + 1) {
      std::ofstream(clone / "schema.sql", std::ios::trunc) << schema;
      subject = kFixSubject;
    } else if (i == fk) {
      clone_git(clone,
                {"apply", std::string(DATA_TEST_EXAMPLE_APP) + "/scenarios/fk_regression.patch"});
      subject = kForeignKeySubject;
    } else {
      std::ofstream(clone / "NOTES.md", std::ios::app) << subject << "\n";
    }
    clone_git(clone, {"add", "-A"});
    clone_git(clone, {"commit", "-q", "-m", subject});
    shas.push_back(clone_git(clone, {"rev-parse", "HEAD"}).substr(0, 40));
  }
  return shas;
}

}  // namespace dt::e2e
