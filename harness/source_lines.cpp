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

bool word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// word in line (both lower-case) with no identifier character on either side.
bool has_word(std::string_view line, std::string_view word) {
  if (word.empty()) return false;
  for (auto at = line.find(word); at != std::string_view::npos; at = line.find(word, at + 1)) {
    const std::size_t end = at + word.size();
    if ((at == 0 || !word_char(line[at - 1])) && (end >= line.size() || !word_char(line[end]))) {
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

// "@@ -a,b +c,d @@ ..." -> c.
std::size_t new_start(std::string_view hunk) {
  const auto plus = hunk.find(" +");
  std::size_t n = 0;
  for (std::size_t i = plus == std::string_view::npos ? hunk.size() : plus + 2;
       i < hunk.size() && std::isdigit(static_cast<unsigned char>(hunk[i])) != 0; ++i) {
    n = n * 10 + static_cast<std::size_t>(hunk[i] - '0');
  }
  return n;
}

}  // namespace

std::vector<AddedLine> added_lines(std::string_view diff) {
  std::vector<AddedLine> out;
  std::string file;
  std::size_t next = 0;
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
      next = new_start(line);
    } else if (in_hunk && !line.empty() && line[0] == '+') {
      if (!file.empty()) out.push_back({file, next, std::string(line.substr(1)), ""});
      ++next;
    } else if (in_hunk && !line.empty() && line[0] == ' ') {
      ++next;
    }
  }
  return out;
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
  const auto first = [&](const auto& matches) -> std::optional<AddedLine> {
    for (const auto& a : added) {
      if (matches(lower(a.text))) return a;
    }
    return std::nullopt;
  };
  if (auto hit = first([&](const std::string& t) { return has_word(t, subject); })) return hit;
  if (word.empty()) return std::nullopt;
  if (auto hit = first([&](const std::string& t) {
        if (t.find(word) == std::string::npos) return false;
        for (const auto& c : columns) {
          if (has_word(t, c)) return true;
        }
        return false;
      })) {
    return hit;
  }
  return first(
      [&](const std::string& t) { return t.find(word) != std::string::npos && has_word(t, name); });
}

}  // namespace dt
