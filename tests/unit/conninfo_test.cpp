#include "db/conninfo.hpp"

#include <gtest/gtest.h>

#include "util/error.hpp"

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

// --- connection URLs (issue 14: DATABASE_URL) ---

TEST(Url, ParsesEveryPartThroughLibpq) {
  const auto p = dt::parse_url(
      "postgresql://augur:p%40ss%3Aw0rd@db.example.org:6543/aug%20ur?sslmode=require"
      "&application_name=x",
      "DATABASE_URL");
  EXPECT_EQ(p.host, "db.example.org");
  EXPECT_EQ(p.port, "6543");
  EXPECT_EQ(p.user, "augur");
  EXPECT_EQ(p.password, "p@ss:w0rd");
  EXPECT_EQ(p.dbname, "aug ur");
  EXPECT_EQ(p.sslmode, "require");
  EXPECT_EQ(p.extra.at("application_name"), "x");
}

TEST(Url, SocketDirectoryInTheQuery) {
  const auto p = dt::parse_url("postgres:///app?host=/run/postgresql&port=5433", "u");
  EXPECT_EQ(p.host, "/run/postgresql");
  EXPECT_EQ(p.port, "5433");
  EXPECT_EQ(p.dbname, "app");
}

TEST(Url, RoundTripsAndLeavesThePasswordOutWhenAsked) {
  for (const auto& p : {sample(), [] {
                          auto tcp = sample();
                          tcp.host = "::1";
                          tcp.password = "a b/c@d:e%f";
                          tcp.dbname = "db/name é";
                          tcp.sslmode = "disable";
                          tcp.extra["sslrootcert"] = "/etc/ca.pem";
                          return tcp;
                        }()}) {
    const auto back = dt::parse_url(dt::to_url(p, true), "u");
    EXPECT_EQ(back.host, p.host);
    EXPECT_EQ(back.port, p.port);
    EXPECT_EQ(back.user, p.user);
    EXPECT_EQ(back.password, p.password);
    EXPECT_EQ(back.dbname, p.dbname);
    EXPECT_EQ(back.sslmode, p.sslmode);
    EXPECT_EQ(back.extra, p.extra);
    const std::string without = dt::to_url(p, false);
    EXPECT_EQ(dt::parse_url(without, "u").password, "") << without;
    EXPECT_EQ(without.find("s3cret"), std::string::npos);
  }
}

TEST(Url, MalformedNeverQuotesTheUrl) {
  for (const char* bad : {"mysql://u:topsecret@h/db", "postgresql://u:topsecret@h/db?bogus=1",
                          "postgresql://u:top%zzsecret@h/db"}) {
    try {
      dt::parse_url(bad, "environment variable DATABASE_URL");
      ADD_FAILURE() << bad;
    } catch (const dt::Error& e) {
      const std::string message = e.what();
      EXPECT_EQ(message.rfind("environment variable DATABASE_URL: ", 0), 0u) << message;
      EXPECT_EQ(message.find("topsecret"), std::string::npos) << message;
      EXPECT_EQ(message.find("top%zz"), std::string::npos) << message;
    }
  }
}

TEST(Url, DescribeNeverShowsSecretExtras) {
  auto p = sample();
  p.extra["sslpassword"] = "keypass";
  p.extra["application_name"] = "x";
  EXPECT_EQ(dt::describe(p).find("keypass"), std::string::npos);
  EXPECT_NE(dt::describe(p).find("application_name=x"), std::string::npos);
  EXPECT_NE(dt::to_conninfo(p).find("sslpassword='keypass'"), std::string::npos);
}
