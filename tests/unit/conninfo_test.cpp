#include "db/conninfo.hpp"

#include <gtest/gtest.h>

namespace {

dt::ConnParams sample() {
  dt::ConnParams p;
  p.host = "/tmp/data-test-pg-abc/socket";
  p.port = "5433";
  p.user = "postgres";
  p.password = "s3cret";
  p.dbname = "app";
  return p;
}

TEST(Conninfo, QuotesEveryValue) {
  EXPECT_EQ(dt::to_conninfo(sample()),
            "host='/tmp/data-test-pg-abc/socket' port='5433' user='postgres' "
            "password='s3cret' dbname='app'");
}

TEST(Conninfo, EscapesQuotesAndBackslashes) {
  dt::ConnParams p;
  p.password = R"(it's a \ test)";
  p.dbname = "my db";
  EXPECT_EQ(dt::to_conninfo(p), R"(password='it\'s a \\ test' dbname='my db')");
}

TEST(Conninfo, LeavesOutEmptyValues) {
  dt::ConnParams p;
  p.dbname = "x";
  p.sslmode = "disable";
  EXPECT_EQ(dt::to_conninfo(p), "dbname='x' sslmode='disable'");
  EXPECT_EQ(dt::to_conninfo(dt::ConnParams{}), "");
}

TEST(Conninfo, DescribeNeverShowsThePassword) {
  const std::string text = dt::describe(sample());
  EXPECT_EQ(text, "host=/tmp/data-test-pg-abc/socket port=5433 user=postgres dbname=app");
  EXPECT_EQ(text.find("s3cret"), std::string::npos);
  EXPECT_EQ(text.find("password"), std::string::npos);
}

TEST(Conninfo, DescribeQuotesOnlyWhenNeeded) {
  dt::ConnParams p;
  p.dbname = "my db";
  p.user = "o'neil";
  EXPECT_EQ(dt::describe(p), R"(user='o\'neil' dbname='my db')");
}

}  // namespace
