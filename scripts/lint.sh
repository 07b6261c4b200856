#!/usr/bin/env bash
# Static checks at zero warnings: shellcheck on scripts/ and .ci/run, and clang-tidy with the
# checked-in .clang-tidy over every C++ source of the project (compile commands from the clang
# `asan` preset, configured here if needed). Usage: scripts/lint.sh [FILE...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
shellcheck scripts/*.sh tests/bench/*.sh .ci/run
echo "lint: shellcheck clean"
if [ ! -f build-asan/compile_commands.json ]; then
  cmake --preset asan >/dev/null
fi
if [ "$#" -eq 0 ]; then
  mapfile -t files < <(git ls-files --cached --others --exclude-standard -- \
    'harness/*.cpp' 'fixtures/*.cpp' 'app/*.cpp' 'tests/*.cpp' | grep -v '^tests/example_app/')
  set -- "${files[@]}"
fi
# run-clang-tidy runs the files in parallel and exits non-zero on any warning (all are errors).
run-clang-tidy -quiet -p build-asan -j "$(nproc)" "$@" >build-asan/clang-tidy.log 2>&1 || {
  grep -E 'warning:|error:' build-asan/clang-tidy.log | sort -u >&2
  echo "lint: clang-tidy found problems (full output: build-asan/clang-tidy.log)" >&2
  exit 1
}
echo "lint: clang-tidy clean on $# files"
