#include "db/conninfo.hpp"

#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <libpq-fe.h>

#include "util/error.hpp"

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

// libpq keywords whose values are secrets: never in messages.
bool secret_keyword(std::string_view key) {
  return key == "password" || key == "sslpassword";
}

template <class Quote>
std::string join(const ConnParams& params, bool with_password, Quote quote) {
  std::string out;
  const auto add = [&](std::string_view key, const std::string& value) {
    if (value.empty()) return;
    if (!out.empty()) out += ' ';
    out += key;
    out += '=';
    out += quote(value);
  };
  for (const auto& [key, value] : fields(params, with_password)) add(key, *value);
  for (const auto& [key, value] : params.extra) {
    if (with_password || !secret_keyword(key)) add(key, value);
  }
  return out;
}

// RFC 3986 unreserved characters stay; every other byte becomes %XX.
std::string percent_encode(std::string_view text) {
  std::string out;
  for (const unsigned char c : text) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '.' || c == '_' || c == '~';
    out += plain ? std::string(1, static_cast<char>(c)) : fmt::format("%{:02X}", c);
  }
  return out;
}

struct OptionsFree {
  void operator()(PQconninfoOption* options) const noexcept { PQconninfoFree(options); }
};

}  // namespace

std::string to_conninfo(const ConnParams& params) {
  return join(params, true, quote_value);
}

std::string describe(const ConnParams& params) {
  return join(params, false, readable_value);
}

ConnParams parse_url(std::string_view url, std::string_view origin) {
  const std::string text(url);
  if (text.rfind("postgresql://", 0) != 0 && text.rfind("postgres://", 0) != 0) {
    throw Error(fmt::format(
        "{}: not a PostgreSQL URL (it must start with postgresql:// or postgres://), e.g. "
        "postgresql://user@localhost:5432/app",
        origin));
  }
  char* error = nullptr;
  std::unique_ptr<PQconninfoOption, OptionsFree> options(PQconninfoParse(text.c_str(), &error));
  PQfreemem(error);
  if (!options) {
    // libpq's reason can quote a part of the URL, which may be the password: never shown.
    throw Error(fmt::format(
        "{}: invalid PostgreSQL URL; write it as "
        "postgresql://user:password@host:port/dbname?param=value, percent-encoding special "
        "characters",
        origin));
  }
  ConnParams params;
  for (const PQconninfoOption* o = options.get(); o->keyword != nullptr; ++o) {
    if (o->val == nullptr) continue;
    const std::string key = o->keyword;
    std::string value = o->val;
    if (key == "host") {
      params.host = std::move(value);
    } else if (key == "port") {
      params.port = std::move(value);
    } else if (key == "user") {
      params.user = std::move(value);
    } else if (key == "password") {
      params.password = std::move(value);
    } else if (key == "dbname") {
      params.dbname = std::move(value);
    } else if (key == "sslmode") {
      params.sslmode = std::move(value);
    } else {
      params.extra[key] = std::move(value);
    }
  }
  return params;
}

std::string to_url(const ConnParams& params, bool with_password) {
  std::string out = "postgresql://";
  const bool socket = !params.host.empty() && params.host.front() == '/';
  if (!params.user.empty()) {
    out += percent_encode(params.user);
    if (with_password && !params.password.empty()) out += ":" + percent_encode(params.password);
    out += "@";
  }
  std::vector<std::pair<std::string, std::string>> query;
  if (socket) {
    query.emplace_back("host", params.host);
    if (!params.port.empty()) query.emplace_back("port", params.port);
  } else {
    if (params.host.find(':') != std::string::npos) {
      out += "[" + params.host + "]";  // IPv6
    } else {
      out += percent_encode(params.host);
    }
    if (!params.port.empty()) out += ":" + percent_encode(params.port);
  }
  out += "/" + percent_encode(params.dbname);
  if (!params.sslmode.empty()) query.emplace_back("sslmode", params.sslmode);
  for (const auto& [key, value] : params.extra) {
    if (with_password || !secret_keyword(key)) query.emplace_back(key, value);
  }
  for (std::size_t i = 0; i < query.size(); ++i) {
    out += (i == 0 ? "?" : "&") + query[i].first + "=" + percent_encode(query[i].second);
  }
  return out;
}

}  // namespace dt
