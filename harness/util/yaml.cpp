#include "util/yaml.hpp"

#include <yaml-cpp/yaml.h>

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/signals.hpp"

namespace dt::yaml {
namespace {

// yaml-cpp reports the line and column from 0.
[[noreturn]] void parse_error(const std::string& origin, const YAML::Exception& e) {
  throw Error(fmt::format("{}: invalid YAML at line {}, column {}: {}; fix the file", origin,
                          e.mark.line + 1, e.mark.column + 1, e.msg));
}

std::vector<YAML::Node> load_all(const std::string& text, const std::string& origin) {
  try {
    return YAML::LoadAll(text);
  } catch (const YAML::Exception& e) {
    parse_error(origin, e);
  }
}

// Aliases share nodes, so a small text can stand for a huge tree ("billion laughs": each level
// an alias list of the one below). Every walk here spends from this budget, per call; a signal
// is acted on while it walks.
class Budget {
 public:
  explicit Budget(const std::string& origin) : origin_(origin) {}
  void spend() {
    if (++visited_ % 4096 == 0) signals::throw_if_interrupted();
    if (visited_ > kMaxVisits) {
      throw Error(fmt::format(
          "{}: its aliases or merge keys expand to more than {} nodes; write the config "
          "without nested aliases",
          origin_, kMaxVisits));
    }
  }

