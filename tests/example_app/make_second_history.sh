#!/usr/bin/env bash
# Creates the second deterministic test repository (several-repository runs):
#   make_second_history.sh DIR
# 8 commits dated July 2025, two authors (one also in make_history.sh's repository), stable
# release tags only (v2.0.0 lightweight, v2.1.0 annotated): a prerelease rule such as
# scenarios/prerelease_check.patch loses tags of the first repository and none of this one.
set -euo pipefail

if [ "$#" -ne 1 ] || [ -z "$1" ]; then
  echo "usage: make_second_history.sh DIR" >&2
  exit 2
fi
dir=$1
if [ -e "$dir" ] && [ -n "$(ls -A -- "$dir" 2>/dev/null)" ]; then
  echo "make_second_history.sh: \"$dir\" exists and is not empty: pass a new directory" >&2
  exit 2
fi

export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 LC_ALL=C TZ=UTC
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE

mkdir -p -- "$dir"
cd -- "$dir"
git -c init.defaultBranch=main init -q --template=
git config user.name "History Maker"
git config user.email "history@example.org"
git config commit.gpgsign false
git config tag.gpgsign false
git config core.autocrlf false

start=1751364000  # 2025-07-01 10:00:00 UTC
step=0
use() {
  local name=$1 email=$2
  step=$((step + 1))
  local when="$((start + step * 86400)) +0000"
  export GIT_AUTHOR_NAME=$name GIT_AUTHOR_EMAIL=$email GIT_AUTHOR_DATE=$when
  export GIT_COMMITTER_NAME=$name GIT_COMMITTER_EMAIL=$email GIT_COMMITTER_DATE=$when
}
commit() {
  local name=$1 email=$2 message=$3
  shift 3
  local file
  for file in "$@"; do
    mkdir -p -- "$(dirname -- "$file")"
    printf '%s (step %d)\n' "$message" "$((step + 1))" >>"$file"
  done
  git add -- "$@"
  use "$name" "$email"
  git commit -q -m "$message"
}

commit "Alice Example" alice@example.org "Start the tool" README.md tool/main.py
commit "Eve Second" eve@example.org "Add options" tool/options.py
commit "Alice Example" alice@example.org "Document options" README.md docs/options.md
commit "Eve Second" eve@example.org "Fix parsing" tool/options.py tool/main.py
git tag v2.0.0
commit "Eve Second" eve@example.org "Add export" tool/export.py
commit "Alice Example" alice@example.org "Test export" tests/test_export.py tool/export.py
commit "Eve Second" eve@example.org "Polish" tool/main.py README.md
use "Eve Second" eve@example.org
git tag -a v2.1.0 -m "Release v2.1.0"
commit "Alice Example" alice@example.org "Changelog" CHANGELOG.md
