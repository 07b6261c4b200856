#!/usr/bin/env bash
# Verifies the example app's scenarios for real, without data-test: a throwaway PostgreSQL 15,
# an app clone tagged v1.0 (the released side), and per scenario a patched copy (the new side).
# Each side is built, migrated, given an API key, queued and collected into its own database;
# per-table counts are compared (PASS equal, FLAG new > released, FAIL released > new, a table
# on one side only counting 0 on the other) against scenarios/expected.json.
#   verify_scenarios.sh [SCENARIO...]     (default: every key of expected.json)
# Exits 0 when every verdict matches, 1 otherwise, 2 when it cannot run.
set -euo pipefail

here=$(cd -- "$(dirname -- "$0")" && pwd)
expected_json=${EXPECTED_JSON:-$here/scenarios/expected.json}  # override to test the checker
pg_bin=${PG_BINDIR:-/usr/lib/postgresql/15/bin}
password=verify-not-a-secret-pw  # trust auth ignores it; the check is that nothing prints it

for tool in git jq psql c++ "$pg_bin/initdb" "$pg_bin/pg_ctl"; do
  command -v "$tool" >/dev/null || { echo "verify: \"$tool\" not found: install it" >&2; exit 2; }
done
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1

work=$(mktemp -d /tmp/verify_scenarios.XXXXXX)
pg_dir=$(mktemp -d /tmp/verify_scenarios_pg.XXXXXX)
as_pg=()
if [ "$(id -u)" = 0 ]; then  # PostgreSQL refuses to run as root
  chown postgres "$pg_dir"
  as_pg=(runuser -u postgres --)
