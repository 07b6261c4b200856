#include "util/json.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "util/error.hpp"

namespace dt::json {
namespace {

// "line L, column C" of a 1-based byte offset (which may point one past the end).
std::string position(std::string_view text, std::size_t byte) {
  const std::size_t index = std::min(byte == 0 ? 0 : byte - 1, text.size());
  const auto before = text.substr(0, index);
  const std::size_t line =
      1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  const auto last_newline = before.rfind('\n');
  const std::size_t column =
      last_newline == std::string_view::npos ? index + 1 : index - last_newline;
  return fmt::format("line {}, column {}", line, column);
}

// nlohmann's reason without its own prefix, position and "last read: '...'" quote.
std::string reason(const nlohmann::json::parse_error& error) {
  std::string text = error.what();
  const auto head = text.find("parse error");
  if (head != std::string::npos) {
    const auto colon = text.find(": ", head);
    if (colon != std::string::npos) text.erase(0, colon + 2);
  }
  const auto last_read = text.find("; last read:");
  if (last_read != std::string::npos) text.erase(last_read);
  return text;
}

}  // namespace

int nesting_depth(std::string_view text, int limit) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest >= limit) return deepest;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

Json parse(std::string_view text, std::string_view origin, std::string_view fix) {
  if (nesting_depth(text) > kMaxDepth) {
    throw Error(fmt::format("{}: nested deeper than {} levels; {}", origin, kMaxDepth, fix));
  }
  try {
    return Json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(fmt::format("{}: invalid JSON at {}: {}; {}", origin, position(text, e.byte),
                            reason(e), fix));
  } catch (const nlohmann::json::exception&) {
    // A number too large for a double (out_of_range 406); nlohmann gives no position, and its
    // message quotes the number, which is the file's text.
    throw Error(fmt::format("{}: invalid JSON: a number is too large; {}", origin, fix));
  }
}

std::string dump(const Json& doc) {
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace dt::json
