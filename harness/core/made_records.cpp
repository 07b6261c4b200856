#include "core/made_records.hpp"

#include <fmt/format.h>

#include "util/confined.hpp"
#include "util/error.hpp"
#include "util/json.hpp"

namespace dt {
namespace {

namespace fs = std::filesystem;

// True when key names a path strictly inside the directory, as key() writes one: relative,
// lexically normal, no "." or ".." component, no trailing slash. A forged "config/../../x" is
// not, whatever prefix it shares with a real entry.
bool inside_key(const std::string& key) {
  if (key.empty() || key.back() == '/' || key.find('\0') != std::string::npos) return false;
  const fs::path path(key);
  if (!path.is_relative() || path.lexically_normal().generic_string() != key) return false;
  for (const fs::path& part : path) {
    if (part == "." || part == "..") return false;
  }
  return true;
}

// The identity, and digest if any, of one "made" value: [dev, ino] or [dev, ino, "digest"];
// nullopt for anything else.
std::optional<std::pair<file::Identity, std::string>> made_value(const json::Json& value) {
  if (!value.is_array() || value.size() < 2 || value.size() > 3 || !value[0].is_number_unsigned() ||
      !value[1].is_number_unsigned()) {
    return std::nullopt;
  }
  if (value.size() == 3 && !value[2].is_string()) return std::nullopt;
  const file::Identity id{value[0].get<dev_t>(), value[1].get<ino_t>()};
  return std::make_pair(id, value.size() == 3 ? value[2].get<std::string>() : std::string());
}

}  // namespace

MadeRecords::MadeRecords(fs::path root, MarkerSpec spec) : root_(std::move(root)), spec_(spec) {}

MadeRecords::MadeRecords(const MadeRecords& other) : root_(other.root_), spec_(other.spec_) {
  const std::lock_guard<std::mutex> guard(other.mutex_);
  made_ = other.made_;
}

MadeRecords& MadeRecords::operator=(const MadeRecords& other) {
  if (this == &other) return *this;
  std::map<std::string, Entry> made;
  {
    const std::lock_guard<std::mutex> guard(other.mutex_);
    made = other.made_;
  }
  const std::lock_guard<std::mutex> guard(mutex_);
  root_ = other.root_;
  spec_ = other.spec_;
  made_ = std::move(made);
  return *this;
}

void MadeRecords::load() {
  const std::lock_guard<std::mutex> guard(mutex_);
  load_locked();
}

void MadeRecords::load_locked() {
  const fs::path path = marker();
  // Checked and read on one descriptor: never through a symlink, never another user's file.
  const std::string text = confined::read_own_file(path, spec_.what, spec_.flag);
  json::Json doc;
  try {
    doc = json::parse(text, path.string(), spec_.fix);
  } catch (const Error& e) {
    throw Error(e.what(), Cause::input);  // it names the marker: that is the operator's fix
  }
  if (!doc.is_object() || !doc.contains("magic") ||
      doc["magic"] != json::Json(std::string(spec_.magic))) {
    throw Error(fmt::format("{} '{}' has a {} marker data-test did not write; {}", spec_.what,
                            root_.string(), spec_.name, spec_.fix),
                Cause::input);
  }
  made_.clear();
  if (doc.contains("made") && doc["made"].is_object()) {
    for (const auto& [key, value] : doc["made"].items()) {
      const auto made = made_value(value);
      if (made && inside_key(key)) made_[key] = Entry{made->first, made->second, std::nullopt};
    }
  }
  // Only what data-test made has a use (save() writes no other).
  if (doc.contains("used") && doc["used"].is_object()) {
    for (const auto& [key, value] : doc["used"].items()) {
      const auto it = made_.find(key);
      if (it != made_.end() && value.is_number_integer()) it->second.used = value.get<long long>();
    }
  }
}

void MadeRecords::save() const {
  const std::lock_guard<std::mutex> guard(mutex_);
  save_locked();
}

void MadeRecords::save_locked() const {
  json::Json doc;
  doc["magic"] = std::string(spec_.magic);
  doc["made"] = json::Json::object();
  json::Json used = json::Json::object();
  for (const auto& [key, entry] : made_) {
    const file::Identity& id = entry.identity;
    doc["made"][key] = entry.digest.empty() ? json::Json{id.dev, id.ino}
                                            : json::Json{id.dev, id.ino, entry.digest};
    if (entry.used) used[key] = *entry.used;
  }
  // Beside "made", not in it: an older data-test reads "made" as it always did.
  if (!used.empty()) doc["used"] = std::move(used);
  file::write_atomic_private(marker(), json::dump(doc));
}

std::string MadeRecords::key(const fs::path& target) const {
  const fs::path rel = file::absolute(target).lexically_relative(root_);
  if (rel.empty() || *rel.begin() == ".." || rel == ".") {
    throw Error(fmt::format("internal error: '{}' is not inside the {} '{}'", target.string(),
                            spec_.what, root_.string()));
  }
  return rel.generic_string();
}

template <typename Change>
void MadeRecords::update(Change change) {
  const std::lock_guard<std::mutex> guard(mutex_);
  const Fd held = file::lock_dir(root_);
  // Another run may have changed the marker since this one read it: keep what it recorded.
  load_locked();
  if (change(made_)) save_locked();
}

void MadeRecords::record(const fs::path& target, const std::string& digest) {
  const auto id = file::identity(target);
  if (!id) throw Error(fmt::format("cannot record '{}': it does not exist", target.string()));
  const std::string k = key(target);
  update([&](std::map<std::string, Entry>& entries) {
    Entry& entry = entries[k];
    entry.identity = *id;
    entry.digest = digest;
    return true;
  });
}

std::optional<reclaim::Made> MadeRecords::made(const fs::path& target) const {
  const std::string k = key(target);
  const std::lock_guard<std::mutex> guard(mutex_);
  const auto it = made_.find(k);
  if (it == made_.end()) return std::nullopt;
  return reclaim::Made{root_, root_ / it->first, it->second.identity};
}

std::vector<fs::path> MadeRecords::made_under(const fs::path& dir) const {
  const std::string prefix = key(dir) + "/";
  const std::lock_guard<std::mutex> guard(mutex_);
  std::vector<fs::path> out;
  for (auto it = made_.lower_bound(prefix); it != made_.end() && it->first.rfind(prefix, 0) == 0;
       ++it) {
    out.push_back(root_ / it->first);
  }
  return out;
}

std::string MadeRecords::digest(const fs::path& target) const {
  const std::string k = key(target);
  const std::lock_guard<std::mutex> guard(mutex_);
  const auto it = made_.find(k);
  return it == made_.end() ? std::string() : it->second.digest;
}

void MadeRecords::forget(const fs::path& target) {
  const std::string k = key(target);
  update([&](std::map<std::string, Entry>& entries) { return entries.erase(k) != 0; });
}

void MadeRecords::record_use(const fs::path& target, std::chrono::system_clock::time_point when) {
  const std::string k = key(target);
  update([&](std::map<std::string, Entry>& entries) {
    const auto it = entries.find(k);
    if (it == entries.end()) return false;  // only what data-test made has a use to record
    it->second.used =
        std::chrono::duration_cast<std::chrono::seconds>(when.time_since_epoch()).count();
    return true;
  });
}

std::optional<std::chrono::system_clock::time_point> MadeRecords::last_used(
    const fs::path& target) const {
  const std::string k = key(target);
  const std::lock_guard<std::mutex> guard(mutex_);
  const auto it = made_.find(k);
  if (it == made_.end() || !it->second.used) return std::nullopt;
  return std::chrono::system_clock::time_point(std::chrono::seconds(*it->second.used));
}

}  // namespace dt
