#pragma once
// What the benchmarks share: the median and the load average they print, psql's environment
// for the throwaway cluster, and the bulk
// application (120 tables, ROWS rows a side in all, filled by psql) as a data-test profile.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "support/e2e.hpp"

namespace dt::bench {

// The median of the values (none: undefined; each bench has at least one round).
inline double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// The load average "1m 5m 15m", printed beside each figure: a loaded machine says so.
inline std::string load() {
  double avg[3] = {0, 0, 0};
  if (getloadavg(avg, 3) != 3) return "unknown";
  return fmt::format("{:.2f} {:.2f} {:.2f}", avg[0], avg[1], avg[2]);
}

// PGHOST & co. for psql, with a private passfile.
inline std::map<std::string, std::string> pg_env() {
  const auto p = dt::e2e::cluster().params();
  const std::filesystem::path pass = dt::e2e::fresh_dir("bench-pass") / "pgpass";
  std::ofstream(pass) << fmt::format("*:*:*:{}:{}\n", p.user, p.password);
  std::filesystem::permissions(
      pass, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  return {
      {"PGHOST", p.host}, {"PGPORT", p.port}, {"PGUSER", p.user}, {"PGPASSFILE", pass.string()}};
}

struct Bulk {
  std::filesystem::path profile;
  std::filesystem::path create;  // its migration: the schema and 120 empty tables
  std::filesystem::path fill;    // its collection: rows / 120 rows into each table
};

// The bulk application: a create step (the migration) and a fill step, both psql files.
inline Bulk bulk_profile(long long rows, const std::filesystem::path& dir) {
  Bulk out;
  std::filesystem::path& create = out.create;
  std::filesystem::path& fill = out.fill;
  create = dir / "create.sql";
  fill = dir / "fill.sql";
  std::ofstream c(create);
  std::ofstream f(fill);
  // Idempotent, as a migration that also upgrades a released database must be.
  c << "create schema if not exists bulk;\n";
  for (int i = 1; i <= 120; ++i) {
    c << fmt::format("create table if not exists bulk.t{} (id bigint, v text);\n", i);
    f << fmt::format("insert into bulk.t{} select g, 'row ' || g from generate_series(1, {}) g;\n",
                     i, rows / 120);
  }
  const auto env = pg_env();
  const auto psql = [&](const std::filesystem::path& file) {
    return nlohmann::json::array(
        {"sh", "-c",
         fmt::format("PGPASSFILE='{}' psql -X -q -v ON_ERROR_STOP=1 'host={} port={} user={} "
                     "dbname={{dbname}}' -f '{}'",
                     env.at("PGPASSFILE"), env.at("PGHOST"), env.at("PGPORT"), env.at("PGUSER"),
                     file.string())});
  };
  const nlohmann::json profile = {
      {"name", "example"},
      {"build", {"sh", "-c", "printf '#!/bin/sh\\n' > {bin} && chmod +x {bin}"}},
      {"steps", {{{"run", psql(create)}}, {{"run", psql(fill)}}}},
      {"schemas", {"bulk"}},
      {"databases", {{"released", "bulk_released"}, {"new", "bulk_new"}}},
      {"discovery_steps", 1}};
  out.profile = dir / "bulk.json";
  std::ofstream(out.profile) << profile.dump(2) << "\n";
  return out;
}

}  // namespace dt::bench
