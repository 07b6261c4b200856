#pragma once
// The private files a side's steps read to reach their scratch database: the rewritten config
// (a connection from a file) and the PGPASSFILE (whenever there is a password). Both hold the
// password: mode 0600, recorded in the work dir, removed at the end unless --keep-dbs.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "app_config.hpp"
#include "collect.hpp"
#include "core/work_dir.hpp"

namespace dt {

// The scratch config's extension: the operator's config's (".yml" stays YAML), else ".json".
std::string scratch_config_extension(const AppConfig& config);

// (path, text) of each file side needs, for side.config and side.passfile.
std::vector<std::pair<std::filesystem::path, std::string>> scratch_files(const AppConfig& config,
                                                                         const Side& side);

// One scratch config or PGPASSFILE, written and owned: it holds the password, so it is removed
// when the guard goes (through reclaim, proven by the work dir's record) unless kept.
class ScratchFile {
 public:
  // Writes text to path (mode 0600) and records it in work_dir, which must outlive the guard.
  // Throws dt::Error when it cannot.
  ScratchFile(WorkDir& work_dir, std::filesystem::path path, const std::string& text);
  // Unless kept: reclaims the file when the work dir recorded it, then forgets the record. A
  // failure is a warning naming the file.
  ~ScratchFile() noexcept;
  // Movable (vector storage); the moved-from guard removes nothing.
  ScratchFile(ScratchFile&& other) noexcept;
  ScratchFile& operator=(ScratchFile&&) = delete;
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;

  // Leaves the file in place (--keep-dbs: the operator points the application at the kept
  // databases with it).
  void keep() noexcept { kept_ = true; }

 private:
  WorkDir* work_dir_;
  std::filesystem::path path_;
  bool kept_ = false;
};

}  // namespace dt
