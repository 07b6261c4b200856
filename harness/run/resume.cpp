#include "run/resume.hpp"

#include <algorithm>
#include <exception>

#include "util/file.hpp"
#include "util/json.hpp"

namespace dt {

bool Progress::has(const std::string& side, const std::string& phase) const {
  return std::find(done.begin(), done.end(), side + " " + phase) != done.end();
}

std::filesystem::path progress_path(const std::filesystem::path& work_dir) {
  return work_dir / "progress.json";
}

void save_progress(const std::filesystem::path& work_dir, const Progress& progress) {
  const json::Json doc = {{"version", 1},
                          {"released_key", progress.released_key},
                          {"done", progress.done},
                          {"released_db", progress.released_db},
                          {"released_oid", progress.released_oid},
                          {"released_owner", progress.released_owner}};
  file::write_atomic_private(progress_path(work_dir), json::dump(doc));
}

std::optional<Progress> load_progress(const std::filesystem::path& work_dir) {
  try {
    const auto text = file::read_text_if_exists(progress_path(work_dir), "progress");
    if (!text) return std::nullopt;
    const json::Json doc = json::parse(*text, "progress");
    if (!doc.is_object() || doc.value("version", 0) != 1) return std::nullopt;
    Progress p;
    p.released_key = doc.value("released_key", std::string());
    if (doc.contains("done") && doc["done"].is_array()) {
      for (const auto& item : doc["done"]) {
        if (item.is_string()) p.done.push_back(item.get<std::string>());
      }
    }
    p.released_db = doc.value("released_db", std::string());
    p.released_oid = doc.value("released_oid", std::string());
    p.released_owner = doc.value("released_owner", std::string());
    return p;
  } catch (const std::exception&) {
    return std::nullopt;  // a progress that cannot be read resumes nothing: all is collected
  }
}

std::optional<Progress> resumable(const std::optional<Progress>& saved, const std::string& key) {
  if (!saved || saved->released_key != key || !saved->has("released", "collect") ||
      saved->released_db.empty() || saved->released_oid.empty() || saved->released_owner.empty()) {
    return std::nullopt;
  }
  return saved;
}

}  // namespace dt
