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

find_path(DATA_TEST_PQXX_INCLUDE pqxx/pqxx)
find_path(DATA_TEST_PQ_INCLUDE libpq-fe.h PATH_SUFFIXES postgresql)
find_library(DATA_TEST_PQXX_LIBRARY pqxx)
find_library(DATA_TEST_PQ_LIBRARY pq)
if(NOT DATA_TEST_PQXX_INCLUDE OR NOT DATA_TEST_PQXX_LIBRARY OR NOT DATA_TEST_PQ_LIBRARY
   OR NOT DATA_TEST_PQ_INCLUDE)
  _data_test_missing("libpqxx" "libpqxx-dev")
endif()
if(NOT TARGET data_test::pqxx)
  add_library(data_test::pqxx INTERFACE IMPORTED)
  set_target_properties(data_test::pqxx PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${DATA_TEST_PQXX_INCLUDE};${DATA_TEST_PQ_INCLUDE}"
    INTERFACE_LINK_LIBRARIES "${DATA_TEST_PQXX_LIBRARY};${DATA_TEST_PQ_LIBRARY}")
endif()

find_package(GTest QUIET)
if(NOT GTest_FOUND)
  _data_test_missing("GoogleTest" "libgtest-dev")
endif()
if(NOT TARGET GTest::gmock)
  _data_test_missing("GoogleMock" "libgmock-dev")
endif()
