#include "snapshot.hpp"

#include <ctime>

#include <fmt/format.h>

#include "core/reclaim.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/json.hpp"
#include "util/text.hpp"

namespace dt {

bool SnapshotKey::operator==(const SnapshotKey& other) const {
  return commit == other.commit && repos == other.repos && profile == other.profile &&
         keys == other.keys;
}

std::string profile_digest(std::string_view canonical_profile) {
  text::Fnv1a64 h;
  h.field("data-test profile v1");
  h.field(canonical_profile);
  return h.hex();
}

std::string snapshot_digest(const SnapshotKey& key) {
  text::Fnv1a64 h;
  h.field("data-test released snapshot v1");
  h.field(key.commit);
  h.field(key.repos);
  h.field(key.profile);
  h.field(key.keys);
  return h.hex();
}

std::string snapshot_name(const SnapshotKey& key) {
  return std::string(kSnapshotPrefix) + snapshot_digest(key);
}

std::map<std::string, std::string> snapshot_fields(const SnapshotKey& key, std::string_view tag) {
  return {{"commit", key.commit},
          {"repos", key.repos},
          {"profile", key.profile},
          {"keys", key.keys},
          {"tag", std::string(tag)}};
}

std::optional<SnapshotKey> key_of(const Mark& mark) {
  if (mark.side != kSnapshotSide) return std::nullopt;
  const auto field = [&](const char* name) -> const std::string* {
    const auto it = mark.of.find(name);
    return it == mark.of.end() ? nullptr : &it->second;
  };
  const std::string* commit = field("commit");
  const std::string* repos = field("repos");
  const std::string* profile = field("profile");
  const std::string* keys = field("keys");
  if (commit == nullptr || repos == nullptr || profile == nullptr || keys == nullptr) {
    return std::nullopt;
  }
  return SnapshotKey{*commit, *repos, *profile, *keys};
}

SnapshotChoice choose_snapshot(bool exists, const std::optional<Mark>& mark, const SnapshotKey& key,
                               std::chrono::system_clock::time_point now,
                               std::chrono::seconds max_age, bool fresh, bool proven) {
  if (fresh) return {SnapshotUse::fresh};
  if (max_age.count() <= 0) return {SnapshotUse::disabled};
  if (!exists) return {SnapshotUse::absent};
  const auto found = mark ? key_of(*mark) : std::nullopt;
  if (!found) return {SnapshotUse::not_ours};
  // Never copied, and never replaced: it is not this user's data-test's to drop either.
  if (!proven) return {SnapshotUse::unproven};
  // The name is a digest of the key; the mark holds the key itself. A database renamed, or a
  // digest that collides, is another key's collection and is never used for this one.
  if (!(*found == key)) return {SnapshotUse::other_key};
  const auto collected = parse_utc(mark->created);
  if (!collected || *collected > now + std::chrono::minutes(5)) return {SnapshotUse::expired};
  const auto age = std::chrono::duration_cast<std::chrono::seconds>(now - *collected);
  return {age > max_age ? SnapshotUse::expired : SnapshotUse::use,
          std::max(age, std::chrono::seconds(0))};
}

std::string age_text(std::chrono::seconds age) {
  const long long s = std::max<long long>(age.count(), 0);
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m {:02}s", s / 60, s % 60);
  if (s < 86400) return fmt::format("{}h {:02}m", s / 3600, s % 3600 / 60);
  return fmt::format("{}d {}h", s / 86400, s % 86400 / 3600);
}

std::optional<std::chrono::system_clock::time_point> parse_utc(std::string_view iso) {
  if (iso.size() != 20 || iso.back() != 'Z') return std::nullopt;
  std::tm tm{};
  const std::string text(iso);
  const char* end = ::strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  const std::time_t t = ::timegm(&tm);
  if (t == static_cast<std::time_t>(-1)) return std::nullopt;
  return std::chrono::system_clock::from_time_t(t);
}

std::string snapshot_text(std::string_view name, std::string_view collected,
                          std::chrono::seconds age) {
  return fmt::format("snapshot '{}' (collected {}, {} ago); --fresh collects again", name,
                     collected, age_text(age));
}

std::string snapshot_line(const SnapshotFound& found) {
  const std::string& name = found.name;
  switch (found.choice.use) {
    case SnapshotUse::use:
      return fmt::format("released collection: from {}",
                         snapshot_text(name, found.collected, found.choice.age));
    case SnapshotUse::absent:
      return fmt::format(
          "released snapshot: none yet for this key; it is kept as '{}' after "
          "this run",
          name);
    case SnapshotUse::fresh:
      return fmt::format("released snapshot: --fresh, collecting again (kept as '{}')", name);
    case SnapshotUse::disabled:
      return "released snapshot: --snapshot-max-age 0, none used or kept";
    case SnapshotUse::expired:
      return fmt::format(
          "released snapshot: '{}' (collected {}) is older than "
          "--snapshot-max-age; collecting again and replacing it",
          name, found.collected);
    case SnapshotUse::other_key:
      return fmt::format(
          "released snapshot: '{}' holds another key's collection; collecting "
          "again and replacing it",
          name);
    case SnapshotUse::not_ours:
      return fmt::format(
          "released snapshot: a database '{}' exists without data-test's "
          "snapshot mark; not using or replacing it (drop or rename it)",
          name);
    case SnapshotUse::unproven:
      return fmt::format(
          "released snapshot: '{}' was not made by this user's data-test, or changed since "
          "(another role owns it, it accepts connections, or the cache dir has no record of "
          "it); not using or replacing it; collecting",
          name);
    case SnapshotUse::busy:
      return fmt::format("released snapshot: '{}' is in use by another run; collecting", name);
  }
  return "";
}

namespace {

std::filesystem::path log_path(const CacheDir& cache, std::string_view name) {
  return cache.path() / "snapshots" / (std::string(name) + ".log");
}

std::filesystem::path record_path(const CacheDir& cache, std::string_view name) {
  return cache.path() / "snapshots" / (std::string(name) + ".json");
}

// Writes text at path in the cache dir, replacing (through reclaim) only a file it recorded.
void replace_recorded(CacheDir& cache, const std::filesystem::path& path, const std::string& text) {
  file::create_directories(path.parent_path(), 0700);
  if (file::kind(path) != file::Kind::missing) {
    const auto made = cache.made(path);
    if (!made) {
      throw Error(fmt::format("'{}' was not made by data-test; leaving it", path.string()));
    }
    reclaim::reclaim(*made);
    cache.forget(path);
  }
  file::write_private(path, text);
  cache.record(path);
}

}  // namespace

void store_snapshot_log(CacheDir& cache, std::string_view name, const std::filesystem::path& log) {
  const auto text = file::read_text_if_exists(log, "released log");
  if (!text) return;
  replace_recorded(cache, log_path(cache, name), *text);
}

void store_snapshot_record(CacheDir& cache, std::string_view name, const std::string& oid) {
  json::Json doc;
  doc["snapshot"] = std::string(name);
  doc["oid"] = oid;
  replace_recorded(cache, record_path(cache, name), json::dump(doc));
}

std::optional<std::string> snapshot_record(const CacheDir& cache, std::string_view name) {
  const auto path = record_path(cache, name);
  if (!cache.made(path)) return std::nullopt;
  const auto text = file::read_text_if_exists(path, "snapshot record");
  if (!text) return std::nullopt;
  try {
    const json::Json doc = json::parse(*text, path.string(), "run again with --fresh");
    if (doc.value("snapshot", "") != name || !doc.contains("oid") || !doc["oid"].is_string()) {
      return std::nullopt;
    }
    return doc["oid"].get<std::string>();
  } catch (const Error&) {
    return std::nullopt;  // unreadable: the snapshot is not proven, so it is not used
  }
}

std::optional<std::string> snapshot_log(const CacheDir& cache, std::string_view name) {
  const auto path = log_path(cache, name);
  if (!cache.made(path)) return std::nullopt;
  return file::read_text_if_exists(path, "snapshot log");
}

std::vector<SnapshotRow> snapshot_rows(std::vector<std::pair<std::string, Mark>> marked,
                                       const std::vector<long long>& bytes,
                                       std::chrono::system_clock::time_point now,
                                       std::chrono::seconds max_age) {
  std::vector<SnapshotRow> rows;
  for (std::size_t i = 0; i < marked.size(); ++i) {
    auto& [name, mark] = marked[i];
    if (mark.side != kSnapshotSide) continue;
    SnapshotRow row;
    row.name = std::move(name);
    row.bytes = i < bytes.size() ? bytes[i] : 0;
    const auto collected = parse_utc(mark.created);
    if (collected) {
      row.age = std::chrono::duration_cast<std::chrono::seconds>(now - *collected);
    }
    row.expired = !collected || !key_of(mark) || row.age > max_age || max_age.count() <= 0;
    row.mark = std::move(mark);
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string size_text(long long bytes) {
  if (bytes < 1024) return fmt::format("{} B", bytes);
  const char* units[] = {"KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes) / 1024;
  std::size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(units)) {
    value /= 1024;
    ++unit;
  }
  return fmt::format("{:.1f} {}", value, units[unit]);
}

std::string render_snapshots(const std::vector<SnapshotRow>& rows) {
  if (rows.empty()) return "no released snapshots on this server\n";
  std::string out;
  long long total = 0;
  for (const auto& row : rows) {
    const auto field = [&](const char* name) {
      const auto it = row.mark.of.find(name);
      return it == row.mark.of.end() ? std::string("?") : text::printable(it->second);
    };
    std::string repos = field("repos");
    for (auto& c : repos) c = c == '\n' ? ',' : c;
    out +=
        fmt::format("{}  profile {}, tag {} (commit {}), repos {}, collected {} ({} ago), {}{}\n",
                    text::printable(row.name), text::printable(row.mark.profile), field("tag"),
                    field("commit").substr(0, 7), repos, text::printable(row.mark.created),
                    age_text(row.age), size_text(row.bytes), row.expired ? ", expired" : "");
    total += row.bytes;
  }
  out += fmt::format("{} snapshot{}, {} on disk\n", rows.size(), rows.size() == 1 ? "" : "s",
                     size_text(total));
  return out;
}

}  // namespace dt
