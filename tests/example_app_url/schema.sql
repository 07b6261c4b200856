-- Schema of the URL example application (embedded by build.sh; `migrate` runs it).
CREATE SCHEMA IF NOT EXISTS urlapp;

CREATE TABLE IF NOT EXISTS urlapp.repos (
    repo_id serial PRIMARY KEY,
    url     text NOT NULL UNIQUE
);

CREATE TABLE IF NOT EXISTS urlapp.authors (
    email text PRIMARY KEY
);

CREATE TABLE IF NOT EXISTS urlapp.commits (
    sha          text PRIMARY KEY,
    repo_id      integer NOT NULL REFERENCES urlapp.repos (repo_id),
    author_email text NOT NULL,
    subject      text NOT NULL
);
