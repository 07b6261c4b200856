#include "run/scratch_files.hpp"

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

}  // namespace dt
