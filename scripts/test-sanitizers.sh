#!/usr/bin/env bash
# Builds a sanitizer preset of CMakePresets.json and runs its tests: `asan` (ASan + UBSan) runs
# the unit and end-to-end suites, `tsan` the threaded parts. The sanitizer options are the test
# preset's; reports go to files, so that one written by a child whose exit status no test read
# still fails this script. Zero reports, or exit 1.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
preset=${1:-}
case "$preset" in
  asan) targets=() ;;  # everything: the unit and e2e suites
  tsan) targets=(--target data-test process_test connection_test redact_test collect_test
                 pg_cluster_test run_builds_test made_records_test
                 e2e_safety_interrupt_test) ;;
  *) echo "usage: scripts/test-sanitizers.sh asan|tsan" >&2; exit 2 ;;
esac
reports="$root/build-$preset/sanitizer-reports"
cmake --preset "$preset" ${CMAKE_CXX_COMPILER_LAUNCHER:+"-DCMAKE_CXX_COMPILER_LAUNCHER=$CMAKE_CXX_COMPILER_LAUNCHER"} >/dev/null
scripts/build-checked.sh --preset "$preset" -j2 "${targets[@]}"
rm -rf "$reports"
mkdir -p "$reports"
# shellcheck source=scripts/test-tmpdir.sh
. "$root/scripts/test-tmpdir.sh"
tests_in_memory
status=0
ctest --preset "$preset" || status=$?
shopt -s nullglob
found=("$reports"/*)
if [ "${#found[@]}" -ne 0 ]; then
  echo "test-sanitizers: $preset wrote ${#found[@]} report(s):" >&2
  for report in "${found[@]}"; do
    echo "==== $report" >&2
    cat "$report" >&2
  done
  status=1
fi
exit "$status"
