#include "core/app_profile.hpp"

#include "util/text.hpp"

namespace dt {

std::vector<std::pair<std::size_t, std::size_t>> placeholder_spans(std::string_view arg) {
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  for (std::size_t i = 0; i < arg.size(); ++i) {
    if (arg[i] != '{') continue;
    std::size_t j = i + 1;
    while (j < arg.size() && text::is_ident_char(arg[j])) ++j;
    if (j > i + 1 && j < arg.size() && arg[j] == '}') {
      spans.emplace_back(i, j + 1);
      i = j;
    }
  }
  return spans;
}

std::vector<std::string> expand(const std::vector<std::string>& argv, const Placeholders& values) {
  const std::array<std::pair<std::string_view, const std::string*>, 8> table = {{
      {"bin", &values.bin},
      {"config", &values.config},
      {"database_url", &values.database_url},
      {"dbname", &values.dbname},
      {"repo", &values.repo},
      {"side", &values.side},
      {"src", &values.src},
      {"work_dir", &values.work_dir},
  }};
  std::vector<std::string> out;
  out.reserve(argv.size());
  for (const auto& arg : argv) {
    // One pass, so a value that itself contains "{src}" is never expanded again.
    std::string result;
    std::size_t done = 0;
    for (const auto& [begin, end] : placeholder_spans(arg)) {
      const std::string_view name(arg.data() + begin + 1, end - begin - 2);
      for (const auto& [key, value] : table) {
        if (key == name) {
          result.append(arg, done, begin - done);
          result += *value;
          done = end;
          break;
        }
      }
    }
    result.append(arg, done, std::string::npos);
    out.push_back(std::move(result));
  }
  return out;
}

std::vector<std::string> expand_once(const std::vector<std::string>& argv,
                                     const Placeholders& values,
                                     const std::vector<std::string>& repos) {
  std::vector<std::string> out;
  for (const auto& arg : argv) {
    if (arg == "{repo}") {
      out.insert(out.end(), repos.begin(), repos.end());
    } else {
      out.push_back(expand({arg}, values).front());
    }
  }
  return out;
}

bool uses_placeholder(const std::vector<std::string>& argv, std::string_view name) {
  for (const auto& arg : argv) {
    for (const auto& [begin, end] : placeholder_spans(arg)) {
      if (std::string_view(arg).substr(begin + 1, end - begin - 2) == name) return true;
    }
  }
  return false;
}

}  // namespace dt
