#pragma once
// GoogleTest and CTest names for tables: one-to-one, reversible, in the alphabet [A-Za-z0-9_]
// that --gtest_filter, `ctest -R` and the CMake listing script accept, and never starting with
// GoogleTest's "DISABLED_" (which would hide a FAIL).
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace dt::test_name {

// Every escaped name starts with this; a plain name that starts with it is escaped too.
inline constexpr std::string_view kEscapePrefix = "ESC_";

// The upgrade's tests: suite "UPGRADE_" + the encoded schema, test the encoded table; the
// migration's one test is kUpgradeMigration. A table's own suite never starts with it.
inline constexpr std::string_view kUpgradePrefix = "UPGRADE_";
inline constexpr std::string_view kUpgradeMigration = "UPGRADE_.migration";

// A schema or table name as a test suite or test name. A plain name (non-empty, only
// [A-Za-z0-9_], starting with none of "DISABLED_", "ESC_" and "UPGRADE_") is unchanged. Any other
// name becomes "ESC_" + its bytes with letters and digits kept, '_' doubled and every other byte as
// '_' + two uppercase hex digits: "my table" -> "ESC_my_20table", "DISABLED_x" ->
// "ESC_DISABLED__x".
std::string encode(std::string_view name);

// The exact name a test suite or test name stands for; nullopt when no name encodes to it.
std::optional<std::string> decode(std::string_view test_name);

// "<encoded schema>.<encoded table>", GoogleTest's full test name.
std::string full_name(std::string_view schema, std::string_view table);

// The (schema, table) a full test name "<suite>.<test>" stands for; nullopt when it is not the
// full name of any table.
std::optional<std::pair<std::string, std::string>> table_of(std::string_view full);

// "UPGRADE_<encoded schema>.<encoded table>": the upgrade test of a table.
std::string upgrade_full_name(std::string_view schema, std::string_view table);
// The (schema, table) an upgrade test's full name stands for; nullopt for any other name.
std::optional<std::pair<std::string, std::string>> upgrade_table_of(std::string_view full);

}  // namespace dt::test_name
