# Configures data-test with one dependency hidden and checks that configuration stops with one
# line naming the Debian package. Run by CTest: cmake -DSOURCE=... -DWORK=... -DHIDE=... -DPACKAGE=... -P
foreach(var SOURCE WORK HIDE PACKAGE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "missing -D${var}")
  endif()
endforeach()

if(HIDE STREQUAL "pqxx")
  # find_path/find_library searches: hide libpqxx's header directory.
  set(hide_args "-DCMAKE_IGNORE_PATH=/usr/include;/usr/local/include")
else()
  set(hide_args "-DCMAKE_DISABLE_FIND_PACKAGE_${HIDE}=ON")
endif()

file(REMOVE_RECURSE "${WORK}")
execute_process(
  COMMAND "${CMAKE_COMMAND}" -S "${SOURCE}" -B "${WORK}" ${hide_args}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
file(REMOVE_RECURSE "${WORK}")

if(rc EQUAL 0)
  message(FATAL_ERROR "configuration succeeded although ${HIDE} was hidden:\n${out}")
endif()
string(REGEX MATCHALL "data-test: [^\n]*" lines "${err}")
list(LENGTH lines count)
if(NOT count EQUAL 1)
  message(FATAL_ERROR "expected one 'data-test:' line, got ${count}:\n${err}")
endif()
if(NOT err MATCHES "install the Debian package '[^']*${PACKAGE}[^']*'")
  message(FATAL_ERROR "the message does not name '${PACKAGE}':\n${err}")
endif()
string(REGEX MATCHALL "CMake Error" errors "${err}")
list(LENGTH errors error_count)
if(NOT error_count EQUAL 1)
  message(FATAL_ERROR "expected a single error, got ${error_count}:\n${err}")
endif()
message(STATUS "ok: ${lines}")
