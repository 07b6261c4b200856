#include "source_lines.hpp"

#include <array>
#include <cctype>
#include <utility>

namespace dt {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool sql_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// word in line (both lower-case) with no identifier character on either side.
bool has_sql_word(std::string_view line, std::string_view word) {
  if (word.empty()) return false;
  for (auto at = line.find(word); at != std::string_view::npos; at = line.find(word, at + 1)) {
    const std::size_t end = at + word.size();
    if ((at == 0 || !sql_word_char(line[at - 1])) &&
        (end >= line.size() || !sql_word_char(line[end]))) {
      return true;
    }
  }
  return false;
}

// The SQL that writes a change of this code, by its code's name.
std::string_view keyword(std::string_view code) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kWords = {{
      {"FK", "references"},
      {"NOT_NULL", "not null"},
      {"CHECK", "check"},
      {"UNIQUE", "unique"},
      {"PK", "primary key"},
      {"TYPE", "type"},
      {"RENAMED", "rename"},
      {"DROPPED", "drop"},
      {"DEFAULT", "default"},
  }};
  for (const auto& [part, word] : kWords) {
    if (code.find(part) != std::string_view::npos) return word;
  }
  return {};
}

// "+++ b/path" (or quoted by git) -> "path"; "" for /dev/null.
std::string new_file(std::string_view header) {
  std::string_view name = header.substr(4);
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
    name = name.substr(1, name.size() - 2);
  }
  if (name.rfind("b/", 0) == 0) return std::string(name.substr(2));
  return {};
}

// "@@ -a,b +c,d @@ ..." -> {c, d} (d is 1 when left out).
std::pair<std::size_t, std::size_t> new_range(std::string_view hunk) {
  const auto plus = hunk.find(" +");
  std::size_t i = plus == std::string_view::npos ? hunk.size() : plus + 2;
  const auto number = [&] {
    std::size_t n = 0;
    for (; i < hunk.size() && std::isdigit(static_cast<unsigned char>(hunk[i])) != 0; ++i) {
      n = n * 10 + static_cast<std::size_t>(hunk[i] - '0');
    }
    return n;
  };
  const std::size_t start = number();
  if (i >= hunk.size() || hunk[i] != ',') return {start, 1};
  ++i;
  return {start, number()};
}

// The lines of diff that start with sign ('+' or '-'), numbered in the new file: an added line
// by its own number, a removed one by the line that now stands where it was.
std::vector<AddedLine> diff_lines(std::string_view diff, char sign) {
  std::vector<AddedLine> out;
  std::string file;
  std::size_t next = 0;
  std::size_t removed_at = 0;
  bool in_hunk = false;
  for (std::size_t start = 0; start < diff.size();) {
    std::size_t end = diff.find('\n', start);
    if (end == std::string_view::npos) end = diff.size();
    const std::string_view line = diff.substr(start, end - start);
    start = end + 1;
    if (line.rfind("diff ", 0) == 0) {
      in_hunk = false;
      file.clear();
    } else if (!in_hunk && line.rfind("+++ ", 0) == 0) {
      file = new_file(line);
    } else if (line.rfind("@@ ", 0) == 0) {
      in_hunk = true;
      const auto [first, count] = new_range(line);
      next = first;
      // A hunk that only removes gives the line before the gap; the next one stands there now.
      removed_at = count == 0 ? first + 1 : first;
    } else if (in_hunk && !line.empty() && (line[0] == '+' || line[0] == '-')) {
      if (line[0] == sign && !file.empty()) {
        out.push_back({file, sign == '+' ? next : removed_at, std::string(line.substr(1)), ""});
      }
      if (line[0] == '+') ++next;
    } else if (in_hunk && !line.empty() && line[0] == ' ') {
      ++next;
    }
  }
  return out;
}

// A line that reads like DDL: in a .sql file, or with a DDL keyword (DDL in a Go or Python
// string). Such lines are searched first: an INSERT naming a new table is not what made it.
bool ddl_like(const AddedLine& line) {
  const std::string& f = line.file;
  if (f.size() >= 4 && lower(f.substr(f.size() - 4)) == ".sql") return true;
  static constexpr std::array<std::string_view, 9> kDdl = {
      "create ",     "alter ",   "drop ", "references", "constraint",
      "primary key", "not null", "check", "unique"};
  const std::string text = lower(line.text);
  for (const auto word : kDdl) {
    if (text.find(word) != std::string::npos) return true;
  }
  return false;
}

// The lines in search order: DDL-like lines first, each group in the diff's order.
std::vector<const AddedLine*> search_order(const std::vector<AddedLine>& lines) {
  std::vector<const AddedLine*> out;
  for (const auto& l : lines) {
    if (ddl_like(l)) out.push_back(&l);
  }
  for (const auto& l : lines) {
    if (!ddl_like(l)) out.push_back(&l);
  }
  return out;
}

}  // namespace

std::vector<AddedLine> added_lines(std::string_view diff) {
  return diff_lines(diff, '+');
}

std::vector<AddedLine> removed_lines(std::string_view diff) {
  return diff_lines(diff, '-');
}

std::vector<AddedLine> file_lines(const std::string& file, std::string_view content) {
  std::vector<AddedLine> out;
  std::size_t number = 0;
  for (std::size_t start = 0; start < content.size();) {
    std::size_t end = content.find('\n', start);
    if (end == std::string_view::npos) end = content.size();
    out.push_back({file, ++number, std::string(content.substr(start, end - start)), ""});
    start = end + 1;
  }
  return out;
}

std::optional<AddedLine> find_source(const std::vector<AddedLine>& added,
                                     const SchemaChange& change, std::string_view table) {
  const std::string subject = lower(change.subject);
  const std::string word = std::string(keyword(change.code));
  const std::string name = lower(table);
  std::vector<std::string> columns;
  for (const auto& c : change.columns) columns.push_back(lower(c));
  const auto order = search_order(added);
  const auto first = [&](const auto& matches) -> std::optional<AddedLine> {
    for (const AddedLine* a : order) {
      if (matches(lower(a->text))) return *a;
    }
    return std::nullopt;
  };
  const auto names_column = [&](const std::string& t) {
    for (const auto& c : columns) {
      if (has_sql_word(t, c)) return true;
    }
    return false;
  };
  if (auto hit = first([&](const std::string& t) { return has_sql_word(t, subject); })) return hit;
  if (!word.empty()) {
    if (auto hit = first([&](const std::string& t) {
          return t.find(word) != std::string::npos && names_column(t);
        })) {
      return hit;
    }
    if (auto hit = first([&](const std::string& t) {
          return t.find(word) != std::string::npos && has_sql_word(t, name);
        })) {
      return hit;
    }
  }
  // A column's name alone (a rename's new name, a column whose type changed).
  return first(names_column);
}

std::optional<AddedLine> find_removal(const std::vector<AddedLine>& removed,
                                      const SchemaChange& change, std::string_view table) {
  const std::string& code = change.code;
  if (code.find("ONLY_IN_RELEASED") == std::string::npos &&
      code.find("DROPPED") == std::string::npos && code.find("REMOVED") == std::string::npos) {
    return std::nullopt;
  }
  const std::string subject = lower(change.subject);
  const std::string name = lower(table);
  for (const AddedLine* r : search_order(removed)) {
    const std::string t = lower(r->text);
    if (has_sql_word(t, subject) || (code == "TABLE_ONLY_IN_RELEASED" && has_sql_word(t, name)))
      return *r;
  }
  return std::nullopt;
}

}  // namespace dt
