# data_test_add_suite(): one CTest test per base table of an application's schemas.
#
#   data_test_add_suite(NAME <name> RELEASED_TAG <tag> REPO <url>...
#                       [SOURCE_DIR <dir>] [CONFIG <file>] [PROFILE <file>] [WORK_DIR <dir>]
#                       [KEEP_DBS] [SNAPSHOT_MAX_AGE <age>] [CACHE_DIR <dir>]
#                       [LABELS <extra>...])
#
# Generates <name>.collect (FIXTURES_SETUP: phases 1-5 once, state saved in the work dir),
# <name>.<schema>.<table> per table (FIXTURES_REQUIRED: reads the state; FAIL fails),
# <name>.unlisted (FIXTURES_REQUIRED: the verdicts of tables the listing did not name; FAIL
# fails) and <name>.cleanup (FIXTURES_CLEANUP: drops the scratch databases unless KEEP_DBS). All
# carry the label schema-change plus LABELS. REPO takes one or more test repositories (each
# becomes a --repo, in order). Also writes the launcher <name>.gtest beside the work dir:
# data-test with the suite's arguments, for IDEs. SNAPSHOT_MAX_AGE is data-test's
# --snapshot-max-age (e.g. 7d; 0: no released snapshots). CACHE_DIR is data-test's --cache-dir
# (default: -DDATA_TEST_CACHE_DIR, else data-test's own). The build tree is left out of the
# working tree's fingerprint (--fingerprint-exclude): CTest writes there on every run, and a
# build tree inside the clone would otherwise make each ctest collect again. See docs/ctest.md.

set(DATA_TEST_COLLECT_TIMEOUT 7200 CACHE STRING
  "Seconds the <suite>.collect test may take (a full collection can take an hour or more)")
set(DATA_TEST_LIST_TIMEOUT 1800 CACHE STRING
  "Seconds listing a suite's tables at ctest time may take (a schema-only discovery builds both sides)")
set(DATA_TEST_CACHE_DIR "" CACHE PATH
  "data-test's --cache-dir for every suite without CACHE_DIR (default: $XDG_CACHE_HOME/data-test, else ~/.cache/data-test)")
option(DATA_TEST_LIST_LAST_KNOWN
  "Listing a suite's tables (ctest -N, IDE refreshes, the launcher) never builds or connects: it lists the last known tables (turn ON in IDEs)"
  OFF)

# The shell-quoted words of args, for a generated sh script.
function(_data_test_shell_words out)
  set(text "")
  foreach(arg IN LISTS ARGN)
    string(REPLACE "'" "'\\''" arg "${arg}")
    string(APPEND text " '${arg}'")
  endforeach()
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# The bracket-quoted CMake list literal of args, for a generated script.
function(_data_test_list_literal out)
  set(text "")
  foreach(arg IN LISTS ARGN)
    string(APPEND text " [==[${arg}]==]")
  endforeach()
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

