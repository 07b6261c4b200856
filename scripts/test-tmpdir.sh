# shellcheck shell=bash
# Sourced by test.sh and test-sanitizers.sh (not run): `tests_in_memory` points TMPDIR at a fresh
# directory on /dev/shm for the rest of the script and removes it when the script exits.
#
# Why: every end-to-end test copies a PostgreSQL data directory, clones repositories, adds
# worktrees and builds into $TMPDIR, and on ext4 most of that time is the kernel's (journal and
# page allocation). On tmpfs the e2e suite takes about half as long (docs/testing.md has the
# figures); the tests do the same things, only the file system under them differs.
#
# Used only when nothing asked otherwise: an operator's own TMPDIR is kept, and
# DATA_TEST_TESTS_IN_MEMORY=0 turns it off. Skipped (the tests then use the usual $TMPDIR) when
# /dev/shm is not a writable tmpfs, is mounted noexec (the tests run what they build there), or
# has less than 4 GiB free.
tests_in_memory() {
  local shm=/dev/shm
  if [ -n "${TMPDIR:-}" ] || [ "${DATA_TEST_TESTS_IN_MEMORY:-1}" = 0 ]; then return 0; fi
  if [ "$(stat -f -c %T "$shm" 2>/dev/null)" != tmpfs ] || [ ! -w "$shm" ]; then return 0; fi
  if ! command -v findmnt >/dev/null ||
    findmnt -n -o OPTIONS --target "$shm" | tr ',' '\n' | grep -qx noexec; then
    return 0
  fi
  local free_kib
  free_kib=$(df --output=avail -k "$shm" | tail -n 1 | tr -d ' ')
  if [ "${free_kib:-0}" -lt $((4 * 1024 * 1024)) ]; then return 0; fi
  # mktemp makes a new directory of this user's (never one someone planted); it is opened up
  # like /tmp because the tests' PostgreSQL server and other-user checks run as other users.
  DATA_TEST_TESTS_TMPDIR=$(mktemp -d "$shm/data-test-tests.XXXXXX")
  chmod 1777 "$DATA_TEST_TESTS_TMPDIR"
  export TMPDIR=$DATA_TEST_TESTS_TMPDIR
  trap 'rm -rf -- "$DATA_TEST_TESTS_TMPDIR"' EXIT
  echo "tests: TMPDIR=$TMPDIR (in memory; DATA_TEST_TESTS_IN_MEMORY=0 keeps the usual one)"
}