fi
server_started=0
cleanup() {
  if [ "$server_started" = 1 ]; then
    "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 ||
      echo "verify: could not stop the server in $pg_dir" >&2
  fi
  rm -rf -- "$work" "$pg_dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
failures=0
problem() {
  echo "MISMATCH: $*"
  failures=$((failures + 1))
}

# ------------------------------------------------------------------ server
"${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --locale=C \
  >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; exit 2; }
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" \
  -o "-k $pg_dir -c listen_addresses=''" -w start >/dev/null
server_started=1
sql() { psql -X -q -v ON_ERROR_STOP=1 -h "$pg_dir" -U postgres "$@"; }

# ------------------------------------------------------------------ history + app clone
"$here/make_history.sh" "$work/history"
"$here/make_history.sh" "$work/history2"
[ "$(git -C "$work/history" rev-parse HEAD)" = "$(git -C "$work/history2" rev-parse HEAD)" ] ||
  problem "make_history.sh is not deterministic (HEAD differs between two runs)"
echo "history: $(git -C "$work/history" rev-list --all | wc -l) commits," \
  "$(git -C "$work/history" rev-list --all --merges | wc -l) merges, HEAD" \
  "$(git -C "$work/history" rev-parse --short HEAD)"

clone=$work/clone
mkdir -p "$clone"
cp -- "$here"/app/* "$clone/"
git -C "$clone" -c init.defaultBranch=main init -q
git -C "$clone" add -A
git -C "$clone" -c user.name=verify -c user.email=verify@example.org commit -qm "v1.0"
git -C "$clone" tag v1.0

# build SRC_DIR OUT: builds and checks that the working tree was left as it was.
build() {
  local src=$1 out=$2 before t0 t1
  before=$(git -C "$src" status --porcelain)
  t0=$(now)
  (cd "$src" && sh build.sh "$out") >"$out.build.log" 2>&1 ||
    { cat "$out.build.log" >&2; echo "verify: build failed in $src" >&2; exit 2; }
  t1=$(now)
  echo "build $(basename "$(dirname "$out")"): $(elapsed "$t0" "$t1") s"
  [ "$(git -C "$src" status --porcelain)" = "$before" ] ||
    problem "build.sh modified the working tree of $src"
}

# collect BIN DB MODE(full|incremental): the profile's steps into a fresh database.
collect() {
  local bin=$1 db=$2 mode=$3 config=$work/$2.json log=$work/$2.log t0 t1
  sql -d postgres -c "CREATE DATABASE $db"
  # Alternate the port's JSON type: the collector accepts a number or a string.
  local port=5432
  case $db in new_*) port='"5432"' ;; esac
  printf '{"database": {"host": "%s", "port": %s, "user": "postgres", "password": "%s", "dbname": "%s", "sslmode": "disable"}, "collection": {"since_days": 21}}\n' \
    "$pg_dir" "$port" "$password" "$db" >"$config"
  local flag=()
  [ "$mode" = full ] && flag=(--full)
  t0=$(now)
  {
    "$bin" -c "$config" migrate --skip-views
    sql -d "$db" -c "INSERT INTO example_ops.api_keys (token, platform) VALUES ('tok-1', 'git')"
    "$bin" -c "$config" add-repo "$work/history"
    "$bin" -c "$config" collect "$work/history" "${flag[@]}"
  } >"$log" 2>&1 || { cat "$log" >&2; echo "verify: a step failed for $db" >&2; exit 2; }
  t1=$(now)
  echo "collect $db ($mode): $(elapsed "$t0" "$t1") s, $(grep -c '^WARN' "$log" || true) WARN lines"
  ! grep -q -- "$password" "$log" || problem "$db: the password appears in the collector's output"
}

# counts DB: "schema.table<TAB>rows" for every ordinary and partitioned table, sorted.
counts() {
  sql -d "$1" -At -F $'\t' <<'SQL' | LC_ALL=C sort
SELECT format('SELECT %L, count(*) FROM %I.%I', n.nspname || '.' || c.relname, n.nspname, c.relname)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname IN ('example_data', 'example_ops') AND c.relkind IN ('r', 'p')
ORDER BY 1 \gexec
SQL
}

# verdicts RELEASED_COUNTS NEW_COUNTS: "table<TAB>released<TAB>new<TAB>verdict".
verdicts() {
  awk -F'\t' -v OFS='\t' '
    NR == FNR { rel[$1] = $2; seen[$1] = 1; next }
    { fresh[$1] = $2; seen[$1] = 1 }
    END {
      for (t in seen) {
        r = (t in rel) ? rel[t] : 0; n = (t in fresh) ? fresh[t] : 0
        v = (r == n) ? "PASS" : (n > r ? "FLAG" : "FAIL")
        print t, r, n, v
      }
    }' "$1" "$2" | LC_ALL=C sort
}

# ------------------------------------------------------------------ released side
mkdir -p "$work/bin/released"
build "$clone" "$work/bin/released/collector"
collect "$work/bin/released/collector" rel_full full
collect "$work/bin/released/collector" rel_full_again full
collect "$work/bin/released/collector" rel_incremental incremental
counts rel_full >"$work/rel_full.counts"
counts rel_full_again >"$work/rel_full_again.counts"
counts rel_incremental >"$work/rel_incremental.counts"
cmp -s "$work/rel_full.counts" "$work/rel_full_again.counts" ||
  problem "two full collections of the same repository gave different counts"
echo "released counts (full):"
sed 's/^/  /' "$work/rel_full.counts"
for table in example_data.commits example_data.commit_parents example_data.commit_files; do
  rows=$(awk -F'\t' -v t="$table" '$1 == t { print $2 }' "$work/rel_full.counts")
  [ "${rows:-0}" -gt 0 ] || problem "full collection wrote no rows into $table"
  rows=$(awk -F'\t' -v t="$table" '$1 == t { print $2 }' "$work/rel_incremental.counts")
  [ "${rows:-1}" = 0 ] || problem "incremental collection of the 2025 history wrote $rows rows into $table"
done

# Contract checks: collect refuses without an API key (exit 3, one stderr line); migrate with
# views is idempotent.
sql -d postgres -c "CREATE DATABASE contract"
printf '{"database": {"host": "%s", "port": 5432, "user": "postgres", "password": "%s", "dbname": "contract"}}\n' \
  "$pg_dir" "$password" >"$work/contract.json"
"$work/bin/released/collector" -c "$work/contract.json" migrate >/dev/null
"$work/bin/released/collector" -c "$work/contract.json" migrate >/dev/null
status=0
"$work/bin/released/collector" -c "$work/contract.json" collect "$work/history" --full \
  >"$work/nokey.out" 2>"$work/nokey.err" || status=$?
[ "$status" = 3 ] || problem "collect without an API key exited $status, expected 3"
[ "$(wc -l <"$work/nokey.err")" = 1 ] || problem "collect without an API key: stderr is not one line"
[ "$(sql -d contract -At -c "SELECT count(*) FROM example_data.commits")" = 0 ] ||
  problem "collect without an API key wrote commits"
[ "$(sql -d contract -At -c "SELECT count(*) FROM pg_matviews WHERE schemaname = 'example_data'")" -ge 1 ] ||
  problem "migrate without --skip-views created no materialized view"

# ------------------------------------------------------------------ scenarios
if [ "$#" -gt 0 ]; then
  scenarios=("$@")
else
  mapfile -t scenarios < <(jq -r 'keys_unsorted[]' "$expected_json")
fi
for scenario in "${scenarios[@]}"; do
  jq -e --arg s "$scenario" 'has($s)' "$expected_json" >/dev/null ||
    { echo "verify: no scenario \"$scenario\" in expected.json" >&2; exit 2; }
  patch=${scenario%_incremental}
  mode=full
  [ "$patch" != "$scenario" ] && mode=incremental
  copy=$work/src/$patch
  if [ ! -x "$work/bin/$patch/collector" ]; then
    mkdir -p "$work/src" "$work/bin/$patch"
    cp -a "$clone" "$copy"
    git -C "$copy" apply "$here/scenarios/$patch.patch" ||
      { problem "$patch.patch does not apply to the app clone"; continue; }
    build "$copy" "$work/bin/$patch/collector"
  fi
  db=new_$scenario
  collect "$work/bin/$patch/collector" "$db" "$mode"
  counts "$db" >"$work/$db.counts"
  released=$work/rel_full.counts
  [ "$mode" = incremental ] && released=$work/rel_incremental.counts
  echo "scenario $scenario ($mode):"
  while IFS=$'\t' read -r table rel fresh verdict; do
    want=$(jq -r --arg s "$scenario" --arg t "$table" '.[$s][$t] // "PASS"' "$expected_json")
    mark=ok
    [ "$verdict" = "$want" ] || mark=MISMATCH
    [ "$verdict" = PASS ] && [ "$mark" = ok ] ||
      printf '  %-36s released %4s  new %4s  %s (expected %s) %s\n' \
        "$table" "$rel" "$fresh" "$verdict" "$want" "$mark"
    [ "$mark" = ok ] || problem "$scenario: $table is $verdict, expected $want"
  done < <(verdicts "$released" "$work/$db.counts")
  # Every table the expectation names must exist on some side.
  while read -r table; do
    grep -q "^$table"$'\t' "$released" "$work/$db.counts" ||
      problem "$scenario: expected table $table exists on neither side"
  done < <(jq -r --arg s "$scenario" '.[$s] | keys[]' "$expected_json")
  echo "  (every other table PASS)"
done

if [ "$failures" -gt 0 ]; then
  echo "verify: $failures mismatch(es)"
  exit 1
fi
echo "verify: all scenarios match scenarios/expected.json"
