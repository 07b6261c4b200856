#!/usr/bin/env bash
# The pipeline data-test replaces, scripted by hand as an operator would (pipeline_bench times
# both): a worktree of the tag, both builds one after the other, two databases, each side's steps
# in order, the upgrade (a copy of the released database, the new side's schema step on it), then
# one psql session per database counting every base table, two diffs, and the cleanup. Prints "timing <what> <seconds>" lines; the application's own part is the "build" and "step"
# lines, the counting the "count" lines.
#   hand_pipeline.sh example CLONE TAG REPO CONFIG PRIMARY_DB WORK
#   hand_pipeline.sh bulk    CLONE TAG FILL_SQL CREATE_SQL -     WORK
# Connection: PGHOST, PGPORT, PGUSER and PGPASSFILE in the environment (the throwaway cluster).
set -euo pipefail
mode=$1 clone=$2 tag=$3 arg4=$4 arg5=$5 primary=$6 work=$7
now() { date +%s.%N; }
timing() { awk -v what="$1" -v a="$(now)" -v b="$2" 'BEGIN { printf "timing %s %.3f\n", what, a - b }'; }
psql_in() { psql -X -q -v ON_ERROR_STOP=1 -At -d "$1" "${@:2}"; }

t=$(now)
git -C "$clone" worktree add -q --detach "$work/released-src" "$tag"
timing worktree "$t"
declare -A src=([released]="$work/released-src" [new]="$clone")
declare -A db=([released]="hand_released" [new]="hand_new")
for side in released new; do
  t=$(now)
  if [ "$mode" = example ]; then
    (cd "${src[$side]}" && sh build.sh "$work/bin/$side/example") >/dev/null
  fi
  timing "build-$side" "$t"
done
t=$(now)
for side in released new; do
  psql_in postgres -c "drop database if exists ${db[$side]}" -c "create database ${db[$side]}"
done
timing createdb "$t"

# One side's steps; "upgraded" runs only the new build's schema step on the copy.
run_steps() {
  local side=$1 bin_side=$1
  [ "$side" = upgraded ] && bin_side=new
  if [ "$mode" = example ]; then
    # The config with only the database name changed (what data-test's scratch config is).
    python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); c["database"]["dbname"]=sys.argv[2]; json.dump(c, open(sys.argv[3], "w"))' \
      "$arg5" "${db[$side]}" "$work/$side.json"
    bin="$work/bin/$bin_side/example"
    t=$(now); "$bin" -c "$work/$side.json" migrate --skip-views >/dev/null; timing "step-$side-migrate" "$t"
    [ "$side" = upgraded ] && return
    t=$(now)
    psql_in "$primary" -c '\copy example_ops.api_keys to stdout' |
      psql_in "${db[$side]}" -c '\copy example_ops.api_keys from stdin'
    timing "step-$side-keys" "$t"
    t=$(now); "$bin" -c "$work/$side.json" add-repo "$arg4" >/dev/null; timing "step-$side-add" "$t"
    t=$(now); "$bin" -c "$work/$side.json" collect "$arg4" --full >/dev/null; timing "step-$side-collect" "$t"
  else
    t=$(now); psql_in "${db[$side]}" -f "$arg5"; timing "step-$side-create" "$t"
    [ "$side" = upgraded ] && return
    t=$(now); psql_in "${db[$side]}" -f "$arg4"; timing "step-$side-fill" "$t"
  fi
}
run_steps released
# The upgrade: the released data, copied as data-test copies it, migrated by the new build.
db[upgraded]=hand_upgraded
t=$(now)
psql_in postgres -c "drop database if exists ${db[upgraded]}" \
  -c "create database ${db[upgraded]} template ${db[released]} strategy file_copy"
timing copy "$t"
run_steps upgraded
run_steps new

# One session per side: list the base tables, then count each of them.
count_side() {
  psql_in "$1" -c "select format('select %L, count(*) from %I.%I;', n.nspname || '.' || c.relname, n.nspname, c.relname) from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\_%' order by 1" -F '|' |
    psql_in "$1" -F '|' | LC_ALL=C sort -t '|' -k 1,1 > "$work/$1.counts"
}
for side in released upgraded new; do
  t=$(now); count_side "${db[$side]}"; timing "count-$side" "$t"
done
t=$(now)
for other in upgraded new; do
  LC_ALL=C join -t '|' "$work/hand_released.counts" "$work/hand_$other.counts" |
    awk -F'|' '{ v = $2 == $3 ? "PASS" : ($3 > $2 ? "FLAG" : "FAIL"); print v, $1 }' > "$work/verdicts-$other.txt"
done
timing compare "$t"

t=$(now)
for side in released upgraded new; do psql_in postgres -c "drop database ${db[$side]}"; done
git -C "$clone" worktree remove --force "$work/released-src"
timing cleanup "$t"
