#!/usr/bin/env python3
"""The profile's JSON Schema read by an independent implementation (python3-jsonschema):
    check_profile_schema.py SOURCE_ROOT
It must be a valid draft-07 schema, accept every example profile (the docs' and the test
applications'), and reject typical mistakes. Exit 0 when all holds, 1 otherwise."""
import glob
import json
import os
import re
import sys

try:
    import jsonschema
except ImportError:
    sys.exit("check_profile_schema: python3-jsonschema is missing; run scripts/install-deps.sh")

root = sys.argv[1]
with open(os.path.join(root, "docs", "profile.schema.json")) as f:
    schema = json.load(f)
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)

examples = {}
for doc in sorted(glob.glob(os.path.join(root, "docs", "*.md"))):
    with open(doc) as f:
        text = f.read()
    for n, block in enumerate(re.findall(r"```json\n(.*?)```", text, re.S)):
        try:
            value = json.loads(block)
        except ValueError:
            continue
        if isinstance(value, dict) and "build" in value:
            examples[f"{os.path.basename(doc)} block {n}"] = value
for path in ["tests/example_app/profile.json", "tests/example_app/profile-incremental.json",
             "tests/example_app_url/data-test.json"]:
    with open(os.path.join(root, path)) as f:
        examples[path] = json.load(f)

failures = 0
for name, profile in examples.items():
    errors = [e.message for e in validator.iter_errors(profile)]
    if errors:
        failures += 1
        print(f"check_profile_schema: {name} is invalid: {errors}")

base = examples["tests/example_app/profile.json"]
mistakes = {
    "unknown key": {**base, "stepz": []},
    "missing name": {k: v for k, v in base.items() if k != "name"},
    "bad connection": {**base, "connection": {"from": "env"}},
    "url_env with a path": {**base, "connection": {"from": "url_env", "path": "x"}},
    "repo_column alone": {**base, "repo_column": "repo_id"},
    "once not boolean": {**base, "steps": [{"run": ["x"], "once": "yes"}]},
    "long database name": {**base, "databases": {"released": "r", "new": "n" * 64}},
    "natural_keys empty entry": {**base, "natural_keys": {"example_ops.repo_queue": {}}},
    "natural_keys unknown key": {**base, "natural_keys": {"example_ops.repo_queue": {"cols": ["a"]}}},
    "natural_keys repeated column": {**base, "natural_keys": {"example_ops.repo_queue": {"key": ["a", "a"]}}},
}
for name, profile in mistakes.items():
    if validator.is_valid(profile):
        failures += 1
        print(f"check_profile_schema: the mistake '{name}' is accepted")

print(f"check_profile_schema: {len(examples)} examples valid, {len(mistakes)} mistakes rejected"
      if failures == 0 else f"check_profile_schema: {failures} problem(s)")
sys.exit(1 if failures else 0)