 private:
  static constexpr std::size_t kMaxVisits = 200000;  // a config has hundreds
  const std::string& origin_;
  std::size_t visited_ = 0;
};

// The child of map under key, following merge keys ("<<: *default") when it is not there.
// `merged` is set when it came through a merge key.
YAML::Node child(const YAML::Node& map, const std::string& key, bool& merged, Budget& budget,
                 int depth = 0) {
  budget.spend();
  if (!map.IsMap() || depth > 16) return YAML::Node(YAML::NodeType::Undefined);
  for (const auto& item : map) {
    if (item.first.IsScalar() && item.first.Scalar() == key) return item.second;
  }
  for (const auto& item : map) {
    if (!item.first.IsScalar() || item.first.Scalar() != "<<") continue;
    std::vector<YAML::Node> sources;
    if (item.second.IsMap()) sources.push_back(item.second);
    if (item.second.IsSequence()) {
      for (const auto& source : item.second) sources.push_back(source);
    }
    for (const auto& source : sources) {
      YAML::Node found = child(source, key, merged, budget, depth + 1);
      if (found.IsDefined()) {
        merged = true;
        return found;
      }
    }
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

struct Located {
  YAML::Node node;
  YAML::Node parent;
  bool merged = false;
};

Located locate(const YAML::Node& root, const std::vector<std::string>& path, Budget& budget) {
  Located at{root, YAML::Node(YAML::NodeType::Undefined), false};
  for (const auto& key : path) {
    // reset(), not operator=: yaml-cpp's assignment writes through into the tree.
    at.parent.reset(at.node);
    at.node.reset(child(at.parent, key, at.merged, budget));
    if (!at.node.IsDefined()) return at;
  }
  return at;
}

// Deep equality of two trees, where the node at `skip` must hold `value` in `b`.
bool same(const YAML::Node& a, const YAML::Node& b, const std::vector<std::string>& skip,
          std::size_t depth, std::string_view value, Budget& budget) {
  budget.spend();
  const bool at_target = depth == skip.size();
  if (at_target) return b.IsScalar() && b.Scalar() == value;
  if (a.Type() != b.Type() || a.Tag() != b.Tag()) return false;
  if (a.IsScalar()) return a.Scalar() == b.Scalar();
  if (a.IsSequence()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!same(a[i], b[i], {}, 1, value, budget)) return false;
    }
    return true;
  }
  if (a.IsMap()) {
    if (a.size() != b.size()) return false;
    auto ia = a.begin();
    auto ib = b.begin();
    for (; ia != a.end(); ++ia, ++ib) {
      if (!same(ia->first, ib->first, {}, 1, value, budget)) return false;
      const bool on_path = !skip.empty() && depth < skip.size() && ia->first.IsScalar() &&
                           ia->first.Scalar() == skip[depth];
      if (!same(ia->second, ib->second, on_path ? skip : std::vector<std::string>{},
                on_path ? depth + 1 : 1, value, budget)) {
        return false;
      }
    }
    return true;
  }
  return true;  // null, undefined
}

// The end of the scalar text starting at begin: a quoted scalar up to its closing quote, a
// plain one up to the end of the line or a comment (in a flow mapping also ',', '}' or ']').
std::optional<std::size_t> scalar_end(const std::string& text, std::size_t begin, bool flow) {
  if (begin >= text.size()) return std::nullopt;
  const char first = text[begin];
  if (first == '"') {
    for (std::size_t i = begin + 1; i < text.size(); ++i) {
      if (text[i] == '\\') {
        ++i;
      } else if (text[i] == '"') {
        return i + 1;
      } else if (text[i] == '\n') {
        return std::nullopt;  // multi-line: not rewritten in place
      }
    }
    return std::nullopt;
  }
  if (first == '\'') {
    for (std::size_t i = begin + 1; i < text.size(); ++i) {
      if (text[i] == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;
      } else if (text[i] == '\'') {
        return i + 1;
      } else if (text[i] == '\n') {
        return std::nullopt;
      }
    }
    return std::nullopt;
  }
  std::size_t end = begin;
  while (end < text.size() && text[end] != '\n' && text[end] != '\r') {
    if ((text[end] == '#') && end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t')) {
      break;
    }
    if (flow && (text[end] == ',' || text[end] == '}' || text[end] == ']')) break;
    ++end;
  }
  while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
  return end;
}

}  // namespace

struct Document::Impl {
  YAML::Node root;
};

Document::Document(std::string text, std::string origin)
    : text_(std::move(text)), origin_(std::move(origin)), impl_(std::make_unique<Impl>()) {
  if (text_.size() > kMaxBytes) {
    throw Error(
        fmt::format("{}: larger than {} bytes; a config file is smaller", origin_, kMaxBytes));
  }
  auto docs = load_all(text_, origin_);
  if (docs.size() > 1) {
    throw Error(
        fmt::format("{}: holds {} YAML documents; a config file holds one", origin_, docs.size()));
  }
  if (!docs.empty()) impl_->root = docs.front();
}

Document::~Document() = default;
Document::Document(Document&&) noexcept = default;
Document& Document::operator=(Document&&) noexcept = default;

Value Document::find(const std::vector<std::string>& path) const {
  Value out;
  try {
    Budget budget(origin_);
    const Located at = locate(impl_->root, path, budget);
    if (!at.node.IsDefined()) return out;
    if (at.node.IsNull()) {
      out.kind = Value::Kind::null;
    } else if (at.node.IsScalar()) {
      out.kind = Value::Kind::scalar;
      out.text = at.node.Scalar();
    } else {
      out.kind = Value::Kind::other;
      out.type_name = at.node.IsMap() ? "mapping" : "sequence";
    }
  } catch (const YAML::Exception& e) {
    parse_error(origin_, e);
  }
  return out;
}

std::string Document::with_scalar(const std::vector<std::string>& path,
                                  std::string_view value) const {
  std::string dotted;
  for (const auto& key : path) dotted += (dotted.empty() ? "" : ".") + key;
  const auto refuse = [&](std::string_view why) {
    return Error(
        fmt::format("{}: cannot rewrite '{}' in place ({}); write it as a plain "
                    "one-line value directly under its key",
                    origin_, dotted, why));
  };
  try {
    Budget budget(origin_);
    const Located at = locate(impl_->root, path, budget);
    if (!at.node.IsDefined()) throw refuse("the key is not there");
    if (at.merged) throw refuse("it comes from a merge key '<<'");
    if (!at.node.IsScalar() && !at.node.IsNull()) throw refuse("it is not a single value");
    const std::size_t begin = at.node.Mark().pos;
    if (at.node.IsNull() || begin >= text_.size()) throw refuse("it has no value to replace");
    const char first = text_[begin];
    if (first == '|' || first == '>') throw refuse("it is a block scalar");
    if (first == '&' || first == '!' || first == '*')
      throw refuse("it has an anchor, tag or alias");
    const bool flow = at.parent.IsDefined() && at.parent.Style() == YAML::EmitterStyle::Flow;
    const auto end = scalar_end(text_, begin, flow);
    if (!end) throw refuse("it spans several lines");
    if (first != '"' && first != '\'' &&
        text_.compare(begin, *end - begin, at.node.Scalar()) != 0) {
      throw refuse("it spans several lines");
    }
    std::string out = text_.substr(0, begin) + quote(value) + text_.substr(*end);
    // The proof: read back, the tree is the old one with exactly this value changed.
    const auto docs = YAML::LoadAll(out);
    if (docs.size() != 1 || !same(impl_->root, docs.front(), path, 0, value, budget)) {
      throw refuse("another value would change with it, e.g. through an anchor");
    }
    return out;
  } catch (const YAML::Exception& e) {
    throw refuse(e.msg);
  }
}

std::vector<std::string> split_path(std::string_view dotted) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto dot = dotted.find('.', start);
    out.emplace_back(
        dotted.substr(start, dot == std::string_view::npos ? dotted.npos : dot - start));
    if (dot == std::string_view::npos) return out;
    start = dot + 1;
  }
}

std::string quote(std::string_view value) {
  std::string out = "\"";
  for (const unsigned char c : value) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

}  // namespace dt::yaml
