// Test names for tables: plain names unchanged, everything else escaped one-to-one and
// reversibly, never a GoogleTest "DISABLED_" name, always in the CMake listing's alphabet.
#include "core/test_name.hpp"

#include <regex>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace dt::test_name {
namespace {

// The alphabet generated/suite_tests.cmake.in accepts, and no GoogleTest-disabled name.
bool listable(const std::string& name) {
  static const std::regex alphabet("^[A-Za-z0-9_]+$");
  return std::regex_match(name, alphabet) && name.rfind("DISABLED_", 0) != 0;
}

TEST(TestName, PlainNamesAreUnchanged) {
  for (const char* name : {"issues", "aveloxis_data", "_prisma_migrations", "T1", "a__b", "x_",
                           "disabled_lowercase", "DISABLED", "ESC", "esc_lowercase"}) {
    EXPECT_EQ(encode(name), name);
    EXPECT_EQ(decode(name), std::optional<std::string>(name));
  }
}

TEST(TestName, OtherNamesAreEscaped) {
  EXPECT_EQ(encode("DISABLED_x"), "ESC_DISABLED__x");
  EXPECT_EQ(encode("ESC_x"), "ESC_ESC__x");
  EXPECT_EQ(encode("my table"), "ESC_my_20table");
  EXPECT_EQ(encode("a.b"), "ESC_a_2Eb");
  EXPECT_EQ(encode(""), "ESC_");
  EXPECT_EQ(encode("caf\xc3\xa9"), "ESC_caf_C3_A9");
  EXPECT_EQ(encode(std::string("n\0ul", 4)), "ESC_n_00ul");
  EXPECT_EQ(encode("\xff"), "ESC__FF");
}

TEST(TestName, NamesThatUsedToCollideAreApart) {
  // The old scheme turned every unsafe byte into '_': all of these were one prefix.
  const std::vector<std::string> names = {
      "a b", "a.b", "a_b", "a-b", "a__b", "ESC_a_20b", "DISABLED_a", "ESC_DISABLED__a", "", "ESC_"};
  std::set<std::string> seen;
  for (const auto& name : names) {
    const std::string encoded = encode(name);
    EXPECT_TRUE(seen.insert(encoded).second) << "'" << name << "' -> " << encoded;
    EXPECT_TRUE(listable(encoded)) << encoded;
    EXPECT_EQ(decode(encoded), std::optional<std::string>(name)) << encoded;
  }
}

TEST(TestName, EveryByteRoundTrips) {
  for (int b = 0; b < 256; ++b) {
    const std::string name = "t" + std::string(1, static_cast<char>(b)) + "_";
    const std::string encoded = encode(name);
    EXPECT_TRUE(listable(encoded)) << b;
    EXPECT_EQ(decode(encoded), std::optional<std::string>(name)) << b;
  }
}

TEST(TestName, NamesNoTableHasAreRefused) {
  for (const char* name : {"DISABLED_x", "ESC_a_2", "ESC_a_2e", "ESC__41", "ESC_x_", "ESC_abc",
                           "ESC_a__b_", "a.b", "a-b", "", "ESC_a_G0"}) {
    EXPECT_EQ(decode(name), std::nullopt) << name;
  }
}

TEST(TestName, FullNamesMapBackToTheirTable) {
  using Table = std::pair<std::string, std::string>;
  EXPECT_EQ(full_name("public", "DISABLED_x"), "public.ESC_DISABLED__x");
  EXPECT_EQ(table_of("public.ESC_DISABLED__x"),
            std::optional<Table>(Table{"public", "DISABLED_x"}));
  EXPECT_EQ(table_of("ESC_My_20Schema.ESC_a_2Eb"), std::optional<Table>(Table{"My Schema", "a.b"}));
  EXPECT_EQ(table_of("aveloxis_data.issues"),
            std::optional<Table>(Table{"aveloxis_data", "issues"}));
  EXPECT_EQ(table_of("noDot"), std::nullopt);
  EXPECT_EQ(table_of("a.b.c"), std::nullopt);
  EXPECT_EQ(table_of("DISABLED_a.b"), std::nullopt);
}

TEST(TestName, TheUpgradesNamesAreNoTablesNames) {
  using Table = std::pair<std::string, std::string>;
  // A schema whose name starts like an upgrade suite is escaped, so it never takes one.
  EXPECT_EQ(encode("UPGRADE_public"), "ESC_UPGRADE__public");
  EXPECT_EQ(decode("UPGRADE_public"), std::nullopt);
  EXPECT_EQ(upgrade_full_name("public", "repos"), "UPGRADE_public.repos");
  EXPECT_EQ(upgrade_table_of("UPGRADE_public.repos"),
            std::optional<Table>(Table{"public", "repos"}));
  EXPECT_EQ(upgrade_table_of("UPGRADE_ESC_UPGRADE__x.t"),
            std::optional<Table>(Table{"UPGRADE_x", "t"}));
  EXPECT_EQ(table_of("UPGRADE_public.repos"), std::nullopt);
  EXPECT_EQ(upgrade_table_of("public.repos"), std::nullopt);
  EXPECT_EQ(table_of(kUpgradeMigration), std::nullopt);
  EXPECT_EQ(upgrade_table_of(kUpgradeMigration), std::nullopt);
  // No table's test, nor any table's upgrade test, is the migration's test.
  for (const char* name : {"UPGRADE_", "", "migration", "UPGRADE_.migration"}) {
    EXPECT_NE(full_name(name, "migration"), kUpgradeMigration) << name;
    EXPECT_NE(upgrade_full_name(name, "migration"), kUpgradeMigration) << name;
  }
}

}  // namespace
}  // namespace dt::test_name
