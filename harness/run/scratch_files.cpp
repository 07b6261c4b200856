#include "run/scratch_files.hpp"

#include <fmt/format.h>

#include "core/reclaim.hpp"
#include "util/file.hpp"
#include "util/log.hpp"

namespace dt {

std::string scratch_config_extension(const AppConfig& config) {
  std::string ext = config.path.extension().string();
  if (ext == ".json" || ext == ".yml" || ext == ".yaml") return ext;
  return config.connection.format == "yaml" ? ".yml" : ".json";
}

std::vector<std::pair<std::filesystem::path, std::string>> scratch_files(const AppConfig& config,
                                                                         const Side& side) {
  std::vector<std::pair<std::filesystem::path, std::string>> files;
  if (config.connection.from == Connection::From::file) {
    files.emplace_back(side.config, scratch_config_text(config, side.scratch.dbname));
  }
  if (!side.scratch.password.empty())
    files.emplace_back(side.passfile, passfile_text(side.scratch));
  return files;
}

ScratchFile::ScratchFile(WorkDir& work_dir, std::filesystem::path path, const std::string& text)
    : work_dir_(&work_dir), path_(std::move(path)) {
  file::write_private(path_, text);
  work_dir_->record(path_);
}

ScratchFile::ScratchFile(ScratchFile&& other) noexcept
    : work_dir_(other.work_dir_), path_(std::move(other.path_)), kept_(other.kept_) {
  other.kept_ = true;
}

ScratchFile::~ScratchFile() noexcept {
  if (kept_) return;
  try {
    if (const auto made = work_dir_->made(path_)) {
      reclaim::reclaim(*made);
      work_dir_->forget(path_);
    }
  } catch (const std::exception& e) {
    log::warn(fmt::format("cannot remove the scratch config '{}' (it holds the password): {}",
                          path_.string(), e.what()));
  }
}

}  // namespace dt
