-- Schema of the example collector, embedded into the binary at build time (build.sh).
-- `migrate` runs everything before the "@views" marker, then the rest unless --skip-views.
-- Every statement is idempotent so that migrate can run again on a migrated database.

CREATE SCHEMA IF NOT EXISTS example_data;
CREATE SCHEMA IF NOT EXISTS example_ops;

-- ---------------------------------------------------------------- collected data

CREATE TABLE IF NOT EXISTS example_data.repos (
    repo_id      serial PRIMARY KEY,
    url          text NOT NULL UNIQUE,
    name         text NOT NULL,
    collected_at timestamptz
);

-- One row per distinct author/committer e-mail.
CREATE TABLE IF NOT EXISTS example_data.contributors (
    contributor_id serial PRIMARY KEY,
    email          text NOT NULL UNIQUE,
    name           text NOT NULL,
    first_seen     timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS example_data.commits (
    sha             text PRIMARY KEY,
    repo_id         integer NOT NULL REFERENCES example_data.repos (repo_id),
    author_name     text NOT NULL,
    author_email    text NOT NULL,
    authored_at     timestamptz NOT NULL,
    committer_email text NOT NULL,
    committed_at    timestamptz NOT NULL,
    subject         text NOT NULL,
    additions       integer NOT NULL DEFAULT 0,
    deletions       integer NOT NULL DEFAULT 0
);

-- Parent links. The collector meets a child before its parents (newest first), so
-- parent_sha deliberately has no foreign key here.
CREATE TABLE IF NOT EXISTS example_data.commit_parents (
    commit_sha   text NOT NULL REFERENCES example_data.commits (sha),
    parent_sha   text NOT NULL,
    parent_index integer NOT NULL,
    PRIMARY KEY (commit_sha, parent_index)
);

-- Files changed per commit (git log --numstat). Vendored code is not ours to report on.
CREATE TABLE IF NOT EXISTS example_data.commit_files (
    commit_sha text NOT NULL REFERENCES example_data.commits (sha),
    path       text NOT NULL,
    additions  integer,
    deletions  integer,
    PRIMARY KEY (commit_sha, path),
    CONSTRAINT commit_files_no_vendor CHECK (path NOT LIKE 'vendor/%')
);

CREATE TABLE IF NOT EXISTS example_data.tags (
    repo_id    integer NOT NULL REFERENCES example_data.repos (repo_id),
    name       text NOT NULL,
    commit_sha text NOT NULL,
    annotated  boolean NOT NULL,
    tagged_at  timestamptz NOT NULL,
    PRIMARY KEY (repo_id, name)
);

-- Labels derived from tag names; the awkward quoted name exercises identifier quoting.
CREATE TABLE IF NOT EXISTS example_data."Tag Labels" (
    repo_id  integer NOT NULL,
    tag_name text NOT NULL,
    "Label"  text NOT NULL,
    PRIMARY KEY (repo_id, tag_name, "Label")
);

-- One row per commit, partitioned by commit date (two partitions cover all time).
CREATE TABLE IF NOT EXISTS example_data.commit_activity (
    sha           text NOT NULL,
    committed_at  timestamptz NOT NULL,
    author_email  text NOT NULL,
    files_changed integer NOT NULL,
    PRIMARY KEY (sha, committed_at)
) PARTITION BY RANGE (committed_at);
CREATE TABLE IF NOT EXISTS example_data.commit_activity_early
    PARTITION OF example_data.commit_activity FOR VALUES FROM (MINVALUE) TO ('2025-04-01');
CREATE TABLE IF NOT EXISTS example_data.commit_activity_late
    PARTITION OF example_data.commit_activity FOR VALUES FROM ('2025-04-01') TO (MAXVALUE);

-- ---------------------------------------------------------------- operations

CREATE TABLE IF NOT EXISTS example_ops.api_keys (
    id       serial PRIMARY KEY,
    token    text NOT NULL,
    platform text NOT NULL DEFAULT 'git'
);

CREATE TABLE IF NOT EXISTS example_ops.repo_queue (
    id           serial PRIMARY KEY,
    url          text NOT NULL UNIQUE,
    priority     integer NOT NULL DEFAULT 100,
    queued_at    timestamptz NOT NULL DEFAULT now(),
    collected_at timestamptz
);

CREATE TABLE IF NOT EXISTS example_ops.collection_runs (
    id          serial PRIMARY KEY,
    repo_url    text NOT NULL,
    full_run    boolean NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz NOT NULL DEFAULT now(),
    commits     integer NOT NULL,
    warnings    integer NOT NULL
);

-- @views (derived data: skipped by `migrate --skip-views`, never compared by data-test)

CREATE MATERIALIZED VIEW IF NOT EXISTS example_data.commit_stats AS
    SELECT author_email, count(*) AS commits, sum(additions) AS additions,
           sum(deletions) AS deletions
    FROM example_data.commits
    GROUP BY author_email;

CREATE OR REPLACE VIEW example_data.recent_commits AS
    SELECT sha, author_name, committed_at, subject
    FROM example_data.commits
    ORDER BY committed_at DESC
    LIMIT 20;
