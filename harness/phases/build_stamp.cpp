#include "build_stamp.hpp"

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/file.hpp"
#include "util/json.hpp"

namespace dt {
namespace {

constexpr int kStampVersion = 1;

json::Json version_json(const file::Version& v) {
  return {{"dev", static_cast<unsigned long long>(v.id.dev)},
          {"ino", static_cast<unsigned long long>(v.id.ino)},
          {"size", v.size},
          {"mtime_ns", v.mtime_ns}};
}

}  // namespace

std::filesystem::path build_stamp_path(const std::filesystem::path& bin) {
  std::filesystem::path stamp = bin;
  stamp += ".build.json";
  return stamp;
}

bool build_is_current(const std::filesystem::path& bin, std::string_view key) {
  if (bin.empty()) return false;
  const auto now = file::version(bin);
  if (!now) return false;
  try {
    const auto text = file::read_text_if_exists(build_stamp_path(bin), "build stamp");
    if (!text) return false;
    const json::Json doc = json::parse(*text, "build stamp");
    // A stamp that does not say exactly this is no stamp: the build runs.
    return doc.is_object() && doc.value("version", 0) == kStampVersion &&
           doc.value("key", std::string()) == key && doc.contains("binary") &&
           doc.at("binary") == version_json(*now);
  } catch (const Error&) {
    return false;
  }
}

void stamp_build(const std::filesystem::path& bin, std::string_view key) {
  if (bin.empty()) return;
  const auto now = file::version(bin);
  if (!now) return;  // nothing to reuse (the build's own check reports a missing executable)
  const json::Json doc = {
      {"version", kStampVersion}, {"key", std::string(key)}, {"binary", version_json(*now)}};
  file::write_atomic_private(build_stamp_path(bin), json::dump(doc));
}

}  // namespace dt
