#!/usr/bin/env bash
# Builds the libFuzzer targets in the clang ASan + UBSan build (the `asan` preset compiles
# everything with -fsanitize=fuzzer-no-link, so the sanitizer job and the fuzzers share one
# build; a tree test-sanitizers.sh asan built already is up to date) and runs each for SECONDS
# (default 60), starting from its seed corpus in tests/fuzz/corpus/<name>. New inputs go to
# build-asan/corpus/<name>, crashes to build-asan/artifacts/. Prints each target's executions.
# Runs one target per core at once (DATA_TEST_FUZZ_JOBS overrides).
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]   (targets: profile expand config names)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
seconds=${1:-60}
shift || true
cmake --preset asan ${CMAKE_CXX_COMPILER_LAUNCHER:+"-DCMAKE_CXX_COMPILER_LAUNCHER=$CMAKE_CXX_COMPILER_LAUNCHER"} >/dev/null
cmake --build --preset fuzz -j2
build="$root/build-asan"
if [ "$#" -eq 0 ]; then
  for source in tests/fuzz/*_fuzz.cpp; do
    name=${source##*/}
    set -- "$@" "${name%_fuzz.cpp}"
  done
fi
mkdir -p "$build/artifacts"
# One target per core at a time: each still gets SECONDS of its own, in half the wall time on 2.
jobs=${DATA_TEST_FUZZ_JOBS:-$(nproc)}
fuzz_one() {
  local name=$1 corpus="$build/corpus/$1" log="$build/fuzz-$1.log"
  mkdir -p "$corpus"
  "$build/tests/fuzz/${name}_fuzz" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$build/artifacts/$name-" "$corpus" "tests/fuzz/corpus/$name" >"$log" 2>&1
}
names=("$@")
status=0
for ((first = 0; first < ${#names[@]}; first += jobs)); do
  batch=("${names[@]:first:jobs}")
  pids=()
  for name in "${batch[@]}"; do
    echo "fuzz: $name for ${seconds}s"
    fuzz_one "$name" &
    pids+=("$!")
  done
  for i in "${!batch[@]}"; do
    name=${batch[$i]}
    log="$build/fuzz-$name.log"
    if ! wait "${pids[$i]}"; then
      echo "fuzz: $name FAILED; input saved under $build/artifacts/; last lines of $log:" >&2
      tail -n 40 "$log" >&2
      status=1
      continue
    fi
    # libFuzzer's last line: "Done N runs in S second(s)".
    echo "fuzz: $name: $(grep -E '^Done [0-9]+ runs' "$log" | tail -n 1)"
  done
done
exit "$status"
