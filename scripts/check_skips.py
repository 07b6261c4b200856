#!/usr/bin/env python3
"""Lists the tests the last ctest run skipped, and fails when one of them is a test that
docs/guarantees.md names, unless docs/testing.md names it too (saying why it cannot run there).

ctest reports a GoogleTest GTEST_SKIP as passed; this reads its log instead. Each ctest test runs
one GoogleTest test, so a block whose own summary lists "[  SKIPPED ] <its name>" was skipped
(a child's output quoted in a test's log names other tests, never this one).

Usage: check_skips.py BUILD_DIR [REPO_ROOT]
"""
import pathlib
import re
import sys


def skipped_tests(log_text):
    """The ctest names whose GoogleTest run was skipped."""
    skipped = []
    for block in re.split(r"\n(?=\d+/\d+ Testing: )", log_text):
        head = re.match(r"\d+/\d+ Testing: (\S+)", block)
        if not head:
            continue
        name = head.group(1)
        bare = name.split(".", 1)[1] if "." in name else name
        if re.search(r"^\[  SKIPPED \] " + re.escape(bare) + r"$", block, re.M):
            skipped.append(name)
    return skipped


def named_in(name, text):
    """True when text names the ctest test `name`, itself or as `<prefix>.<Suite>.*`."""
    if "`" + name + "`" in text:
        return True
    parts = name.split(".")
    return len(parts) >= 3 and "`" + ".".join(parts[:2]) + ".*`" in text


def main():
    build = pathlib.Path(sys.argv[1])
    root = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else pathlib.Path(__file__).parent.parent)
    log = build / "Testing" / "Temporary" / "LastTest.log"
    if not log.exists():
        print(f"check-skips: no ctest log at {log}; run ctest first", file=sys.stderr)
        return 2
    skipped = skipped_tests(log.read_text(errors="replace"))
    guarantees = (root / "docs" / "guarantees.md").read_text()
    testing = (root / "docs" / "testing.md").read_text()
    bad = []
    for name in skipped:
        print(f"check-skips: skipped: {name}")
        if named_in(name, guarantees) and not named_in(name, testing):
            bad.append(name)
    for name in bad:
        print(f"check-skips: {name} is a guarantee's test (docs/guarantees.md) and was skipped; "
              "make it run here, or say in docs/testing.md why it cannot", file=sys.stderr)
    print(f"check-skips: {len(skipped)} skipped, {len(bad)} of them a guarantee's test")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
