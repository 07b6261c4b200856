#pragma once
// Where in the working tree a schema change was written: the lines `git diff <tag>` adds (and
// untracked files, all added) searched for what the change names. Pure: the diff is given.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnosis.hpp"

namespace dt {

// One added line: its file (relative to the clone, as git names it), its number in the new
// file, and its text (path left empty).
using AddedLine = SourceLine;

// The added lines of a unified diff (`git diff --unified=0`), in the diff's order. Deleted
// files and removed lines give none.
std::vector<AddedLine> added_lines(std::string_view diff);
// The removed lines of a unified diff, each numbered by the line of the new file that now
// stands where it was.
std::vector<AddedLine> removed_lines(std::string_view diff);
// Every line of an untracked file, all added.
std::vector<AddedLine> file_lines(const std::string& file, std::string_view content);

// The added line most likely to have written change on table, by the first rule that finds one:
// its subject (a constraint's or column's name) as a whole word; a column of it beside the code's
// keyword (REFERENCES, NOT NULL, CHECK, UNIQUE, PRIMARY KEY, TYPE, DROP, RENAME, DEFAULT); the
// keyword beside the table's name; a column of it alone (a rename's new name). Each rule looks at
// lines that read like DDL first (in a .sql file, or with a DDL keyword), so an INSERT naming a
// new table is not taken for its CREATE TABLE. Case-insensitive; nullopt when no line matches.
std::optional<AddedLine> find_source(const std::vector<AddedLine>& added,
                                     const SchemaChange& change, std::string_view table);
// For a change that takes something away (a dropped table, column or constraint, a removed
// default): the removed line that names it (its subject, or a dropped table's name), or nullopt.
std::optional<AddedLine> find_removal(const std::vector<AddedLine>& removed,
                                      const SchemaChange& change, std::string_view table);

}  // namespace dt
