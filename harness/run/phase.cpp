#include "run/phase.hpp"

#include <fmt/format.h>

namespace dt {

std::string Phase::label() const {
  switch (side) {
    case Side::released:
      return fmt::format("{}, released side", name);
    case Side::fresh:
      return fmt::format("{}, new side", name);
    case Side::none:
      break;
  }
  return name;
}

std::string Phase::text() const {
  if (number == 0) return label();
  return fmt::format("phase {}/6 ({})", number, label());
}

}  // namespace dt
