#!/usr/bin/env bash
# The packaging tests (label packaging): every way into data-test's CMake package that
# docs/ctest.md documents (this project's own build tree, add_subdirectory, FetchContent,
# find_package from an install prefix and from a build tree), each configured, built and run with
# `ctest -L schema-change` as a user would. Three of them compile data-test again, so they are
# not in the default ctest; CI runs this after test.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
DATA_TEST_PACKAGING_TESTS=ON "$root/scripts/build.sh"
build=${DATA_TEST_BUILD_DIR:-$root/build}
ctest --test-dir "$build" -L packaging --output-on-failure --no-tests=error "$@"
