#!/usr/bin/env bash
# Configure and build data-test into ./build (used by test.sh, test-packaging.sh and demo.sh):
# every target, or only the TARGETs given (demo.sh builds only what the demo runs). The
# packaging tests stay off unless DATA_TEST_PACKAGING_TESTS=ON (test-packaging.sh sets it).
# Compiles through ccache where it is installed (CMakeLists.txt, DATA_TEST_CCACHE).
# Usage: scripts/build.sh [TARGET...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${DATA_TEST_BUILD_DIR:-$root/build}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDATA_TEST_WERROR=ON \
  -DDATA_TEST_PACKAGING_TESTS="${DATA_TEST_PACKAGING_TESTS:-OFF}" >/dev/null
targets=()
for target in "$@"; do targets+=(--target "$target"); done
"$root/scripts/build-checked.sh" "$build" -j"$(nproc)" "${targets[@]}"
