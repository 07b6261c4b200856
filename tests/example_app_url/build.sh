#!/bin/sh
# Builds the application: sh build.sh OUT (run at the app root). The "build" is one shell
# script with schema.sql embedded, so each side runs its own schema and collector.
set -eu
if [ "$#" -ne 1 ] || [ -z "$1" ]; then
  echo "usage: sh build.sh OUT" >&2
  exit 2
fi
out=$1
mkdir -p -- "$(dirname -- "$out")"
if grep -q '^EOF_SCHEMA$' schema.sql; then
  echo "build.sh: schema.sql contains the heredoc delimiter EOF_SCHEMA" >&2
  exit 1
fi
{
  printf '#!/bin/sh\n# Built by build.sh from app.sh and schema.sql; do not edit.\n'
  printf "SCHEMA_SQL=\$(cat <<'EOF_SCHEMA'\n"
  cat schema.sql
  printf 'EOF_SCHEMA\n)\n'
  cat app.sh
} >"$out.tmp"
chmod 0755 "$out.tmp"
mv -f -- "$out.tmp" "$out"
