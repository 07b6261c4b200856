#include "db/copy_text.hpp"

#include <cstring>

namespace dt::db {

std::vector<std::string> copy_fields(std::string_view line, std::vector<bool>* is_null) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  for (;;) {
    std::size_t end = line.find('\t', start);
    if (end == std::string_view::npos) end = line.size();
    const std::string_view raw = line.substr(start, end - start);
    const bool null = raw == "\\N";
    if (is_null != nullptr) is_null->push_back(null);
    std::string field;
    // Undo the escapes PostgreSQL writes: \b \f \n \r \t \v and a backslash before any byte.
    for (std::size_t k = 0; !null && k < raw.size(); ++k) {
      if (raw[k] != '\\' || k + 1 == raw.size()) {
        field += raw[k];
        continue;
      }
      const char e = raw[++k];
      const char* from = "bfnrtv";
      const char* to = "\b\f\n\r\t\v";
      const char* at = std::strchr(from, e);
      field += (at != nullptr && e != '\0') ? to[at - from] : e;
    }
    fields.push_back(std::move(field));
    if (end == line.size()) break;
    start = end + 1;
  }
  return fields;
}

}  // namespace dt::db
