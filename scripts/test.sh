#!/usr/bin/env bash
# Command 2 of the README: install what is missing, build, run the whole test suite with ctest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
build=${DATA_TEST_BUILD_DIR:-$root/build}
ctest --test-dir "$build" --output-on-failure --no-tests=error -j2 "$@"
