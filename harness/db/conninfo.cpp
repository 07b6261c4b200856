#include "db/conninfo.hpp"

#include <string_view>
#include <utility>
#include <vector>

namespace dt {
namespace {

// libpq quoting: single quotes around the value, backslash before ' and \.
std::string quote_value(std::string_view value) {
  std::string out = "'";
  for (const char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  out += '\'';
  return out;
}

// For messages: quoted only when libpq would need it, so plain values stay readable.
std::string readable_value(std::string_view value) {
  for (const char c : value) {
    if (c == ' ' || c == '\'' || c == '\\' || c == '\t' || c == '\n') return quote_value(value);
  }
  return std::string(value);
}

std::vector<std::pair<std::string_view, const std::string*>> fields(const ConnParams& p,
                                                                    bool with_password) {
  std::vector<std::pair<std::string_view, const std::string*>> out = {
      {"host", &p.host}, {"port", &p.port}, {"user", &p.user}};
  if (with_password) out.emplace_back("password", &p.password);
  out.emplace_back("dbname", &p.dbname);
  out.emplace_back("sslmode", &p.sslmode);
  return out;
}

template <class Quote>
std::string join(const ConnParams& params, bool with_password, Quote quote) {
  std::string out;
  for (const auto& [key, value] : fields(params, with_password)) {
    if (value->empty()) continue;
    if (!out.empty()) out += ' ';
    out += key;
    out += '=';
    out += quote(*value);
  }
  return out;
}

}  // namespace

std::string to_conninfo(const ConnParams& params) {
  return join(params, true, quote_value);
}

std::string describe(const ConnParams& params) {
  return join(params, false, readable_value);
}

}  // namespace dt
