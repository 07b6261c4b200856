# Installs data-test as a CMake package: find_package(DataTest) gives DataTest::data-test and
# data_test_add_suite(). From a source tree (add_subdirectory / FetchContent) the function comes
# from cmake/DataTest.cmake directly.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)
include(${CMAKE_CURRENT_LIST_DIR}/DataTest.cmake)

set(DATA_TEST_CMAKE_INSTALL_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/DataTest")
install(TARGETS data-test EXPORT DataTestTargets RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(EXPORT DataTestTargets NAMESPACE DataTest:: DESTINATION ${DATA_TEST_CMAKE_INSTALL_DIR})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/DataTestConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/DataTestConfig.cmake
  INSTALL_DESTINATION ${DATA_TEST_CMAKE_INSTALL_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/DataTestConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/DataTestConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/DataTestConfigVersion.cmake
  ${CMAKE_CURRENT_LIST_DIR}/DataTest.cmake
  ${PROJECT_SOURCE_DIR}/generated/suite_tests.cmake.in
  DESTINATION ${DATA_TEST_CMAKE_INSTALL_DIR})
add_executable(DataTest::data-test ALIAS data-test)

# This project's own build tree: -DDATA_TEST_RELEASED_TAG=... registers one suite.
set(DATA_TEST_RELEASED_TAG "" CACHE STRING "Released tag to verify against (registers a suite)")
set(DATA_TEST_REPO "" CACHE STRING "Test repository to collect")
set(DATA_TEST_SOURCE_DIR "" CACHE PATH "The application's clone (required with DATA_TEST_RELEASED_TAG)")
set(DATA_TEST_CONFIG "" CACHE FILEPATH "The operator's config file (required with DATA_TEST_RELEASED_TAG)")
set(DATA_TEST_PROFILE "" CACHE FILEPATH "Application profile (default: built-in Aveloxis)")
set(DATA_TEST_WORK_DIR "" CACHE PATH "Work dir of the suite (default: <build>/data-test/<name>)")
option(DATA_TEST_KEEP_DBS "Keep the suite's scratch databases after ctest" OFF)
set(DATA_TEST_SUITE_NAME "schema-change" CACHE STRING "Name (test prefix) of the suite")
if(DATA_TEST_RELEASED_TAG)
  foreach(required REPO SOURCE_DIR CONFIG)
    if(NOT DATA_TEST_${required})
      message(FATAL_ERROR "  data-test: DATA_TEST_RELEASED_TAG is set but DATA_TEST_${required} is not; add -DDATA_TEST_${required}=... (see docs/ctest.md)")
    endif()
  endforeach()
  set(_dt_opts)
  foreach(v SOURCE_DIR CONFIG PROFILE WORK_DIR)
    if(DATA_TEST_${v})
      list(APPEND _dt_opts ${v} "${DATA_TEST_${v}}")
    endif()
  endforeach()
  if(DATA_TEST_KEEP_DBS)
    list(APPEND _dt_opts KEEP_DBS)
  endif()
  data_test_add_suite(NAME "${DATA_TEST_SUITE_NAME}" RELEASED_TAG "${DATA_TEST_RELEASED_TAG}"
    REPO "${DATA_TEST_REPO}" ${_dt_opts})
endif()
