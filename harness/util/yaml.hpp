#pragma once
// The YAML adapter: the only code that sees yaml-cpp. Reads scalars at key paths (with YAML
// merge keys "<<" followed) and rewrites one scalar in place: the rest of the text — comments,
// order, quoting, anchors — stays byte for byte as it was.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dt::yaml {

// Files data-test reads this way are configs: larger ones are refused before parsing.
inline constexpr std::size_t kMaxBytes = 1 << 20;

// What a key path leads to.
struct Value {
  enum class Kind { missing, null, scalar, other };
  Kind kind = Kind::missing;
  std::string text;       // the scalar's value (Kind::scalar)
  std::string type_name;  // "mapping" or "sequence" (Kind::other)
};

class Document {
 public:
  // Parses text. Throws dt::Error "<origin>: invalid YAML at line L, column C: <reason>; fix the
  // file" (the reason never quotes the text), or a message for a file over kMaxBytes or with
  // more than one document.
  Document(std::string text, std::string origin);
  ~Document();
  Document(Document&&) noexcept;
  Document& operator=(Document&&) noexcept;

  // The value at path (each element one mapping key).
  Value find(const std::vector<std::string>& path) const;
  // The text with the scalar at path replaced by value (written double-quoted) and nothing else
  // changed. Throws dt::Error naming the path when the scalar cannot be rewritten in place (a
  // block or multi-line scalar, one reached through an alias or merge key, one with an anchor
  // or tag), or when re-reading the result shows any other change.
  std::string with_scalar(const std::vector<std::string>& path, std::string_view value) const;

  const std::string& text() const { return text_; }

 private:
  struct Impl;
  std::string text_;
  std::string origin_;
  std::unique_ptr<Impl> impl_;
};

// "a.b.c" -> {"a", "b", "c"}.
std::vector<std::string> split_path(std::string_view dotted);

// value as a YAML double-quoted scalar ("a\"b", control characters escaped).
std::string quote(std::string_view value);

}  // namespace dt::yaml
