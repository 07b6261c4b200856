#include "core/repo_url.hpp"

#include "util/redact.hpp"

namespace dt {
namespace {

// The userinfo of "scheme://userinfo@host...": its bounds, or npos when there is none.
struct Userinfo {
  std::size_t begin = std::string_view::npos, end = std::string_view::npos;
};

Userinfo find_userinfo(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  const std::size_t begin = scheme + 3;
  const std::size_t authority_end = url.find_first_of("/?#", begin);
  const std::string_view authority =
      url.substr(begin, authority_end == std::string_view::npos ? std::string_view::npos
                                                                : authority_end - begin);
  const std::size_t at = authority.rfind('@');
  if (at == std::string_view::npos) return {};
  return {begin, begin + at};
}

}  // namespace

std::string shown_repo(std::string_view url) {
  const Userinfo info = find_userinfo(url);
  if (info.begin == std::string_view::npos) return std::string(url);
  const std::string_view userinfo = url.substr(info.begin, info.end - info.begin);
  const std::size_t colon = userinfo.find(':');
  std::string shown(url.substr(0, info.begin));
  // "user:token" keeps the user; a bare "token@" (GitHub's x-access-token style) is all secret.
  shown +=
      colon == std::string_view::npos ? "***" : std::string(userinfo.substr(0, colon)) + ":***";
  shown += url.substr(info.end);
  return shown;
}

void register_repo_secrets(std::string_view url) {
  const Userinfo info = find_userinfo(url);
  if (info.begin == std::string_view::npos) return;
  const std::string_view userinfo = url.substr(info.begin, info.end - info.begin);
  const std::size_t colon = userinfo.find(':');
  if (colon == std::string_view::npos) {
    redact::add_secret(std::string(userinfo));
  } else {
    redact::add_secret(std::string(userinfo.substr(colon + 1)));
  }
}

}  // namespace dt
