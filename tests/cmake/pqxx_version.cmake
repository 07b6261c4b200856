# Configures data-test against a fake libpqxx header directory whose pqxx/version.hxx says VERSION
# and checks the outcome: EXPECT=refused stops configuration with one line naming the supported
# range; EXPECT=accepted configures. Run by CTest:
# cmake -DSOURCE=... -DWORK=... -DVERSION=... -DEXPECT=refused|accepted -P pqxx_version.cmake
foreach(var SOURCE WORK VERSION EXPECT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "missing -D${var}")
  endif()
endforeach()

file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/include/pqxx")
file(WRITE "${WORK}/include/pqxx/pqxx" "// fake libpqxx ${VERSION}\n")
file(WRITE "${WORK}/include/pqxx/version.hxx" "#pragma once\n#define PQXX_VERSION \"${VERSION}\"\n")
execute_process(
  COMMAND "${CMAKE_COMMAND}" -S "${SOURCE}" -B "${WORK}/build" -DDATA_TEST_BUILD_TESTS=OFF
          -DDATA_TEST_INSTALL=OFF "-DDATA_TEST_PQXX_INCLUDE=${WORK}/include"
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
file(REMOVE_RECURSE "${WORK}")

if(EXPECT STREQUAL "accepted")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "libpqxx ${VERSION} was refused:\n${err}")
  endif()
  message(STATUS "ok: libpqxx ${VERSION} accepted")
  return()
endif()
if(rc EQUAL 0)
  message(FATAL_ERROR "configuration succeeded with libpqxx ${VERSION}:\n${out}")
endif()
string(REGEX MATCHALL "data-test: [^\n]*" lines "${err}")
list(LENGTH lines count)
if(NOT count EQUAL 1)
  message(FATAL_ERROR "expected one 'data-test:' line, got ${count}:\n${err}")
endif()
string(REPLACE "." "\\." quoted "${VERSION}")
if(NOT lines MATCHES "libpqxx '${quoted}' .* 6\\.4 up to 7\\.x")
  message(FATAL_ERROR "the line does not quote '${VERSION}' and the supported range:\n${err}")
endif()
string(REGEX MATCHALL "CMake Error" errors "${err}")
list(LENGTH errors error_count)
if(NOT error_count EQUAL 1)
  message(FATAL_ERROR "expected a single error, got ${error_count}:\n${err}")
endif()
message(STATUS "ok: ${lines}")
