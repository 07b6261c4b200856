#!/usr/bin/env bash
# Configure and build data-test into ./build (used by test.sh, test-packaging.sh and demo.sh).
# The packaging tests stay off unless DATA_TEST_PACKAGING_TESTS=ON (test-packaging.sh sets it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${DATA_TEST_BUILD_DIR:-$root/build}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDATA_TEST_WERROR=ON \
  -DDATA_TEST_PACKAGING_TESTS="${DATA_TEST_PACKAGING_TESTS:-OFF}" >/dev/null
cmake --build "$build" -j"$(nproc)"
