#!/usr/bin/env python3
"""Runs the recipes in data-test's docs, as written there (tests/e2e/doc_recipes_test.cpp
drives it with a throwaway PostgreSQL and an example application).

A recipe is a fenced block right after a line `<!-- recipe: NAME [exit=N] -->`:
  - a ```sh block runs with `bash -eo pipefail` in the current directory and must exit N
    (default 0);
  - a ```yaml block is a GitHub Actions workflow: its job's steps run in order the way the
    runner runs them (job and step env, defaults.run.working-directory, GITHUB_ENV, GITHUB_PATH,
    GITHUB_STEP_SUMMARY, RUNNER_TEMP, `if: always()` after a failure); `actions/checkout` is
    emulated by cloning --app (path app) or copying --data-test-src; `actions/upload-artifact`
    checks that its paths exist.

    recipes.py --root SRC --list
    recipes.py --root SRC --run NAME
    recipes.py --root SRC --run NAME --workspace DIR --app CLONE [--prebuilt BIN_DIR]
               [--set KEY=VALUE ...] [--skip-step NAME ...]
Prints one line per step; for a workflow, a last line `outcome: {json}`."""
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys

MARKER = re.compile(r"^<!-- recipe: ([a-z0-9-]+)(?: exit=(\d+))? -->\n```(sh|yaml)\n(.*?)^```",
                    re.M | re.S)


def recipes(root):
    found = {}
    for path in sorted(glob.glob(os.path.join(root, "docs", "*.md"))) + [
            os.path.join(root, "README.md")]:
        with open(path) as f:
            text = f.read()
        for m in MARKER.finditer(text):
            name, code, kind, body = m.group(1), int(m.group(2) or 0), m.group(3), m.group(4)
            if name in found:
                sys.exit(f"recipes: '{name}' is defined twice")
            found[name] = {"doc": os.path.basename(path), "exit": code, "kind": kind, "body": body}
    return found


def run_sh(recipe):
    status = subprocess.run(["bash", "-eo", "pipefail", "-c", recipe["body"]]).returncode
    print(f"recipe exited {status}, expected {recipe['exit']}")
    return 0 if status == recipe["exit"] else 1


def expand(text, env):
    # The two expressions the recipe uses; anything else is refused.
    def one(m):
        expr = m.group(1).strip()
        if expr == "runner.temp":
            return env["RUNNER_TEMP"]
        if expr == "github.workspace":
            return env["GITHUB_WORKSPACE"]
        sys.exit(f"recipes: expression '{expr}' is not emulated")
    return re.sub(r"\$\{\{(.*?)\}\}", one, text)


def run_workflow(recipe, args):
    import yaml  # python3-yaml
    doc = yaml.safe_load(recipe["body"])
    (job_name, job), = doc["jobs"].items()
    workspace = os.path.abspath(args.workspace)
    temp = os.path.join(workspace, "_temp")
    os.makedirs(temp, exist_ok=True)
    files = {k: os.path.join(temp, k.lower()) for k in ("GITHUB_ENV", "GITHUB_PATH",
                                                        "GITHUB_STEP_SUMMARY")}
    for path in files.values():
        open(path, "w").close()
    env = dict(os.environ, RUNNER_TEMP=temp, GITHUB_WORKSPACE=workspace, CI="true",
               GITHUB_ACTIONS="true", **files)
    env.update({k: str(v) for k, v in job.get("env", {}).items()})
    overrides = dict(item.split("=", 1) for item in args.set)
    env.update(overrides)
    defaults = job.get("defaults", {}).get("run", {})
    failed = False
    outcome = {"steps": [], "summary": "", "artifacts": []}
    for i, step in enumerate(job["steps"]):
        name = step.get("name") or step.get("uses") or f"step {i}"
        condition = str(step.get("if", "success()"))
        if failed and "always()" not in condition:
            outcome["steps"].append({"name": name, "status": "skipped"})
            print(f"step '{name}': skipped (an earlier step failed)")
            continue
        if name in args.skip_step:
            outcome["steps"].append({"name": name, "status": "not emulated"})
            print(f"step '{name}': not run here (machine setup)")
            continue
        status = 0
        uses = step.get("uses", "")
        with_ = {k: expand(str(v), env) for k, v in step.get("with", {}).items()}
        if uses.startswith("actions/checkout@"):
            target = os.path.join(workspace, with_.get("path", "."))
            if "repository" in with_:
                copy_tree(args.root, target)
            else:
                subprocess.run(["git", "clone", "-q", "--no-local", args.app, target], check=True)
        elif uses.startswith("actions/upload-artifact@"):
            for path in with_["path"].split("\n"):
                if path.strip():
                    outcome["artifacts"].append(path.strip())
                    if not os.path.exists(path.strip()):
                        print(f"step '{name}': artifact '{path.strip()}' does not exist")
                        status = 1
        elif "run" in step:
            if name == "Install data-test" and args.prebuilt:
                with open(files["GITHUB_PATH"], "a") as f:
                    f.write(args.prebuilt + "\n")
                print(f"step '{name}': the data-test built by this build tree is used instead")
            else:
                cwd = step.get("working-directory", defaults.get("working-directory", "."))
                step_env = dict(env, **{k: expand(str(v), env)
                                        for k, v in step.get("env", {}).items()})
                step_env["PATH"] = ":".join(read_lines(files["GITHUB_PATH"])[::-1] +
                                            [env["PATH"]])
                status = subprocess.run(
                    ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c",
                     expand(step["run"], env)],
                    cwd=os.path.join(workspace, cwd), env=step_env).returncode
                for line in read_lines(files["GITHUB_ENV"]):
                    key, value = line.split("=", 1)
                    env[key] = value
                open(files["GITHUB_ENV"], "w").close()
        else:
            sys.exit(f"recipes: step '{name}' uses '{uses}', which is not emulated")
        print(f"step '{name}': exit {status}")
        outcome["steps"].append({"name": name, "status": "success" if status == 0 else
                                 f"failure {status}"})
        failed = failed or status != 0
    with open(files["GITHUB_STEP_SUMMARY"]) as f:
        outcome["summary"] = f.read()
    outcome["services"] = list(job.get("services", {}).keys())
    outcome["container"] = job.get("container", "")
    print("outcome: " + json.dumps(outcome))
    return 0


def read_lines(path):
    with open(path) as f:
        return [line.rstrip("\n") for line in f if line.strip()]


def copy_tree(root, target):
    """The project's files as git sees them (tracked and untracked, not ignored)."""
    listed = subprocess.run(["git", "-C", root, "ls-files", "-co", "--exclude-standard", "-z"],
                            check=True, stdout=subprocess.PIPE).stdout.decode().split("\0")
    for rel in filter(None, listed):
        source = os.path.join(root, rel)
        if not os.path.isfile(source):
            continue
        os.makedirs(os.path.dirname(os.path.join(target, rel)), exist_ok=True)
        shutil.copy2(source, os.path.join(target, rel))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--run")
    parser.add_argument("--workspace")
    parser.add_argument("--app")
    parser.add_argument("--prebuilt")
    parser.add_argument("--set", action="append", default=[])
    parser.add_argument("--skip-step", action="append", default=[])
    args = parser.parse_args()
    found = recipes(args.root)
    if args.list:
        for name, recipe in found.items():
            print(f"{name} {recipe['kind']} {recipe['doc']}")
        return 0
    if args.run not in found:
        sys.exit(f"recipes: no recipe '{args.run}'")
    recipe = found[args.run]
    return run_sh(recipe) if recipe["kind"] == "sh" else run_workflow(recipe, args)


if __name__ == "__main__":
    sys.exit(main())
