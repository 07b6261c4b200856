#pragma once
// COPY's text format (one line per row, tab-separated, backslash escapes, \N for NULL).
#include <string>
#include <string_view>
#include <vector>

namespace dt::db {

// The fields of one COPY text-format line with backslash escapes undone; is_null (when given)
// receives, per field, whether it was NULL ("\N", returned as "").
std::vector<std::string> copy_fields(std::string_view line, std::vector<bool>* is_null = nullptr);

}  // namespace dt::db
