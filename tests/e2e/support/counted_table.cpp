#include "support/counted_table.hpp"

#include <fstream>
#include <string>

#include <fmt/format.h>

#include "support/safety.hpp"

namespace fs = std::filesystem;

namespace dt::e2e {
namespace {

// The step that makes the table on each side, as the test database's superuser.
nlohmann::json counted_step(const CountedTable& table) {
  const std::string fill = fmt::format(
      "create table {0} (n integer); insert into {0} select g from generate_series(1, case when "
      "current_database() = 'example_released' then {1} else {2} end) g",
      table.qualified, table.released_rows, table.new_rows.value_or(0));
  // Dropped: the new side's step makes nothing.
  const std::string skip_new = table.new_rows ? "" : "[ {side} = new ] || ";
  return sh_step(skip_new + psql_script("example_{side}", fill));
}

}  // namespace

CountedRun run_counted(const std::string& name, const CountedTable& table,
                       const CountedSetup& setup) {
  const auto clone = make_app_clone(name, "");
  for (const auto& [path, text] : setup.clone_files) std::ofstream(clone / path) << text;
  CountedRun run;
  run.table = table;
  run.work = fresh_dir(name + "-work");
  auto profile = nlohmann::json::parse(read_text(example_profile()));
  profile["build"] = fast_build();
  profile["steps"].push_back(counted_step(table));
  profile.update(setup.profile_keys);
  const fs::path profile_path = run.work.parent_path() / "profile.json";
  std::ofstream(profile_path) << profile.dump(2);
  auto args = run_args(clone, run.work, make_operator_config(run.work.parent_path()), profile_path);
  // The table is made by a collection step, not the schema: the upgrade would (rightly) call it
  // one a fresh install lacks.
  args.emplace_back("--no-upgrade");
  args.push_back("--gtest_output=xml:" + (run.work / "out.xml").string());
  run.result = run_data_test(args);
  if (fs::exists(run.work / "report.json")) {
    run.report = read_report_json(run.work);
    if (const nlohmann::json* row = table_of(run.report, table.qualified)) run.row = *row;
  }
  return run;
}

::testing::AssertionResult exited_with_row(const CountedRun& run, int status) {
  if (run.result.status != status) {
    return ::testing::AssertionFailure()
           << "exit status " << run.result.status << ", not " << status << "\n"
           << run.result.out << run.result.err;
  }
  if (run.row.is_null()) {
    return ::testing::AssertionFailure()
           << "the report has no row for the table:\n"
           << (run.report.is_null() ? std::string("(no report.json)") : run.report.dump(2));
  }
  return ::testing::AssertionSuccess();
}

Result read_back(const CountedRun& run) {
  return run_data_test(
      {"--from-state", "--work-dir", run.work.string(), "--gtest_filter=" + run.table.qualified});
}

}  // namespace dt::e2e
