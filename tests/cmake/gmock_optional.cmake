# Configures data-test against a GoogleTest package without GoogleMock (Debian's libgtest-dev
# without libgmock-dev): with DATA_TEST_BUILD_TESTS=OFF it configures; with data-test's own tests
# on, configuration stops with one line naming libgmock-dev. Run by CTest:
# cmake -DSOURCE=... -DWORK=... -DGTEST_DIR=<dir of the real GTestTargets.cmake> -P gmock_optional.cmake
foreach(var SOURCE WORK GTEST_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "missing -D${var}")
  endif()
endforeach()

file(REMOVE_RECURSE "${WORK}")
file(WRITE "${WORK}/gtest-only/GTestConfig.cmake"
  "include(CMakeFindDependencyMacro)\nfind_dependency(Threads)\n"
  "include(\"${GTEST_DIR}/GTestTargets.cmake\")\n")

execute_process(
  COMMAND "${CMAKE_COMMAND}" -S "${SOURCE}" -B "${WORK}/no-tests" -DDATA_TEST_BUILD_TESTS=OFF
          -DDATA_TEST_INSTALL=OFF "-DGTest_DIR=${WORK}/gtest-only"
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  file(REMOVE_RECURSE "${WORK}")
  message(FATAL_ERROR "without its own tests data-test still needed GoogleMock:\n${err}")
endif()

execute_process(
  COMMAND "${CMAKE_COMMAND}" -S "${SOURCE}" -B "${WORK}/tests" -DDATA_TEST_BUILD_TESTS=ON
          -DDATA_TEST_INSTALL=OFF "-DGTest_DIR=${WORK}/gtest-only"
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
file(REMOVE_RECURSE "${WORK}")
if(rc EQUAL 0)
  message(FATAL_ERROR "data-test's own tests configured without GoogleMock:\n${out}")
endif()
string(REGEX MATCHALL "data-test: [^\n]*" lines "${err}")
list(LENGTH lines count)
if(NOT count EQUAL 1 OR NOT err MATCHES "install the Debian package 'libgmock-dev'")
  message(FATAL_ERROR "expected one 'data-test:' line naming libgmock-dev:\n${err}")
endif()
message(STATUS "ok: ${lines}")
