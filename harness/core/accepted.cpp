#include "core/accepted.hpp"

#include <algorithm>
#include <array>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "core/model.hpp"
#include "core/verdict.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/text.hpp"

namespace dt {
namespace {

constexpr std::array<Expected, 5> kExpected = {Expected::fail, Expected::flag, Expected::drift,
                                               Expected::upgrade_fail, Expected::upgrade_flag};

constexpr std::string_view kShape =
    "accepted is an object like {\"schema.table\": {\"verdict\": \"FAIL\", \"reason\": "
    "\"dropped on purpose, see #412\", \"max_lost\": 100}}";

// Each problem is one line: "<origin>: accepted.\"<table>\": <what>".
[[noreturn]] void fail_entry(std::string_view where, std::string_view what) {
  throw Error(fmt::format("{}: {}", where, what));
}

Expected expected_from(const json::Json& value, const std::string& where) {
  std::string known;
  for (Expected e : kExpected)
    known += fmt::format("{}{}", known.empty() ? "" : ", ", to_string(e));
  if (value.is_string()) {
    for (Expected e : kExpected) {
      if (value.get<std::string>() == to_string(e)) return e;
    }
  }
  fail_entry(where,
             fmt::format("verdict {} is not one of {}; say which verdict the change is expected "
                         "to get",
                         text::printable(value.dump()), known));
}

AcceptedChange entry(const std::string& key, const json::Json& body, const std::string& where,
                     const std::vector<std::string>& schemas) {
  AcceptedChange a;
  try {
    std::tie(a.schema, a.table) = split_qualified(key);
  } catch (const Error& e) {
    fail_entry(where, e.what());
  }
  if (std::find(schemas.begin(), schemas.end(), a.schema) == schemas.end()) {
    fail_entry(where, fmt::format("schema '{}' is not one of the profile's schemas; add it to "
                                  "\"schemas\" or fix the name",
                                  a.schema));
  }
  if (!body.is_object()) fail_entry(where, kShape);
  for (const auto& part : body.items()) {
    if (part.key() != "verdict" && part.key() != "reason" && part.key() != "max_lost") {
      fail_entry(where, fmt::format("unknown key '{}'; known keys: verdict, reason, max_lost",
                                    text::printable(part.key())));
    }
  }
  if (!body.contains("verdict")) fail_entry(where, fmt::format("give a \"verdict\"; {}", kShape));
  a.verdict = expected_from(body["verdict"], where);
  if (!body.contains("reason") || !body["reason"].is_string() ||
      body["reason"].get<std::string>().empty()) {
    fail_entry(where, fmt::format("give a \"reason\" (why the change is intended); {}", kShape));
  }
  a.reason = body["reason"].get<std::string>();
  if (body.contains("max_lost")) {
    const json::Json& bound = body["max_lost"];
    if (!bound.is_number_integer() || bound.get<std::int64_t>() < 0) {
      fail_entry(where, "max_lost must be a whole number of rows, 0 or more (e.g. 100)");
    }
    if (a.verdict != Expected::fail && a.verdict != Expected::upgrade_fail) {
      fail_entry(where, fmt::format("max_lost bounds a loss, but verdict {} loses no rows; drop "
                                    "max_lost or expect FAIL or UPGRADE_FAIL",
                                    to_string(a.verdict)));
    }
    a.max_lost = bound.get<std::int64_t>();
  }
  return a;
}

void sort_by_table(std::vector<AcceptedChange>& list) {
  std::sort(list.begin(), list.end(), [](const AcceptedChange& a, const AcceptedChange& b) {
    return std::tie(a.schema, a.table) < std::tie(b.schema, b.table);
  });
}

}  // namespace

std::string_view to_string(Expected expected) {
  switch (expected) {
    case Expected::fail:
      return "FAIL";
    case Expected::flag:
      return "FLAG";
    case Expected::drift:
      return "DRIFT";
    case Expected::upgrade_fail:
      return "UPGRADE_FAIL";
    case Expected::upgrade_flag:
      return "UPGRADE_FLAG";
  }
  return "FAIL";
}

bool for_upgrade(Expected expected) {
  return expected == Expected::upgrade_fail || expected == Expected::upgrade_flag;
}

std::string_view to_string(AcceptedStatus status) {
  switch (status) {
    case AcceptedStatus::accepted:
      return "accepted";
    case AcceptedStatus::stale:
      return "stale";
    case AcceptedStatus::out_of_bounds:
      return "out_of_bounds";
  }
  return "accepted";
}

Expected expected_from_string(std::string_view text) {
  for (Expected e : kExpected) {
    if (text == to_string(e)) return e;
  }
  throw Error(fmt::format("unknown accepted verdict '{}'", text::printable(text)));
}

AcceptedStatus accepted_status_from_string(std::string_view text) {
  for (auto s : {AcceptedStatus::accepted, AcceptedStatus::stale, AcceptedStatus::out_of_bounds}) {
    if (text == to_string(s)) return s;
  }
  throw Error(fmt::format("unknown acceptance status '{}'", text::printable(text)));
}

std::vector<AcceptedChange> parse_accepted(const json::Json& value, std::string_view origin,
                                           const std::vector<std::string>& schemas) {
  if (!value.is_object()) fail_entry(origin, kShape);
  std::vector<AcceptedChange> out;
  for (const auto& item : value.items()) {
    const std::string where =
        fmt::format("{}: accepted.\"{}\"", origin, text::printable(item.key()));
    AcceptedChange a = entry(item.key(), item.value(), where, schemas);
    a.origin = std::string(origin);
    out.push_back(std::move(a));
  }
  sort_by_table(out);
  return out;
}

std::vector<AcceptedChange> read_accepted_file(const std::filesystem::path& source_dir,
                                               const std::vector<std::string>& schemas) {
  const auto path = source_dir / kAcceptedFile;
  const auto text = file::read_input_if_exists(path, "accepted changes");
  if (!text) return {};
  const std::string origin = fmt::format("accepted changes '{}'", path.string());
  return parse_accepted(json::parse(*text, origin), origin, schemas);
}

AcceptedStatus judge(Expected expected, std::optional<std::int64_t> max_lost, Verdict counted,
                     bool drift, std::int64_t lost) {
  bool matched = false;
  switch (expected) {
    case Expected::fail:
      matched = counted == Verdict::fail && lost > 0;
      break;
    case Expected::flag:
    case Expected::upgrade_flag:
      matched = counted == Verdict::flag;
      break;
    case Expected::drift:
      // A drift is a PASS by its counts (a FAIL under --content=fail); noise is not a drift.
      matched = drift && (counted == Verdict::pass || counted == Verdict::fail);
      break;
    case Expected::upgrade_fail:
      matched = counted == Verdict::fail;
      break;
  }
  if (!matched) return AcceptedStatus::stale;
  if (max_lost && lost > *max_lost) return AcceptedStatus::out_of_bounds;
  return AcceptedStatus::accepted;
}

Acceptance accept(const AcceptedChange& declared, Verdict& verdict, bool drift, std::int64_t lost) {
  Acceptance a;
  a.reason = declared.reason;
  a.verdict = declared.verdict;
  a.max_lost = declared.max_lost;
  a.origin = declared.origin;
  a.status = judge(declared.verdict, declared.max_lost, verdict, drift, lost);
  if (a.status == AcceptedStatus::accepted) verdict = Verdict::accepted;
  return a;
}

std::vector<const Acceptance*> stale_acceptances(const TableResult& result) {
  std::vector<const Acceptance*> out;
  if (result.accepted && result.accepted->status == AcceptedStatus::stale) {
    out.push_back(&*result.accepted);
  }
  if (result.upgrade && result.upgrade->accepted &&
      result.upgrade->accepted->status == AcceptedStatus::stale) {
    out.push_back(&*result.upgrade->accepted);
  }
  return out;
}

std::string stale_text(const TableResult& result, const Acceptance& acceptance) {
  const bool upgrade = for_upgrade(acceptance.verdict);
  const std::string_view now =
      upgrade && result.upgrade ? to_string(result.upgrade->verdict) : to_string(status(result));
  return fmt::format(
      "{}.{}{}: accepted as {} ({}), but it now gets {}; remove the entry from {} or look again "
      "at the change",
      text::printable(result.schema), text::printable(result.table), upgrade ? " (upgrade)" : "",
      to_string(acceptance.verdict), text::printable(acceptance.reason), now, acceptance.origin);
}

std::string out_of_bounds_text(std::int64_t lost, const Acceptance& acceptance) {
  return fmt::format("lost {} rows, more than the {} its acceptance allows ({})", lost,
                     acceptance.max_lost.value_or(0), text::printable(acceptance.reason));
}

std::int64_t rows_lost(std::int64_t released_rows, std::int64_t other_rows) {
  return std::max<std::int64_t>(0, released_rows - other_rows);
}

std::vector<AcceptedChange> merge_accepted(std::vector<AcceptedChange> a,
                                           std::vector<AcceptedChange> b) {
  for (const auto& x : b) {
    for (const auto& y : a) {
      if (x.schema == y.schema && x.table == y.table) {
        throw Error(fmt::format("table '{}.{}' is accepted in both {} and {}; keep it in one",
                                x.schema, x.table, y.origin, x.origin));
      }
    }
  }
  a.insert(a.end(), std::make_move_iterator(b.begin()), std::make_move_iterator(b.end()));
  sort_by_table(a);
  return a;
}

}  // namespace dt
