// copy_rows on a throwaway server: rows streamed over the columns both sides have, and every
// value that may be a key registered as a secret before any of it can be printed.
#include "copy_rows.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/cluster.hpp"
#include "util/redact.hpp"

namespace dt {
namespace {

using testing_support::ClusterTest;
using testing_support::has;

// The secrets a test registers are the process's: forgotten after it, so that they cannot mask
// (or pass for) what a later test in the same process prints.
class CopyRows : public ClusterTest {
 protected:
  void TearDown() override { redact::forget_secrets(); }
};

TEST_F(CopyRows, CopyRowsOverCommonColumns) {
  cluster().exec("create database primary_keys");
  cluster().exec(
      "create schema ops; "
      "create table ops.\"API keys\" (id int primary key, token text not null, "
      "label varchar(80), legacy text, created_by int)",
      "primary_keys");
  const std::vector<std::string> tokens = {"ghp_plainToken12345", "tab\there 'quote' \"dq\"",
                                           "line1\nline2\\backslash", "ünïcødé-键-🔑-token"};
  {
    auto c = db::connect(cluster().params("primary_keys"));
    int id = 1;
    for (const std::string& t : tokens) {
      c->exec("insert into ops.\"API keys\" values (" + std::to_string(id) + ", " + c->quote(t) +
                  ", " + (id == 2 ? std::string("null") : c->quote("label " + std::to_string(id))) +
                  ", 'old', 7)",
              "test insert");
      ++id;
    }
  }
  cluster().exec("create database scratch_copy");
  // The new version: no legacy column, columns in another order, a new one with a default.
  cluster().exec(
      "create schema ops; "
      "create table ops.\"API keys\" (label varchar(80), token text not null, id int primary "
      "key, added timestamptz not null default now(), kind text not null default 'github', "
      "doubled int generated always as (id * 2) stored)",
      "scratch_copy");

  for (const std::string& t : tokens) EXPECT_EQ(redact::scrub(t), t);
  const long long rows =
      copy_rows(cluster().params("primary_keys"), cluster().params("scratch_copy"), "ops.API keys");
  EXPECT_EQ(rows, 4);

  const auto r = query(
      "select id, token, label, kind, doubled, added is not null from ops.\"API keys\" order by id",
      "scratch_copy");
  ASSERT_EQ(r.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(r[i][0], std::to_string(i + 1));
    EXPECT_EQ(r[i][1], tokens[i]);
    EXPECT_EQ(r[i][2], i == 1 ? "<null>" : "label " + std::to_string(i + 1));
    EXPECT_EQ(r[i][3], "github");
    EXPECT_EQ(r[i][4], std::to_string(2 * (i + 1)));
    EXPECT_EQ(r[i][5], "t");
  }
  // The credential column's values are now secrets; short values elsewhere (label, kind) are
  // not, so ordinary words such as "github" stay readable.
  for (const std::string& t : tokens) {
    EXPECT_EQ(redact::scrub("key=" + t + ";"), "key=********;") << t;
  }
  EXPECT_EQ(redact::scrub("label 3"), "label 3");
  EXPECT_EQ(redact::scrub("https://github.com/x"), "https://github.com/x");
  EXPECT_EQ(redact::scrub("id 1234"), "id 1234");
}

TEST_F(CopyRows, LongValuesAreSecretsWhateverTheirColumn) {
  cluster().exec("create database primary_plain");
  cluster().exec(
      "create schema ops; create table ops.keys (id int, value text, note text); "
      "insert into ops.keys values (1, 'plainvalue-7c1d', 'note-x9q2')",
      "primary_plain");
  cluster().exec("create database scratch_plain");
  cluster().exec("create schema ops; create table ops.keys (id int, value text, note text)",
                 "scratch_plain");
  EXPECT_EQ(
      copy_rows(cluster().params("primary_plain"), cluster().params("scratch_plain"), "ops.keys"),
      1);
  EXPECT_EQ(redact::scrub("plainvalue-7c1d note-x9q2"), "******** ********");
}

TEST_F(CopyRows, CopyRowsNamesTheMissingTable) {
  cluster().exec("create database primary_empty");
  cluster().exec("create database scratch_missing");
  std::string msg = error_of([&] {
    copy_rows(cluster().params("primary_empty"), cluster().params("scratch_missing"),
              "ops.api_keys");
  });
  EXPECT_TRUE(has(msg,
                  "key table 'ops.api_keys' not found in the primary database "
                  "'primary_empty'"))
      << msg;

  cluster().exec("create schema ops; create table ops.api_keys (token text)", "primary_empty");
  msg = error_of([&] {
    copy_rows(cluster().params("primary_empty"), cluster().params("scratch_missing"),
              "ops.api_keys");
  });
  EXPECT_TRUE(has(msg, "'ops.api_keys' not found in the scratch database 'scratch_missing'"))
      << msg;
  EXPECT_TRUE(has(msg, "migration")) << msg;

  // A view of that name is not a table either.
  cluster().exec("create schema ops; create view ops.api_keys as select 'x'::text as token",
                 "scratch_missing");
  EXPECT_THROW(copy_rows(cluster().params("primary_empty"), cluster().params("scratch_missing"),
                         "ops.api_keys"),
               Error);
}

TEST_F(CopyRows, ATokenInAColumnNamedValueBesideKeyTypeIsASecret) {
  // The case: a credential-named column (key_type) used to switch the "all text" rule
  // off, and the token in `value` was printed in clear.
  cluster().exec("create database primary_kv");
  cluster().exec(
      "create schema ops; create table ops.keys (id uuid, key_type text, value text, "
      "raw bytea, meta jsonb, short text); "
      "insert into ops.keys values ('6f1c2b9e-55aa-4c3d-9e10-0a1b2c3d4e5f', 'github', "
      "'tok-in-value-91x', '\\xdeadbeefcafe0001', '{\"inner\": \"json-token-77z\"}', 'ab-9q7')",
      "primary_kv");
  EXPECT_EQ(register_table_secrets(cluster().params("primary_kv"), "ops.keys"), 1);
  EXPECT_EQ(redact::scrub("value=tok-in-value-91x"), "value=********");
  EXPECT_EQ(redact::scrub("id 6f1c2b9e-55aa-4c3d-9e10-0a1b2c3d4e5f"), "id ********");
  EXPECT_EQ(redact::scrub("raw \\xdeadbeefcafe0001"), "raw ********");
  EXPECT_EQ(redact::scrub("json-token-77z"), "********");
  // Short values stay readable outside credential-named columns (key_type is one): 6 bytes,
  // long enough to be registered were the rule broken (under 4 never is).
  EXPECT_EQ(redact::scrub("short ab-9q7"), "short ab-9q7");
}

TEST(SecretValue, RuleByLengthAndColumnName) {
  EXPECT_TRUE(is_secret_value("value", "12345678"));
  EXPECT_FALSE(is_secret_value("value", "1234567"));
  EXPECT_TRUE(is_secret_value("api_key", "abcd"));
  EXPECT_TRUE(is_secret_value("AccessToken", "abcd"));
  EXPECT_FALSE(is_secret_value("platform", "github"));
}

}  // namespace
}  // namespace dt
