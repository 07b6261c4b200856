# Checks the man page help2man generated from `data-test --help`: NAME and OPTIONS sections and
# the --released-tag flag. Run by CTest: cmake -DPAGE=<build>/data-test.1 -P man_page.cmake
if(NOT EXISTS "${PAGE}")
  message(FATAL_ERROR "no man page at ${PAGE}: is help2man installed (scripts/install-deps.sh)?")
endif()
file(READ "${PAGE}" roff)
foreach(section NAME OPTIONS)
  if(NOT roff MATCHES "\n\\.SH \"?${section}\"?\n")
    message(FATAL_ERROR "${PAGE} has no ${section} section:\n${roff}")
  endif()
endforeach()
# roff escapes hyphens (\-) and marks fonts (\fB...\fR); the plain text is what a reader sees.
string(REPLACE "\\-" "-" text "${roff}")
string(REGEX REPLACE "\\\\f[BIRP]" "" text "${text}")
if(NOT text MATCHES "--released-tag")
  message(FATAL_ERROR "${PAGE} does not mention --released-tag:\n${roff}")
endif()
message(STATUS "ok: ${PAGE} has NAME, OPTIONS and --released-tag")
