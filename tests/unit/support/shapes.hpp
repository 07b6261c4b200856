#pragma once
// Table shapes built by hand, as the catalog would read them, for the schema delta, natural key
// and upgrade tests.
#include <utility>
#include <vector>

#include "core/table_shape.hpp"

namespace dt::testing_support {

// s.t with these columns and constraints, nothing else.
inline TableShape shape_of(std::vector<ColumnShape> columns,
                           std::vector<ConstraintShape> constraints = {}) {
  TableShape t;
  t.schema = "s";
  t.table = "t";
  t.columns = std::move(columns);
  t.constraints = std::move(constraints);
  return t;
}

}  // namespace dt::testing_support
