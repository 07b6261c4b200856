#!/usr/bin/env python3
"""clang-tidy over FILES, skipping a file whose last clean result still holds.

A clang-tidy result is a function of the translation unit as the compiler sees it (the
preprocessed text, headers included), the compile flags, the .clang-tidy file and the tool's
version. This script hashes exactly those (the source root written as "<root>", so that a clone
in another folder hits) and keeps a stamp per clean result under the cache dir. A file whose key
has a stamp is not checked again; any change to the file, a header it includes, a flag, the
checks or clang-tidy itself makes a new key. Only clean results are kept: a file with a warning
is checked on every run until it is fixed. A file the build does not compile (not in its
compile_commands.json) is named and skipped. A unity build's batch source counts as the files it
includes, each checked on its own with the batch's flags.

Usage: tidy_cached.py BUILD_DIR JOBS FILE...   (cache dir: $DATA_TEST_TIDY_CACHE, default
~/.cache/data-test-dev/clang-tidy). Prints the warnings and exits 1 when any file has one.
"""
import concurrent.futures
import hashlib
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile


UNITY_INCLUDE = re.compile(r'^#include "(.+)"$')


def per_source(entry):
    """The entry, or for a CMake unity source (Unity/unity_N_cxx.cxx) one entry per source it
    includes, with the unity source's flags: clang-tidy checks each file as its own unit."""
    unity = os.path.join(entry["directory"], entry["file"])
    if "/Unity/unity_" not in unity:
        return [entry]
    with open(unity, encoding="utf-8") as f:
        sources = [m.group(1) for m in map(UNITY_INCLUDE.match, f.read().splitlines()) if m]
    expanded = []
    for source in sources:
        one = {k: v for k, v in entry.items() if k not in ("arguments", "command", "output")}
        one["file"] = source
        if "arguments" in entry:
            one["arguments"] = [source if a == entry["file"] else a for a in entry["arguments"]]
        else:
            one["command"] = entry["command"].replace(entry["file"], source)
        expanded.append(one)
    return expanded


def compile_commands(build_dir):
    with open(os.path.join(build_dir, "compile_commands.json"), encoding="utf-8") as f:
        entries = [one for e in json.load(f) for one in per_source(e)]
    return {os.path.realpath(os.path.join(e["directory"], e["file"])): e for e in entries}


def preprocess_args(entry):
    """The entry's compile command with -E to stdout instead of -c -o OBJECT."""
    args = entry["arguments"] if "arguments" in entry else shlex.split(entry["command"])
    out, skip = [], False
    for arg in args:
        if skip:
            skip = False
            continue
        if arg == "-o":
            skip = True
            continue
        if arg == "-c":
            continue
        out.append(arg)
    return out + ["-E", "-o", "-"]


def key_of(entry, root, salt):
    args = preprocess_args(entry)
    text = subprocess.run(args, cwd=entry["directory"], check=True, capture_output=True).stdout
    digest = hashlib.sha256(salt)
    digest.update(" ".join(args).replace(root, "<root>").encode())
    digest.update(text.replace(root.encode(), b"<root>"))
    return digest.hexdigest()


def main():
    if len(sys.argv) < 3:
        print(__doc__.strip().splitlines()[-2], file=sys.stderr)
        return 2
    build_dir, jobs, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    root = os.path.realpath(os.getcwd())
    cache = os.environ.get("DATA_TEST_TIDY_CACHE") or os.path.expanduser(
        "~/.cache/data-test-dev/clang-tidy")
    os.makedirs(cache, mode=0o700, exist_ok=True)
    version = subprocess.run(["clang-tidy", "--version"], check=True, capture_output=True).stdout
    with open(".clang-tidy", "rb") as f:
        salt = version + f.read()
    commands = compile_commands(build_dir)
    # clang-tidy reads the commands from a database it is pointed at: one with the unity sources
    # split back into their files.
    database = tempfile.TemporaryDirectory(prefix="tidy-db-")
    with open(os.path.join(database.name, "compile_commands.json"), "w", encoding="utf-8") as f:
        json.dump(list(commands.values()), f)

    def check(path):
        entry = commands.get(os.path.realpath(path))
        if entry is None:  # not compiled in this build (the packaging tests): nothing to check
            return path, None, None
        key = key_of(entry, root, salt)
        stamp = os.path.join(cache, key)
        if os.path.exists(stamp):
            return path, True, None
        ran = subprocess.run(["clang-tidy", "-quiet", "-p", database.name, path],
                             capture_output=True, text=True)
        lines = [l for l in ran.stdout.splitlines() if "warning:" in l or "error:" in l]
        if ran.returncode != 0 or lines:
            return path, False, "\n".join(lines) or ran.stdout + ran.stderr
        with open(stamp, "w", encoding="utf-8") as f:
            f.write(path + "\n")
        return path, False, None

    failed, cached, skipped = [], 0, []
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        for path, hit, problem in pool.map(check, files):
            if hit is None:
                skipped.append(path)
                continue
            cached += hit
            if problem is not None:
                failed.append(problem)
    for problem in failed:
        print(problem.rstrip(), file=sys.stderr)
    print(f"tidy: {len(files) - len(skipped)} files, {cached} unchanged since a clean check, "
          f"{len(failed)} with problems; not compiled in {build_dir}, so not checked: "
          f"{', '.join(skipped) or 'none'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
