#!/usr/bin/env python3
"""Regenerates scenarios/<name>.patch from app/ (run after editing app/):
    python3 scenarios/make_patches.py
Each scenario is a small text edit of app/schema.sql (and app/collector.cpp), made in a
scratch git repository and written out with `git diff`, so the patches apply cleanly with
`git -C <app clone> apply <patch>`."""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
APP = os.path.join(os.path.dirname(HERE), "app")


class App:
    def __init__(self, schema, collector):
        self.schema = schema
        self.collector = collector

    def rep(self, attr, old, new):
        text = getattr(self, attr)
        if text.count(old) != 1:
            sys.exit(f"make_patches: anchor not found exactly once in {attr}: {old[:70]!r}")
        setattr(self, attr, text.replace(old, new))


FK_OLD = """-- Parent links. The collector meets a child before its parents (newest first), so
-- parent_sha deliberately has no foreign key here.
CREATE TABLE IF NOT EXISTS example_data.commit_parents (
    commit_sha   text NOT NULL REFERENCES example_data.commits (sha),
    parent_sha   text NOT NULL,
"""


def fk(app, deferred):
    clause = " DEFERRABLE INITIALLY DEFERRED" if deferred else ""
    if deferred:
        comment = ("-- Parent links. The collector meets a child before its parents (newest first);\n"
                   "-- the parent check waits until COMMIT, when every commit of the run is present.\n")
    else:
        comment = "-- Parent links: every parent must be a known commit.\n"
    app.rep("schema", FK_OLD, comment + f"""CREATE TABLE IF NOT EXISTS example_data.commit_parents (
    commit_sha   text NOT NULL REFERENCES example_data.commits (sha),
    parent_sha   text NOT NULL REFERENCES example_data.commits (sha){clause},
""")


def neutral(app):
    app.rep("schema", "-- @views", """-- Speeds up per-author reports.
CREATE INDEX IF NOT EXISTS commits_author_email_idx ON example_data.commits (author_email);
COMMENT ON TABLE example_data.commits IS 'One row per commit reachable from any ref.';

-- @views""")


def not_null(app):
    app.rep("schema", """    tagged_at  timestamptz NOT NULL,
""", """    tagged_at  timestamptz NOT NULL,
    signed_by  text NOT NULL,
""")


def check(app):
    app.rep("schema", """    first_seen     timestamptz NOT NULL
);""", """    first_seen     timestamptz NOT NULL,
    CONSTRAINT contributors_plain_email CHECK (email ~ '^[a-z0-9._-]+@[a-z0-9.-]+$')
);""")


def rename(app):
    app.rep("schema", """    path       text NOT NULL,
    additions  integer,
""", """    path       text NOT NULL,
    lines_added integer,
""")


def new_table(app):
    app.rep("schema", "-- Labels derived from tag names;", """-- Branch heads (git for-each-ref refs/heads).
CREATE TABLE IF NOT EXISTS example_data.branches (
    repo_id  integer NOT NULL REFERENCES example_data.repos (repo_id),
    name     text NOT NULL,
    head_sha text NOT NULL,
    PRIMARY KEY (repo_id, name)
);

-- Labels derived from tag names;""")
    app.rep("collector", '// "v1.2.0" -> release, v1, stable;', """struct Branch {
  std::string name, head_sha;
};

std::vector<Branch> read_branches(const std::string& path) {
  const std::string out = run_git({"-C", path, "for-each-ref", "--sort=refname",
                                   "--format=%(refname:strip=2)%1f%(objectname)", "refs/heads"});
  std::vector<Branch> branches;
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) {
    const auto fields = split(line, '\\x1f');
    if (fields.size() == 2) branches.push_back({fields[0], fields[1]});
  }
  return branches;
}

// "v1.2.0" -> release, v1, stable;""")
    app.rep("collector", """  say("collect: %zu tags", tags.size());
""", """  say("collect: %zu tags", tags.size());

  const std::vector<Branch> branches = read_branches(path);
  for (const auto& branch : branches)
    rows.insert("example_data.branches",
                "INSERT INTO example_data.branches (repo_id, name, head_sha) VALUES ($1, $2, $3)"
                " ON CONFLICT DO NOTHING",
                {repo_id, branch.name, branch.head_sha});
  say("collect: %zu branches", branches.size());
""")


def prerelease_check(app):
    app.rep("schema", """    tagged_at  timestamptz NOT NULL,
    PRIMARY KEY (repo_id, name)
);""", """    tagged_at  timestamptz NOT NULL,
    PRIMARY KEY (repo_id, name),
    CONSTRAINT tags_stable_only CHECK (name NOT LIKE '%-%')
);""")


def relaxed(app):
    app.rep("schema",
            "-- Files changed per commit (git log --numstat). Vendored code is not ours to report on.\n",
            "-- Files changed per commit (git log --numstat), vendored code included.\n")
    app.rep("schema", """    PRIMARY KEY (commit_sha, path),
    CONSTRAINT commit_files_no_vendor CHECK (path NOT LIKE 'vendor/%')
);""", """    PRIMARY KEY (commit_sha, path)
);""")


def drop_table(app):
    app.rep("schema", """-- One row per distinct author/committer e-mail.
CREATE TABLE IF NOT EXISTS example_data.contributors (
    contributor_id serial PRIMARY KEY,
    email          text NOT NULL UNIQUE,
    name           text NOT NULL,
    first_seen     timestamptz NOT NULL
);

""", "")