function(data_test_add_suite)
  cmake_parse_arguments(PARSE_ARGV 0 DT "KEEP_DBS"
    "NAME;RELEASED_TAG;SOURCE_DIR;CONFIG;PROFILE;WORK_DIR;SNAPSHOT_MAX_AGE;CACHE_DIR" "LABELS;REPO")
  foreach(required NAME RELEASED_TAG REPO)
    if(NOT DT_${required})
      message(FATAL_ERROR "data_test_add_suite: ${required} is required; see docs/ctest.md")
    endif()
  endforeach()
  if(DT_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "data_test_add_suite(${DT_NAME}): unknown arguments '${DT_UNPARSED_ARGUMENTS}'")
  endif()
  if(NOT DT_NAME MATCHES "^[A-Za-z0-9_.-]+$")
    message(FATAL_ERROR "data_test_add_suite: NAME '${DT_NAME}' may use only letters, digits, '_', '.' and '-'")
  endif()
  # Not <build>/data-test/: that is where data-test's own build tree links the executable.
  set(suites "${CMAKE_CURRENT_BINARY_DIR}/data-test-suites")
  if(NOT DT_WORK_DIR)
    set(DT_WORK_DIR "${suites}/${DT_NAME}")
  endif()

  if(TARGET data-test)
    set(exe "$<TARGET_FILE:data-test>")
  elseif(TARGET DataTest::data-test)
    set(exe "$<TARGET_FILE:DataTest::data-test>")
  else()
    message(FATAL_ERROR "data_test_add_suite: no data-test executable; use find_package(DataTest) or add_subdirectory(<data-test source>) first")
  endif()

  set(args --released-tag "${DT_RELEASED_TAG}")
  foreach(repo IN LISTS DT_REPO)
    list(APPEND args --repo "${repo}")
  endforeach()
  list(APPEND args --work-dir "${DT_WORK_DIR}" --fingerprint-exclude "${CMAKE_BINARY_DIR}")
  if(NOT DT_CACHE_DIR AND DATA_TEST_CACHE_DIR)
    set(DT_CACHE_DIR "${DATA_TEST_CACHE_DIR}")
  endif()
  foreach(opt SOURCE_DIR CONFIG PROFILE CACHE_DIR)
    if(DT_${opt})
      string(TOLOWER "${opt}" flag)
      string(REPLACE "_" "-" flag "${flag}")
      get_filename_component(value "${DT_${opt}}" ABSOLUTE)
      list(APPEND args "--${flag}" "${value}")
    endif()
  endforeach()
  if(DEFINED DT_SNAPSHOT_MAX_AGE)
    if(NOT DT_SNAPSHOT_MAX_AGE MATCHES "^(0|[0-9]+[smhd])$")
      message(FATAL_ERROR "data_test_add_suite(${DT_NAME}): SNAPSHOT_MAX_AGE '${DT_SNAPSHOT_MAX_AGE}' is not an age; give a whole number with a unit s, m, h or d (e.g. 24h), or 0")
    endif()
    list(APPEND args --snapshot-max-age "${DT_SNAPSHOT_MAX_AGE}")
  endif()
  set(labels schema-change ${DT_LABELS})

  add_test(NAME ${DT_NAME}.collect
           COMMAND ${exe} ${args} --collect-only --reuse-state --keep-dbs)
  set_tests_properties(${DT_NAME}.collect PROPERTIES
    FIXTURES_SETUP ${DT_NAME} LABELS "${labels}" TIMEOUT ${DATA_TEST_COLLECT_TIMEOUT}
    RESOURCE_LOCK data-test-${DT_NAME})
  if(DT_KEEP_DBS)
    add_test(NAME ${DT_NAME}.cleanup COMMAND ${CMAKE_COMMAND} -E echo
             "data-test: KEEP_DBS: scratch databases of suite ${DT_NAME} kept")
  else()
    add_test(NAME ${DT_NAME}.cleanup COMMAND ${exe} ${args} --drop-dbs-only)
  endif()
  set_tests_properties(${DT_NAME}.cleanup PROPERTIES
    FIXTURES_CLEANUP ${DT_NAME} LABELS "${labels}" RESOURCE_LOCK data-test-${DT_NAME})

  # The listing script writes the test names it registered; this test runs every other table the
  # collection found, so that no FAIL escapes ctest (a table the collector creates, say).
  # Per configuration only where there are several (no "<name>_listed-.txt" without a build type).
  get_property(multi GLOBAL PROPERTY GENERATOR_IS_MULTI_CONFIG)
  if(multi)
    set(listed "${suites}/${DT_NAME}_listed-$<CONFIG>.txt")
  else()
    set(listed "${suites}/${DT_NAME}_listed.txt")
  endif()
  add_test(NAME ${DT_NAME}.unlisted COMMAND ${exe} ${args} --from-state --unlisted "${listed}")
  set_tests_properties(${DT_NAME}.unlisted PROPERTIES
    FIXTURES_REQUIRED ${DT_NAME} LABELS "${labels}" FAIL_REGULAR_EXPRESSION "\\[  FAILED  \\]")

  set(list_args "")
  if(DATA_TEST_LIST_LAST_KNOWN)
    set(list_args --list-last-known)
  endif()
  # The launcher: an IDE (C++ TestMate) or a shell runs the suite's data-test without knowing its
  # arguments; runs reuse the suite's collection when its inputs match.
  if(multi)
    set(launcher "${suites}/${DT_NAME}-$<CONFIG>.gtest")
  else()
    set(launcher "${suites}/${DT_NAME}.gtest")
  endif()
  _data_test_shell_words(words "${exe}" ${args} --reuse-state ${list_args})
  file(GENERATE OUTPUT "${launcher}" CONTENT "#!/bin/sh
# Generated by data_test_add_suite(${DT_NAME}): data-test with this suite's arguments, for IDEs
# and shells (see docs/ctest.md). Any further arguments (--gtest_*) pass through.
exec${words} \"$@\"
" FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ
    WORLD_EXECUTE)

  # The per-table tests come from a script CTest runs when it reads this directory.
  _data_test_list_literal(DT_ARGS ${args})
  _data_test_list_literal(DT_LIST_ARGS ${list_args})
  _data_test_list_literal(DT_LABELS ${labels})
  set(DT_EXE "${exe}")
  set(DT_LISTED "${listed}")
  # The template sits beside this file in a package (installed or a build tree's), in
  # ../generated in a source tree. The function's own directory is used because a parent project
  # (add_subdirectory, FetchContent) calls it from another directory scope.
  set(template "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/suite_tests.cmake.in")
  if(NOT EXISTS "${template}")
    set(template "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/../generated/suite_tests.cmake.in")
  endif()
  set(stage "${suites}/${DT_NAME}_tests.cmake.in")
  set(script "${suites}/${DT_NAME}_tests-$<CONFIG>.cmake")
  configure_file("${template}" "${stage}" @ONLY)
  file(GENERATE OUTPUT "${script}" INPUT "${stage}")
  if(multi)
    set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES
      "${suites}/${DT_NAME}_tests-\${CTEST_CONFIGURATION_TYPE}.cmake")
  else()
    set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES
      "${suites}/${DT_NAME}_tests-${CMAKE_BUILD_TYPE}.cmake")
  endif()
endfunction()
