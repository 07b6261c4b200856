#include "core/test_name.hpp"

namespace dt::test_name {
namespace {

constexpr std::string_view kDisabledPrefix = "DISABLED_";  // GoogleTest's, case-sensitive
constexpr char kHex[] = "0123456789ABCDEF";

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool is_plain(std::string_view name) {
  if (name.empty() || starts_with(name, kDisabledPrefix) || starts_with(name, kEscapePrefix) ||
      starts_with(name, kUpgradePrefix)) {
    return false;
  }
  for (const char c : name) {
    if (!is_alnum(c) && c != '_') return false;
  }
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;  // lowercase is not canonical: each byte has exactly one spelling
}

}  // namespace

std::string encode(std::string_view name) {
  if (is_plain(name)) return std::string(name);
  std::string out(kEscapePrefix);
  for (const char c : name) {
    if (is_alnum(c)) {
      out += c;
    } else if (c == '_') {
      out += "__";
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out += '_';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    }
  }
  return out;
}

std::optional<std::string> decode(std::string_view test_name) {
  if (!starts_with(test_name, kEscapePrefix)) {
    if (!is_plain(test_name)) return std::nullopt;
    return std::string(test_name);
  }
  std::string out;
  const std::string_view body = test_name.substr(kEscapePrefix.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (is_alnum(c)) {
      out += c;
      continue;
    }
    if (c != '_' || i + 1 >= body.size()) return std::nullopt;
    if (body[i + 1] == '_') {
      out += '_';
      ++i;
      continue;
    }
    if (i + 2 >= body.size()) return std::nullopt;
    const int hi = hex_value(body[i + 1]);
    const int lo = hex_value(body[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  // Only the one spelling encode() makes: an escaped letter, or a plain name behind the
  // prefix, stands for nothing.
  if (encode(out) != test_name) return std::nullopt;
  return out;
}

std::string full_name(std::string_view schema, std::string_view table) {
  return encode(schema) + "." + encode(table);
}

std::optional<std::pair<std::string, std::string>> table_of(std::string_view full) {
  const auto dot = full.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  auto schema = decode(full.substr(0, dot));
  auto table = decode(full.substr(dot + 1));
  if (!schema || !table) return std::nullopt;
  return std::make_pair(std::move(*schema), std::move(*table));
}

std::string upgrade_full_name(std::string_view schema, std::string_view table) {
  return std::string(kUpgradePrefix) + full_name(schema, table);
}

std::optional<std::pair<std::string, std::string>> upgrade_table_of(std::string_view full) {
  if (!starts_with(full, kUpgradePrefix)) return std::nullopt;
  return table_of(full.substr(kUpgradePrefix.size()));
}

}  // namespace dt::test_name
