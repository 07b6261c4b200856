#!/usr/bin/env bash
# Configure and build data-test into ./build (used by test.sh and demo.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${DATA_TEST_BUILD_DIR:-$root/build}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDATA_TEST_WERROR=ON >/dev/null
cmake --build "$build" -j"$(nproc)"
