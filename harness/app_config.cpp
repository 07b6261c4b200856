#include "app_config.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/redact.hpp"

namespace dt {
namespace {

using Json = nlohmann::ordered_json;

std::string errno_text(int err) {
  return std::strerror(err);
}

// Closes a file descriptor on every path.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  // Closes now and reports the result, since close can report a failed write.
  int close() {
    const int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

[[noreturn]] void config_error(const std::filesystem::path& origin, std::string_view what) {
  throw Error(fmt::format("config '{}': {}", origin.string(), what));
}

// An optional string member; null counts as absent.
std::string optional_string(const Json& db, const char* key, const std::filesystem::path& origin) {
  if (!db.contains(key) || db[key].is_null()) return {};
  if (!db[key].is_string()) {
    config_error(origin, fmt::format("database.{} must be a string, got {}; fix the file", key,
                                     db[key].type_name()));
  }
  return db[key].get<std::string>();
}

std::string port_text(const Json& db, const std::filesystem::path& origin) {
  if (!db.contains("port") || db["port"].is_null()) return {};
  const Json& port = db["port"];
  if (port.is_string()) return port.get<std::string>();
  if (port.is_number_integer()) {
    const auto value = port.get<std::int64_t>();
    if (value >= 1 && value <= 65535) return std::to_string(value);
  }
  config_error(origin, fmt::format("database.port must be a port number (1-65535), got {}; fix the "
                                   "file",
                                   port.dump()));
}

}  // namespace

std::string describe_json_error(std::string_view text, const nlohmann::json::parse_error& error) {
  // error.byte is 1-based and may point one past the end (unexpected end of input).
  const std::size_t index = std::min(error.byte == 0 ? 0 : error.byte - 1, text.size());
  const auto before = text.substr(0, index);
  const std::size_t line =
      1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  const auto last_newline = before.rfind('\n');
  const std::size_t column =
      last_newline == std::string_view::npos ? index + 1 : index - last_newline;

  // what() is "[json.exception.parse_error.N] parse error at line L, column C: <reason>".
  std::string reason = error.what();
  const auto head = reason.find("parse error");
  if (head != std::string::npos) {
    const auto colon = reason.find(": ", head);
    if (colon != std::string::npos) reason.erase(0, colon + 2);
  }
  // "last read: '...'" quotes the file's text, which may be a password next to the error.
  const auto last_read = reason.find("; last read:");
  if (last_read != std::string::npos) reason.erase(last_read);
  return fmt::format("invalid JSON at line {}, column {}: {}", line, column, reason);
}

AppConfig parse_app_config(std::string_view text, const std::filesystem::path& origin) {
  AppConfig config;
  config.path = origin;
  try {
    config.doc = Json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    config_error(origin, fmt::format("{}; fix the file", describe_json_error(text, e)));
  }
  const Json& doc = config.doc;
  if (!doc.is_object() || !doc.contains("database")) {
    config_error(origin,
                 "no \"database\" section; add {\"database\": {\"host\", \"port\", \"user\", "
                 "\"password\", \"dbname\"}}");
  }
  const Json& db = doc["database"];
  if (!db.is_object()) {
    config_error(origin, fmt::format("\"database\" must be an object, got {}; add {{\"database\": "
                                     "{{\"host\", \"port\", \"user\", \"password\", \"dbname\"}}}}",
                                     db.type_name()));
  }
  // The password first, so it is scrubbed from every later message.
  config.db.password = optional_string(db, "password", origin);
  redact::add_secret(config.db.password);
  config.db.host = optional_string(db, "host", origin);
  config.db.port = port_text(db, origin);
  config.db.user = optional_string(db, "user", origin);
  config.db.sslmode = optional_string(db, "sslmode", origin);
  config.db.dbname = optional_string(db, "dbname", origin);
  if (config.db.dbname.empty()) {
    config_error(origin,
                 "database.dbname is missing or empty; set it to the operator's primary database");
  }
  return config;
}

AppConfig load_app_config(const std::filesystem::path& path) {
  return parse_app_config(read_text_file(path, "config"), path);
}

std::string scratch_config_text(const AppConfig& config, std::string_view dbname) {
  Json copy = config.doc;
  copy["database"]["dbname"] = std::string(dbname);
  return copy.dump(2) + "\n";
}

std::string read_text_file(const std::filesystem::path& path, std::string_view what) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    throw Error(fmt::format("{} '{}': cannot read ({}); check the path", what, path.string(),
                            errno_text(errno)));
  }
  std::string text;
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(fmt::format("{} '{}': cannot read ({}); check the path", what, path.string(),
                              errno_text(errno)));
    }
    text.append(buffer, static_cast<std::size_t>(n));
  }
  return text;
}

void write_private_file(const std::filesystem::path& path, std::string_view text) {
  const auto fail = [&](int err) {
    return Error(
        fmt::format("cannot write '{}': {}; check that its directory exists and is "
                    "writable",
                    path.string(), errno_text(err)));
  };
  // O_NOFOLLOW: a planted symlink must not redirect credentials elsewhere.
  Fd fd(::open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (fd.get() < 0) throw fail(errno);
  // O_CREAT's mode does not apply to an existing file: tighten it before writing.
  if (::fchmod(fd.get(), 0600) != 0) throw fail(errno);
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd.get(), text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw fail(errno);
    }
    done += static_cast<std::size_t>(n);
  }
  if (fd.close() != 0) throw fail(errno);
}

}  // namespace dt
