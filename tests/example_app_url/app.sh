# The URL example application (after the embedded schema; see build.sh). It finds its database
# only in $DATABASE_URL — there is no config file — and writes with psql, one row at a time:
# a row the database rejects is a WARNING and is skipped, the run still exits 0.
#
#   app migrate                    create the schema
#   app ping URL DBNAME            connect to URL (no password in it) and check it is DBNAME
#   app collect REPO...            read each git repository's history into the database
set -eu

die() {
  echo "urlapp: $*" >&2
  exit 2
}

[ -n "${DATABASE_URL:-}" ] || die "DATABASE_URL is not set; export the database's URL"

sql() {
  psql -X -q -v ON_ERROR_STOP=1 "$DATABASE_URL" "$@"
}

# One repository: its commits into a staging table with COPY, then row by row into the tables
# inside a DO block, each row under its own exception handler (a rejected row is a WARNING).
collect_one() {
  repo=$1
  {
    cat <<'SQL'
INSERT INTO urlapp.repos (url) VALUES (:'url') ON CONFLICT (url) DO NOTHING;
SELECT set_config('urlapp.url', :'url', false) \g /dev/null
CREATE TEMP TABLE staging (sha text, author_email text, subject text);
COPY staging FROM STDIN;
SQL
    # COPY text format: a backslash in a subject is doubled.
    git -C "$repo" log --all --format='%H%x09%ae%x09%s' | sed 's/\\/\\\\/g'
    printf '\\.\n'
    cat <<'SQL'
DO $$
DECLARE
  r record;
  rid integer;
BEGIN
  SELECT repo_id INTO rid FROM urlapp.repos WHERE url = current_setting('urlapp.url');
  FOR r IN SELECT * FROM staging LOOP
    BEGIN
      INSERT INTO urlapp.authors (email) VALUES (r.author_email) ON CONFLICT DO NOTHING;
    EXCEPTION WHEN others THEN
      RAISE WARNING 'WARN urlapp.authors: %', SQLERRM;
    END;
    BEGIN
      INSERT INTO urlapp.commits (sha, repo_id, author_email, subject)
      VALUES (r.sha, rid, r.author_email, r.subject) ON CONFLICT DO NOTHING;
    EXCEPTION WHEN others THEN
      RAISE WARNING 'WARN urlapp.commits: %', SQLERRM;
    END;
  END LOOP;
END $$;
SQL
  } | sql -v url="$repo"
  echo "urlapp: collected $repo"
}

command=${1:-}
[ -n "$command" ] || die "usage: app (migrate | ping URL DBNAME | collect REPO...)"
shift
case $command in
  migrate)
    printf '%s\n' "$SCHEMA_SQL" | sql
    echo "urlapp: migrated"
    ;;
  ping)
    [ "$#" -eq 2 ] || die "usage: app ping URL DBNAME"
    got=$(psql -X -At "$1" -c 'select current_database()')
    [ "$got" = "$2" ] || die "ping: connected to '$got', expected '$2'"
    echo "urlapp: ping $got"
    ;;
  collect)
    [ "$#" -ge 1 ] || die "usage: app collect REPO..."
    for repo in "$@"; do collect_one "$repo"; done
    ;;
  *)
    die "unknown command '$command'"
    ;;
esac
