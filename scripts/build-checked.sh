#!/usr/bin/env bash
# `cmake --build ARGS...`, failing when the build printed a compiler or linker warning, also
# one that ccache replayed from a cached compile. The key leaves -Werror out (CMakeLists.txt), so
# an object cached by a build without -Werror that warned would otherwise pass here silently.
# Used by build.sh and test-sanitizers.sh. Usage: scripts/build-checked.sh ARGS...
set -euo pipefail
log=$(mktemp)
trap 'rm -f "$log"' EXIT
cmake --build "$@" 2>&1 | tee "$log"
if grep -q -E '(^|: )warning: ' "$log"; then
  echo "build-checked: the build printed warnings (above); the project keeps them at zero" >&2
  exit 1
fi
