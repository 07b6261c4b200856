#include "core/owner.hpp"

#include <pwd.h>
#include <unistd.h>

#include <random>

#include <fmt/format.h>

#include "util/json.hpp"
#include "util/proc.hpp"

namespace dt {
namespace {

std::string random_id() {
  std::random_device device;
  return fmt::format("{:08x}{:08x}", device(), device());
}

std::string user_name() {
  if (const passwd* pw = ::getpwuid(::geteuid()); pw != nullptr) return pw->pw_name;
  return std::to_string(::geteuid());
}

std::string host_name() {
  char buffer[256] = {};
  if (::gethostname(buffer, sizeof buffer - 1) != 0) return "unknown";
  return buffer;
}

}  // namespace

const Owner& this_run() {
  static const Owner owner = [] {
    Owner o;
    o.run = random_id();
    o.user = user_name();
    o.host = host_name();
    o.pid = ::getpid();
    if (const auto st = proc::stat(o.pid)) o.start_ticks = st->start_ticks;
    o.boot = proc::boot_id();
    return o;
  }();
  return owner;
}

std::string describe(const Owner& owner) {
  if (owner.run.empty()) return "an earlier data-test version";
  return fmt::format("{}@{} pid {} (run {})", owner.user, owner.host, owner.pid, owner.run);
}

std::optional<bool> owner_alive(const Owner& owner) {
  const Owner& me = this_run();
  if (owner.run.empty() || owner.host != me.host || owner.boot.empty() || owner.boot != me.boot) {
    return std::nullopt;
  }
  if (owner.run == me.run) return true;
  return proc::same_process_alive(owner.pid, owner.start_ticks);
}

std::string render_mark(const Mark& mark) {
  json::Json doc;
  doc["v"] = 2;
  doc["run"] = mark.owner.run;
  doc["user"] = mark.owner.user;
  doc["host"] = mark.owner.host;
  doc["pid"] = mark.owner.pid;
  doc["start"] = mark.owner.start_ticks;
  doc["boot"] = mark.owner.boot;
  doc["side"] = mark.side;
  doc["profile"] = mark.profile;
  doc["created"] = mark.created;
  if (!mark.of.empty()) doc["of"] = mark.of;
  return fmt::format("{} {}", kScratchMark,
                     doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::optional<Mark> parse_mark(std::string_view comment) {
  if (comment.substr(0, kScratchMark.size()) != kScratchMark) return std::nullopt;
  Mark mark;
  const auto rest = comment.substr(kScratchMark.size());
  const auto brace = rest.find('{');
  if (brace == std::string_view::npos) return mark;  // "(released side, ...)": version 1
  // A comment is anyone's text: bounded before nlohmann recurses into it.
  if (json::nesting_depth(rest) > json::kMaxDepth) return mark;
  const auto doc = json::Json::parse(rest.substr(brace), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return mark;
  const auto text = [&](const char* key) {
    return doc.contains(key) && doc[key].is_string() ? doc[key].get<std::string>() : "";
  };
  mark.owner.run = text("run");
  mark.owner.user = text("user");
  mark.owner.host = text("host");
  if (doc.contains("pid") && doc["pid"].is_number_integer()) {
    mark.owner.pid = doc["pid"].get<pid_t>();
  }
  if (doc.contains("start") && doc["start"].is_number_unsigned()) {
    mark.owner.start_ticks = doc["start"].get<unsigned long long>();
  }
  mark.owner.boot = text("boot");
  mark.side = text("side");
  mark.profile = text("profile");
  mark.created = text("created");
  if (doc.contains("of") && doc["of"].is_object()) {
    for (const auto& [key, value] : doc["of"].items()) {
      if (value.is_string()) mark.of[key] = value.get<std::string>();
    }
  }
  return mark;
}

}  // namespace dt
