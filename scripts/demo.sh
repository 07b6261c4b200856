#!/usr/bin/env bash
# Command 1 of the README: install what is missing, build only what the demo runs (data-test and
# the demo driver; the driver builds the example application itself), and run data-test on the
# example application against a throwaway PostgreSQL; prints the report and where it is.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" data-test data-test-demo
build=${DATA_TEST_BUILD_DIR:-$root/build}
exec "$build/tests/data-test-demo"
