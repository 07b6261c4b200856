#pragma once
// --resume: <work-dir>/progress.json records each phase a side completed and, once the released
// side's collection finished, which database holds it, so that a run interrupted or failed
// afterwards keeps that database and a run with --resume in the same work dir collects only the
// new side.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace dt {

struct Progress {
  std::string released_key;       // side_key of the released side's inputs
  std::vector<std::string> done;  // "<side> <phase>", e.g. "released collect", in order
  std::string released_db;        // the released scratch database
  std::string released_oid;       // its oid when this run's collection finished
  std::string released_owner;     // the run id its mark names
  // True when "<side> <phase>" is done.
  bool has(const std::string& side, const std::string& phase) const;
};

// The progress file's path inside a work dir.
std::filesystem::path progress_path(const std::filesystem::path& work_dir);
// Writes atomically, mode 0600.
void save_progress(const std::filesystem::path& work_dir, const Progress& progress);
// The progress in work_dir; nullopt when there is none or it cannot be read (nothing resumes).
std::optional<Progress> load_progress(const std::filesystem::path& work_dir);

// The released database a --resume may adopt: the saved progress when its released key is key,
// the released collection finished and its database is recorded; nullopt otherwise.
std::optional<Progress> resumable(const std::optional<Progress>& saved, const std::string& key);

}  // namespace dt
