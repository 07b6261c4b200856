#!/usr/bin/env bash
# Command 2 of the README: install what is missing, build, run the whole test suite with ctest
# (in memory where it can: scripts/test-tmpdir.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
# shellcheck source=scripts/test-tmpdir.sh
. "$root/scripts/test-tmpdir.sh"
tests_in_memory
build=${DATA_TEST_BUILD_DIR:-$root/build}
ctest --test-dir "$build" --output-on-failure --no-tests=error -j2 "$@"
