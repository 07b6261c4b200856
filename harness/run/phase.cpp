#include "run/phase.hpp"

#include <fmt/format.h>

namespace dt {

const char* Phase::side_name() const noexcept {
  switch (side) {
    case Side::released:
      return "released";
    case Side::fresh:
      return "new";
    case Side::none:
      break;
  }
  return "";
}

std::string Phase::label() const {
  if (side == Side::none) return name;
  return fmt::format("{}, {} side", name, side_name());
}

std::string Phase::text() const {
  if (number == 0) return label();
  return fmt::format("phase {}/6 ({})", number, label());
}

}  // namespace dt
