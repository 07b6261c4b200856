# Installs data-test as a CMake package: find_package(DataTest) gives DataTest::data-test and
# data_test_add_suite(), from an install prefix or from this build tree (DataTest_DIR=<build>).
# From a source tree (add_subdirectory / FetchContent) the function comes from
# cmake/DataTest.cmake directly, and nothing is installed unless DATA_TEST_INSTALL says so.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)
include(${CMAKE_CURRENT_LIST_DIR}/DataTest.cmake)
add_executable(DataTest::data-test ALIAS data-test)

if(DATA_TEST_INSTALL)
  set(DATA_TEST_CMAKE_INSTALL_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/DataTest")
  install(TARGETS data-test EXPORT DataTestTargets RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(EXPORT DataTestTargets NAMESPACE DataTest:: DESTINATION ${DATA_TEST_CMAKE_INSTALL_DIR})
  configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/DataTestConfig.cmake.in
    ${PROJECT_BINARY_DIR}/DataTestConfig.cmake
    INSTALL_DESTINATION ${DATA_TEST_CMAKE_INSTALL_DIR})
  write_basic_package_version_file(${PROJECT_BINARY_DIR}/DataTestConfigVersion.cmake
    COMPATIBILITY SameMinorVersion)
  install(FILES ${PROJECT_BINARY_DIR}/DataTestConfig.cmake
    ${PROJECT_BINARY_DIR}/DataTestConfigVersion.cmake
    ${CMAKE_CURRENT_LIST_DIR}/DataTest.cmake
    ${PROJECT_SOURCE_DIR}/generated/suite_tests.cmake.in
    DESTINATION ${DATA_TEST_CMAKE_INSTALL_DIR})
  # The build tree is a package too: the config above with the targets and the function beside it.
  export(EXPORT DataTestTargets NAMESPACE DataTest::
    FILE ${PROJECT_BINARY_DIR}/DataTestTargets.cmake)
  configure_file(${CMAKE_CURRENT_LIST_DIR}/DataTest.cmake ${PROJECT_BINARY_DIR}/DataTest.cmake
    COPYONLY)
  configure_file(${PROJECT_SOURCE_DIR}/generated/suite_tests.cmake.in
    ${PROJECT_BINARY_DIR}/suite_tests.cmake.in COPYONLY)

  install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/ARCHITECTURE.md
    ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR})
  # The images too: README.md and report-format.md show report-html.png.
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs
    FILES_MATCHING PATTERN "*.md" PATTERN "*.json" PATTERN "*.png")
  include(${CMAKE_CURRENT_LIST_DIR}/DataTestManPage.cmake)
endif()

# This project's own build tree: -DDATA_TEST_RELEASED_TAG=... registers one suite. A parent
# project registers its suites itself.
if(NOT PROJECT_IS_TOP_LEVEL)
  return()
endif()
set(DATA_TEST_RELEASED_TAG "" CACHE STRING "Released tag to verify against (registers a suite)")
set(DATA_TEST_REPO "" CACHE STRING "Test repositories to collect (a ;-list for several)")
set(DATA_TEST_SOURCE_DIR "" CACHE PATH "The application's clone (required with DATA_TEST_RELEASED_TAG)")
set(DATA_TEST_CONFIG "" CACHE FILEPATH "The operator's config file (default: where the profile says)")
set(DATA_TEST_PROFILE "" CACHE FILEPATH "Application profile (default: <source>/data-test.json, or built-in for Aveloxis)")
set(DATA_TEST_WORK_DIR "" CACHE PATH "Work dir of the suite (default: <build>/data-test-suites/<name>)")
option(DATA_TEST_KEEP_DBS "Keep the suite's scratch databases after ctest" OFF)
set(DATA_TEST_SNAPSHOT_MAX_AGE "" CACHE STRING
  "The suite's --snapshot-max-age, e.g. 7d or 0 (default: data-test's, 24h)")
set(DATA_TEST_SUITE_NAME "schema-change" CACHE STRING "Name (test prefix) of the suite")
if(DATA_TEST_RELEASED_TAG)
  foreach(required REPO SOURCE_DIR)
    if(NOT DATA_TEST_${required})
      message(FATAL_ERROR "  data-test: DATA_TEST_RELEASED_TAG is set but DATA_TEST_${required} is not; add -DDATA_TEST_${required}=... (see docs/ctest.md)")
    endif()
  endforeach()
  set(_dt_opts)
  foreach(v SOURCE_DIR CONFIG PROFILE WORK_DIR SNAPSHOT_MAX_AGE)
    if(DATA_TEST_${v})
      list(APPEND _dt_opts ${v} "${DATA_TEST_${v}}")
    endif()
  endforeach()
  if(DATA_TEST_KEEP_DBS)
    list(APPEND _dt_opts KEEP_DBS)
  endif()
  data_test_add_suite(NAME "${DATA_TEST_SUITE_NAME}" RELEASED_TAG "${DATA_TEST_RELEASED_TAG}"
    REPO ${DATA_TEST_REPO} ${_dt_opts})
endif()
