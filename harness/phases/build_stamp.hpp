#pragma once
// Build reuse: a successful build leaves a stamp beside its executable ("<bin>.build.json") with
// the side's inputs key and the executable's version, so that a later pass with the same inputs
// (the collection after a listing's discovery, a rerun in the same work dir) skips the build.
// The key covers the source (tag commit or working-tree fingerprint), the repo and the profile
// (its build command included); the toolchain is not part of it (DATA_TEST_REBUILD=1 rebuilds).
#include <filesystem>
#include <string_view>

namespace dt {

// The stamp's path for the executable bin.
std::filesystem::path build_stamp_path(const std::filesystem::path& bin);
// True when bin is a regular file, its stamp names key, and bin has not changed since the stamp
// was written (same file, size and modification time).
bool build_is_current(const std::filesystem::path& bin, std::string_view key);
// Records that bin was just built from the inputs key. Throws dt::Error when it cannot write.
void stamp_build(const std::filesystem::path& bin, std::string_view key);

}  // namespace dt
