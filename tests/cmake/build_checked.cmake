# scripts/build-checked.sh fails a build that printed a warning, also one that ccache replayed
# from a compile cached without -Werror (the top-level launcher leaves -Werror out of the key),
# and passes a clean build. Run by CTest:
# cmake -DSOURCE=<data-test source> -DWORK=<scratch dir> -P build_checked.cmake
foreach(var SOURCE WORK)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "missing -D${var}")
  endif()
endforeach()
set(script "${SOURCE}/scripts/build-checked.sh")

# Configures a one-file project in WORK/<name> with the given source text and cache arguments,
# then builds it with build-checked.sh; sets <name>_rc and <name>_out.
function(checked_build name text)
  file(WRITE "${WORK}/${name}/src/CMakeLists.txt"
    "cmake_minimum_required(VERSION 3.21)\nproject(p CXX)\nadd_executable(p p.cpp)\n"
    "target_compile_options(p PRIVATE -Wall $<$<BOOL:\${WERROR}>:-Werror>)\n")
  file(WRITE "${WORK}/${name}/src/p.cpp" "${text}")
  execute_process(COMMAND "${CMAKE_COMMAND}" -S "${WORK}/${name}/src" -B "${WORK}/${name}/b"
                          ${ARGN} OUTPUT_QUIET RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${name}: the test project did not configure")
  endif()
  execute_process(COMMAND bash "${script}" "${WORK}/${name}/b" OUTPUT_VARIABLE out
                  ERROR_VARIABLE out RESULT_VARIABLE rc)
  set(${name}_rc ${rc} PARENT_SCOPE)
  set(${name}_out "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE "${WORK}")
set(clean "int main() { return 0; }\n")
set(warns "int main() { int unused; return 0; }\n")

checked_build(clean "${clean}")
if(NOT clean_rc EQUAL 0)
  message(FATAL_ERROR "a clean build failed:\n${clean_out}")
endif()
checked_build(warning "${warns}")
if(warning_rc EQUAL 0 OR NOT warning_out MATCHES "build-checked: the build printed warnings")
  message(FATAL_ERROR "a build that warned passed:\n${warning_out}")
endif()

find_program(ccache ccache)
if(ccache)
  # The same source twice through ccache, keyed without -Werror: first without -Werror (it warns
  # and is cached), then with it, where the compile is a hit that only replays the warning.
  set(ENV{CCACHE_DIR} "${WORK}/ccache")
  set(ENV{CCACHE_IGNOREOPTIONS} "-Werror")
  set(ENV{CCACHE_BASEDIR} "${WORK}")
  set(launcher "-DCMAKE_CXX_COMPILER_LAUNCHER=${ccache}")
  checked_build(cached "${warns}" ${launcher} -DWERROR=OFF)
  file(REMOVE_RECURSE "${WORK}/cached/b")
  checked_build(cached "${warns}" ${launcher} -DWERROR=ON)
  if(cached_rc EQUAL 0 OR NOT cached_out MATCHES "build-checked: the build printed warnings")
    message(FATAL_ERROR "a -Werror build served a warning from ccache and passed:\n${cached_out}")
  endif()
endif()
file(REMOVE_RECURSE "${WORK}")
