#!/usr/bin/env bash
# Static checks at zero warnings: shellcheck on scripts/ and .ci/run, and clang-tidy with the
# checked-in .clang-tidy (compile commands from the clang `asan` preset, configured here if
# needed). clang-tidy runs on:
#   - every product source (harness/, fixtures/, app/), on every run;
#   - the test sources the change touches: those that differ from the merge base with the
#     upstream branch (DATA_TEST_LINT_BASE overrides it; where the upstream is HEAD itself, as in
#     CI's fresh clone of main, the last 30 commits stand for the change);
#   - with --all, every C++ source; with FILE..., those files.
# A file whose preprocessed text, flags, checks and clang-tidy version match its last clean check
# is not checked again (scripts/tidy_cached.py). docs/testing.md says why this split is safe.
# Usage: scripts/lint.sh [--all | FILE...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
shellcheck scripts/*.sh tests/bench/*.sh .ci/run
echo "lint: shellcheck clean"
if [ ! -f build-asan/compile_commands.json ]; then
  cmake --preset asan >/dev/null
fi
all_sources() {
  git ls-files --cached --others --exclude-standard -- "$@" | grep -v '^tests/example_app/' || true
}
if [ "${1:-}" = "--all" ]; then
  mapfile -t files < <(all_sources 'harness/*.cpp' 'fixtures/*.cpp' 'app/*.cpp' 'tests/*.cpp')
elif [ "$#" -gt 0 ]; then
  files=("$@")
else
  mapfile -t files < <(all_sources 'harness/*.cpp' 'fixtures/*.cpp' 'app/*.cpp')
  base=${DATA_TEST_LINT_BASE:-}
  if [ -z "$base" ]; then
    upstream=$(git rev-parse --verify -q '@{upstream}' 2>/dev/null || true)
    [ -n "$upstream" ] && base=$(git merge-base HEAD "$upstream" 2>/dev/null || true)
    if [ -z "$base" ] || [ "$base" = "$(git rev-parse HEAD)" ]; then
      base=$(git rev-list --max-count=31 HEAD | tail -n 1)
    fi
  fi
  changed=0
  while IFS= read -r file; do
    [ -f "$file" ] || continue  # deleted by the change
    files+=("$file")
    changed=$((changed + 1))
  done < <(git diff --name-only "$base" -- 'tests/*.cpp' | grep -v '^tests/example_app/' || true)
  while IFS= read -r file; do  # new test files not committed yet
    files+=("$file")
    changed=$((changed + 1))
  done < <(git ls-files --others --exclude-standard -- 'tests/*.cpp' | grep -v '^tests/example_app/' || true)
  echo "lint: clang-tidy on the product and $changed test file(s) changed since ${base:0:12}"
fi
python3 scripts/tidy_cached.py build-asan "$(nproc)" "${files[@]}" || {
  echo "lint: clang-tidy found problems (scripts/lint.sh ${files[*]:0:3}... to rerun)" >&2
  exit 1
}
echo "lint: clang-tidy clean"
