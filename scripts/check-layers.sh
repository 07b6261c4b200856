#!/usr/bin/env bash
# Fails when an #include crosses the layers ARCHITECTURE.md draws, or when foreign libraries
# are reached from outside their adapter. Layers, lowest first:
#   harness/util  <  harness/db  <  harness/core  <  harness/phases (the phase modules)
#   <  harness/run  <  fixtures  <  app
# An include may point down or into its own layer; phase modules never include each other.
set -euo pipefail
cd "$(dirname "$0")/.."

layer_of_file() {  # the layer of a source file
  case "$1" in
    harness/util/*) echo 0 ;;
    harness/db/*) echo 1 ;;
    harness/core/*) echo 2 ;;
    harness/phases/*) echo 3 ;;
    harness/run/*) echo 4 ;;
    fixtures/*) echo 5 ;;
    app/*) echo 6 ;;
  esac
}

layer_of_include() {  # the layer of a quoted include, as the include paths resolve it
  case "$1" in
    util/*) echo 0 ;;
    db/*) echo 1 ;;
    core/*) echo 2 ;;
    run/*) echo 4 ;;
    *) if [ -f "harness/phases/$1" ]; then echo 3;
       elif [ -f "fixtures/$1" ]; then echo 5;
       elif [ -f "app/$1" ]; then echo 6;
       else echo unknown; fi ;;
  esac
}

failures=0
fail() {
  echo "check-layers: $1" >&2
  failures=$((failures + 1))
}

# Sources are listed by hand, per folder: a source no CMakeLists.txt names is never compiled.
while IFS= read -r file; do
  dir=${file%%/*}
  grep -qE "^\s*${file#"$dir"/}\)?\s*$" "$dir/CMakeLists.txt" ||
    fail "$file is not listed in $dir/CMakeLists.txt: add it to its folder's list there"
done < <(git ls-files --cached --others --exclude-standard -- 'harness/*.cpp' 'fixtures/*.cpp')

# The folders are the layers: harness/ itself holds only its CMakeLists.txt.
while IFS= read -r file; do
  [ "$file" = harness/CMakeLists.txt ] || [ "${file#harness/*/}" != "$file" ] ||
    fail "$file is at harness/'s root, in no layer: move it into util/, db/, core/, phases/ or run/"
done < <(git ls-files --cached --others --exclude-standard -- 'harness/*')

while IFS= read -r file; do
  from=$(layer_of_file "$file")
  base=$(basename "${file%.*}")
  while IFS= read -r inc; do
    to=$(layer_of_include "$inc")
    if [ "$to" = unknown ]; then
      fail "$file includes \"$inc\", which is in no layer"
    elif [ "$to" -gt "$from" ]; then
      fail "$file includes \"$inc\" from a higher layer"
    elif [ "$from" = 3 ] && [ "$to" = 3 ] && [ "$base" != "${inc%.hpp}" ] &&
         [ "${base#"${inc%.hpp}"_}" = "$base" ]; then
      # (a module may span files: options_help.cpp belongs to options)
      fail "$file includes the phase module \"$inc\" (phase modules never include each other)"
    fi
  done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$file")
done < <(git ls-files --cached --others --exclude-standard -- 'harness/*.?pp' 'fixtures/*.?pp' 'app/*.?pp')

# Foreign libraries stay behind their adapters.
check_only_in() {  # pattern, allowed path regex, what (comment lines do not count)
  local hits
  hits=$(git grep -nE "$1" -- harness fixtures app ':!*.txt' | grep -vE '^[^:]+:[0-9]+:\s*//' |
         cut -d: -f1 | sort -u | grep -vE "$2" || true)
  [ -z "$hits" ] || fail "$3 outside its adapter: $(echo "$hits" | tr '\n' ' ')"
}
check_only_in '#include <(pqxx/|libpq-fe\.h)' '^harness/db/' "libpqxx/libpq"
check_only_in '#include <yaml-cpp/' '^harness/util/yaml\.cpp$' "yaml-cpp"
check_only_in '#include <boost/process' '^harness/util/child\.cpp$' "Boost.Process"
check_only_in '(std::filesystem|fs)::(create_directo|remove|rename|exists|is_|canonical|absolute|current_path|temp_directory_path|directory_iterator|recursive_directory_iterator|permissions|status|symlink_status|weakly_canonical|copy)' \
  '^harness/util/(file|confined)\.cpp$' "std::filesystem operations"
check_only_in '(remove_all|fs::remove\(|unlinkat|unlink\(|rmdir\(|DROP DATABASE|drop database|"worktree", "remove"|worktree remove|worktree prune)' \
  '^harness/core/reclaim\.cpp$' "deletion"

if [ "$failures" -ne 0 ]; then
  echo "check-layers: $failures problem(s); see ARCHITECTURE.md" >&2
  exit 1
fi
echo "check-layers: includes follow the layers; libpqxx, yaml-cpp, Boost.Process, std::filesystem and deletion stay in their adapters"
