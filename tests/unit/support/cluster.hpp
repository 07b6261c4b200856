#pragma once
// A throwaway PostgreSQL for a test file (started once per suite: starting is the slow part),
// and small helpers to look at it directly, never through the code under test's guards.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "db/connection.hpp"
#include "pg_cluster.hpp"
#include "util/error.hpp"

namespace dt::testing_support {

class ClusterTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { cluster_ = std::make_unique<PgCluster>(); }
  static void TearDownTestSuite() { cluster_.reset(); }
  static PgCluster& cluster() { return *cluster_; }

  // The rows of sql in dbname, as text (NULL as "<null>").
  static std::vector<std::vector<std::string>> query(const std::string& sql,
                                                     const std::string& dbname = "postgres") {
    auto conn = db::connect(cluster().params(dbname));
    conn->exec("set search_path to default", "resetting search_path");  // as psql's would
    std::vector<std::vector<std::string>> out;
    for (const auto& row : conn->query(sql, "test query")) {
      std::vector<std::string> values;
      for (const auto& v : row) values.push_back(v.value_or("<null>"));
      out.push_back(std::move(values));
    }
    return out;
  }
  static bool db_exists(const std::string& name) {
    return !query("select 1 from pg_database where datname = '" + name + "'").empty();
  }
  // The message of the dt::Error f throws (fails the test when it throws none).
  static std::string error_of(const std::function<void()>& f) {
    try {
      f();
    } catch (const Error& e) {
      return e.what();
    }
    ADD_FAILURE() << "expected dt::Error";
    return {};
  }

 private:
  static inline std::unique_ptr<PgCluster> cluster_;
};

inline bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace dt::testing_support
