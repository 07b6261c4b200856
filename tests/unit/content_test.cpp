// The content fingerprint on a real database: independent of row order, sensitive to any value,
// to NULL against '', and to where a value sits.
#include "content.hpp"

#include <gtest/gtest.h>

#include "support/cluster.hpp"

namespace dt {
namespace {

using testing_support::ClusterTest;

class Content : public ClusterTest {
 protected:
  static void SetUpTestSuite() {
    ClusterTest::SetUpTestSuite();
    cluster().exec("create database fp");
    cluster().exec(R"sql(
      create table a (k int, v text);
      insert into a select i, 'v' || i from generate_series(1, 500) i;
      create table b (k int, v text);
      insert into b select i, 'v' || i from generate_series(500, 1, -1) i;
      create table c (k int, v text);
      insert into c select i, case when i = 250 then 'changed' else 'v' || i end
        from generate_series(1, 500) i;
      create table n1 (k int, v text);
      insert into n1 values (1, null);
      create table n2 (k int, v text);
      insert into n2 values (1, '');
      create table s1 (x text, y text);
      insert into s1 values ('a,b', null);
      create table s2 (x text, y text);
      insert into s2 values ('a', 'b');
      create table empty (k int, v text);
    )sql",
                   "fp");
  }
  static std::string fp(const std::string& table,
                        const std::vector<std::string>& columns = {"k", "v"}) {
    return fingerprint(cluster().params("fp"), "public", table, columns);
  }
};

TEST_F(Content, OrderIndependentAndValueSensitive) {
  EXPECT_EQ(fp("a"), fp("b"));
  EXPECT_NE(fp("a"), fp("c"));
  EXPECT_EQ(fp("a", {"k"}), fp("c", {"k"}));  // the changed column left out
  EXPECT_EQ(fp("a").rfind("500:", 0), 0u) << fp("a");
  EXPECT_NE(fp("n1"), fp("n2"));
  EXPECT_NE(fp("s1", {"x", "y"}), fp("s2", {"x", "y"}));
  EXPECT_EQ(fp("empty"), "0:0:0");
  EXPECT_THROW(fp("a", {}), Error);
  EXPECT_THROW(fp("missing"), Error);
}

}  // namespace
}  // namespace dt
