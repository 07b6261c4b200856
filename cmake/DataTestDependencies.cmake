# Finds data-test's dependencies. A missing one stops configuration with one line that names the
# Debian package to install (scripts/install-deps.sh installs them all).

function(_data_test_missing what package)
  # Indented text is printed as is: one line, not a wrapped paragraph.
  message(FATAL_ERROR
    "  data-test: ${what} not found: install the Debian package '${package}' "
    "(or run scripts/install-deps.sh as root), then configure again.")
endfunction()

find_package(Threads REQUIRED)

find_package(fmt QUIET CONFIG)
if(NOT fmt_FOUND)
  _data_test_missing("fmt" "libfmt-dev")
endif()

find_package(nlohmann_json 3 QUIET CONFIG)
if(NOT nlohmann_json_FOUND)
  _data_test_missing("nlohmann/json" "nlohmann-json3-dev")
endif()

find_package(Boost 1.71 QUIET COMPONENTS filesystem)
if(NOT Boost_FOUND)
  _data_test_missing("Boost.Process / Boost.Filesystem" "libboost-dev libboost-filesystem-dev")
endif()

find_package(yaml-cpp QUIET CONFIG)
if(NOT yaml-cpp_FOUND)
  _data_test_missing("yaml-cpp" "libyaml-cpp-dev")
endif()
# yaml-cpp 0.7 (Debian 12) names its target yaml-cpp, 0.8 yaml-cpp::yaml-cpp.
if(NOT TARGET data_test::yaml)
  add_library(data_test::yaml INTERFACE IMPORTED)
  if(TARGET yaml-cpp::yaml-cpp)
    set_target_properties(data_test::yaml PROPERTIES INTERFACE_LINK_LIBRARIES yaml-cpp::yaml-cpp)
  else()
    set_target_properties(data_test::yaml PROPERTIES INTERFACE_LINK_LIBRARIES yaml-cpp)
  endif()
endif()

find_path(DATA_TEST_PQXX_INCLUDE pqxx/pqxx)
find_path(DATA_TEST_PQ_INCLUDE libpq-fe.h PATH_SUFFIXES postgresql)
find_library(DATA_TEST_PQXX_LIBRARY pqxx)
find_library(DATA_TEST_PQ_LIBRARY pq)
if(NOT DATA_TEST_PQXX_INCLUDE OR NOT DATA_TEST_PQXX_LIBRARY OR NOT DATA_TEST_PQ_LIBRARY
   OR NOT DATA_TEST_PQ_INCLUDE)
  _data_test_missing("libpqxx" "libpqxx-dev")
endif()
# The db/ adapter covers libpqxx 6.4 to 7.x; outside that, one line instead of compile errors.
set(_dt_pqxx_version "")
if(EXISTS "${DATA_TEST_PQXX_INCLUDE}/pqxx/version.hxx")
  file(STRINGS "${DATA_TEST_PQXX_INCLUDE}/pqxx/version.hxx" _dt_pqxx_define
    REGEX "^#define PQXX_VERSION \"[0-9]+\\.[0-9]+[^\"]*\"")
  string(REGEX REPLACE "^#define PQXX_VERSION \"([^\"]*)\".*" "\\1" _dt_pqxx_version
    "${_dt_pqxx_define}")
endif()
if(_dt_pqxx_version VERSION_LESS 6.4 OR NOT _dt_pqxx_version VERSION_LESS 8)
  if(_dt_pqxx_version STREQUAL "")
    set(_dt_pqxx_version "unknown, no PQXX_VERSION in version.hxx")
  endif()
  message(FATAL_ERROR
    "  data-test: libpqxx '${_dt_pqxx_version}' (${DATA_TEST_PQXX_INCLUDE}/pqxx) is not "
    "supported, data-test builds with libpqxx 6.4 up to 7.x: install one (Debian package "
    "'libpqxx-dev') or point -DDATA_TEST_PQXX_INCLUDE and -DDATA_TEST_PQXX_LIBRARY at one.")
endif()
if(NOT TARGET data_test::pqxx)
  add_library(data_test::pqxx INTERFACE IMPORTED)
  set_target_properties(data_test::pqxx PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${DATA_TEST_PQXX_INCLUDE};${DATA_TEST_PQ_INCLUDE}"
    INTERFACE_LINK_LIBRARIES "${DATA_TEST_PQXX_LIBRARY};${DATA_TEST_PQ_LIBRARY}")
endif()

# data-test is a GoogleTest program; GoogleMock and gtest_main only build its own tests.
find_package(GTest QUIET)
if(NOT GTest_FOUND)
  _data_test_missing("GoogleTest" "libgtest-dev")
endif()
if(DATA_TEST_BUILD_TESTS AND NOT TARGET GTest::gmock)
  _data_test_missing("GoogleMock (needed by DATA_TEST_BUILD_TESTS)" "libgmock-dev")
endif()
if(DATA_TEST_BUILD_TESTS AND NOT TARGET GTest::gtest_main)
  _data_test_missing("GoogleTest's gtest_main (needed by DATA_TEST_BUILD_TESTS)" "libgtest-dev")
endif()

# SHA-256 for what the cache keeps (libpq-dev already depends on it).
find_package(OpenSSL QUIET COMPONENTS Crypto)
if(NOT OpenSSL_FOUND)
  _data_test_missing("OpenSSL (libcrypto)" "libssl-dev")
endif()