def drift(app):
    # Same rows, other content: the new collector swaps two columns' values.
    app.rep("collector", """                 std::to_string(commit.additions), std::to_string(commit.deletions)});""",
            """                 std::to_string(commit.deletions), std::to_string(commit.additions)});""")


# The upgrade scenarios: schema.sql is both the fresh install (CREATE TABLE IF NOT EXISTS) and
# the upgrade of a released database (migrate runs it again there), as in Aveloxis.
CONTRIBUTORS_END = """    first_seen     timestamptz NOT NULL
);
"""


def upgrade_cleanup(app):
    # A clean-up that deletes too much: it means to drop plus-address duplicates, and drops
    # every plus-address. On an empty table (a fresh install) it deletes nothing.
    app.rep("schema", CONTRIBUTORS_END, CONTRIBUTORS_END + """
-- Clean-up: plus-addresses are aliases of another address.
DELETE FROM example_data.contributors WHERE email LIKE '%+%';
""")


def upgrade_constraint(app):
    # The new collector writes plus-addresses without their tag and a new CHECK says so; the
    # released rows still hold one, so the ALTER fails on an upgrade (never on a fresh install).
    app.rep("schema", CONTRIBUTORS_END, CONTRIBUTORS_END + """
DO $$ BEGIN
    ALTER TABLE example_data.contributors
        ADD CONSTRAINT contributors_no_plus CHECK (position('+' in email) = 0);
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
""")
    app.rep("collector", """  auto contributor = [&](const std::string& name, const std::string& email, long long when) {
""", """  auto contributor = [&](const std::string& name, std::string email, long long when) {
    // Plus-addresses are aliases: "dana+git@x" is "dana@x".
    const auto plus = email.find('+');
    const auto at = email.find('@');
    if (plus != std::string::npos && at != std::string::npos && plus < at) {
      email.erase(plus, at - plus);
    }
""")


def upgrade_units(app):
    # Priorities in tenths from now on: the default and the released rows are scaled by 10.
    app.rep("schema", "    priority     integer NOT NULL DEFAULT 100,\n",
            "    priority     integer NOT NULL DEFAULT 1000,\n")
    app.rep("schema", """    collected_at timestamptz
);

CREATE TABLE IF NOT EXISTS example_ops.collection_runs (""", """    collected_at timestamptz
);
ALTER TABLE example_ops.repo_queue ALTER COLUMN priority SET DEFAULT 1000;
UPDATE example_ops.repo_queue SET priority = priority * 10 WHERE priority < 1000;

CREATE TABLE IF NOT EXISTS example_ops.collection_runs (""")


def upgrade_create_only(app):
    # A column added to CREATE TABLE IF NOT EXISTS only: a fresh install has it, an upgraded
    # database never gets it.
    app.rep("schema", "    subject         text NOT NULL,\n",
            "    subject         text NOT NULL,\n    signed          boolean NOT NULL DEFAULT false,\n")


def upgrade_create_and_alter(app):
    upgrade_create_only(app)
    app.rep("schema", """-- Parent links.""", """ALTER TABLE example_data.commits ADD COLUMN IF NOT EXISTS signed boolean NOT NULL DEFAULT false;

-- Parent links.""")


SCENARIOS = {
    "neutral": [neutral],
    "fk_regression": [lambda app: fk(app, False)],
    "fk_deferred": [lambda app: fk(app, True)],
    "not_null": [not_null],
    "check": [check],
    "rename": [rename],
    "new_table": [new_table],
    "relaxed": [relaxed],
    "drop_table": [drop_table],
    "demo": [lambda app: fk(app, False), new_table],
    "prerelease_check": [prerelease_check],
    "drift": [drift],
    "upgrade_cleanup": [upgrade_cleanup],
    "upgrade_constraint": [upgrade_constraint],
    "upgrade_units": [upgrade_units],
    "upgrade_create_only": [upgrade_create_only],
    "upgrade_create_and_alter": [upgrade_create_and_alter],
}


def git(repo, *args):
    env = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    return subprocess.run(["git", "-C", repo, *args], check=True, env=env,
                          stdout=subprocess.PIPE).stdout


def main():
    with tempfile.TemporaryDirectory(prefix="make_patches.") as scratch:
        for name in os.listdir(APP):
            shutil.copy(os.path.join(APP, name), scratch)
        git(scratch, "-c", "init.defaultBranch=main", "init", "-q")
        git(scratch, "add", "-A")
        git(scratch, "-c", "user.name=x", "-c", "user.email=x@example.org", "commit", "-qm", "base")
        for name, edits in SCENARIOS.items():
            with open(os.path.join(scratch, "schema.sql")) as f:
                schema = f.read()
            with open(os.path.join(scratch, "collector.cpp")) as f:
                collector = f.read()
            app = App(schema, collector)
            for change in edits:
                change(app)
            with open(os.path.join(scratch, "schema.sql"), "w") as f:
                f.write(app.schema)
            with open(os.path.join(scratch, "collector.cpp"), "w") as f:
                f.write(app.collector)
            patch = git(scratch, "diff", "--no-color", "--no-ext-diff")
            with open(os.path.join(HERE, name + ".patch"), "wb") as f:
                f.write(patch)
            git(scratch, "checkout", "-q", "--", ".")
            print(f"wrote scenarios/{name}.patch")


if __name__ == "__main__":
    main()
