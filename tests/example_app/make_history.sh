#!/usr/bin/env bash
# Creates the deterministic git repository the example collector collects:
#   make_history.sh DIR
# ~60 commits dated January to June 2025 (fixed author and committer dates), five authors
# (one non-ASCII name, one plus-address), two feature branches merged with --no-ff (merge
# commits have two parents), lightweight and annotated tags, files under vendor/, *.md files
# and one binary file. The same script always yields the same commit shas.
set -euo pipefail

if [ "$#" -ne 1 ] || [ -z "$1" ]; then
  echo "usage: make_history.sh DIR" >&2
  exit 2
fi
dir=$1
if [ -e "$dir" ] && [ -n "$(ls -A -- "$dir" 2>/dev/null)" ]; then
  echo "make_history.sh: \"$dir\" exists and is not empty: pass a new directory" >&2
  exit 2
fi

# Isolate from the caller's git configuration (hooks, signing, templates, default branch).
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

authors=(
  "Alice Example|alice@example.org"
  "Bob Builder|bob@example.org"
  "José Müller|jose@example.org"
  "Dana Plus|dana+git@example.org"
  "Chen Wei|chen@example.org"
)
start=1736157600  # 2025-01-06 10:00:00 UTC
step=0

# Sets author and committer for the next git command: who (index into authors), the
# clock advancing 2.5 days per call.
use() {
  local who=${authors[$1]}
  step=$((step + 1))
  local when="$((start + step * 216000)) +0000"
  export GIT_AUTHOR_NAME=${who%%|*} GIT_AUTHOR_EMAIL=${who##*|} GIT_AUTHOR_DATE=$when
  export GIT_COMMITTER_NAME=${who%%|*} GIT_COMMITTER_EMAIL=${who##*|} GIT_COMMITTER_DATE=$when
}

# commit WHO MESSAGE FILE...: appends one line per file (creating it), commits.
commit() {
  local who=$1 message=$2
  shift 2
  local file
  for file in "$@"; do
    mkdir -p -- "$(dirname -- "$file")"
    printf '%s (step %d)\n' "$message" "$((step + 1))" >>"$file"
  done
  git add -- "$@"
  use "$who"
  git commit -q -m "$message"
}

merge() {
  local branch=$1
  use 0
  git merge -q --no-ff --no-edit -m "Merge branch '$branch'" "$branch"
}

tag_light() { git tag "$1"; }
tag_annotated() {
  use "$2"
  git tag -a "$1" -m "Release $1"
}

commit 0 "Initial layout" README.md Makefile src/main.c src/util.c docs/guide.md vendor/zlib/zlib.c
mkdir -p assets
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10' >assets/logo.png  # binary: numstat "-"
git add assets/logo.png
use 1
git commit -q -m "Add logo"

for i in $(seq 3 14); do
  case $((i % 5)) in
    0) commit 0 "Refactor util $i" src/util.c src/util.h ;;
    1) commit 1 "Fix build $i" Makefile src/main.c ;;
    2) commit 2 "Document option $i" docs/guide.md README.md ;;
    3) commit 3 "Update vendored zlib $i" vendor/zlib/zlib.c vendor/zlib/zlib.h src/main.c ;;
    4) commit 4 "Add test $i" tests/test_util.c src/util.c ;;
  esac
done
tag_light v0.1.0

# First feature branch, interleaved with main so the merge is a real merge commit.
git checkout -q -b feature/parser
commit 1 "Parser skeleton" src/parser.c src/parser.h
git checkout -q main
commit 2 "Guide: installation" docs/install.md
git checkout -q feature/parser
commit 1 "Parser: tokens" src/parser.c tests/test_parser.c
commit 4 "Parser: errors" src/parser.c docs/parser.md
git checkout -q main
commit 0 "Bump version" Makefile CHANGELOG.md
git checkout -q feature/parser
commit 2 "Parser: José's edge cases" src/parser.c tests/test_parser.c
git checkout -q main
merge feature/parser
tag_annotated v0.2.0 0

for i in $(seq 24 38); do
  case $((i % 4)) in
    0) commit 3 "Vendor: update yaml $i" vendor/yaml/yaml.c vendor/yaml/yaml.h ;;
    1) commit 1 "Speed up main loop $i" src/main.c src/util.c src/util.h ;;
    2) commit 2 "Docs pass $i" docs/guide.md docs/parser.md README.md ;;
    3) commit 4 "Tests $i" tests/test_util.c tests/test_parser.c ;;
  esac
done

# Second feature branch, kept after its merge.
git checkout -q -b feature/export
commit 4 "Export: CSV writer" src/export.c src/export.h
commit 3 "Export: vendored csv lib" vendor/csv/csv.c src/export.c
git checkout -q main
commit 0 "Changelog" CHANGELOG.md
git checkout -q feature/export
commit 4 "Export: docs" docs/export.md README.md
commit 2 "Export: tests" tests/test_export.c src/export.c
git checkout -q main
commit 1 "Fix warning" src/util.c
merge feature/export
tag_annotated v0.3.0-rc1 3

for i in $(seq 48 64); do
  case $((i % 3)) in
    0) commit 0 "Polish $i" src/main.c docs/guide.md ;;
    1) commit 2 "Vendor sync $i" vendor/zlib/zlib.c vendor/yaml/yaml.c src/util.c ;;
    2) commit 1 "Release notes $i" CHANGELOG.md README.md ;;
  esac
done
tag_annotated v1.0.0 0
git branch -q -D feature/parser
