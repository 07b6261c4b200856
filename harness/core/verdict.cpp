#include "core/verdict.hpp"

#include <fmt/format.h>

#include "core/model.hpp"
#include "util/error.hpp"

namespace dt {

std::string_view to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::pass:
      return "PASS";
    case Verdict::flag:
      return "FLAG";
    case Verdict::fail:
      return "FAIL";
    case Verdict::unstable:
      return "UNSTABLE";
    case Verdict::accepted:
      return "ACCEPTED";
  }
  return "FAIL";  // unreachable; keeps -Wreturn-type quiet
}

Verdict verdict_from_string(std::string_view text) {
  if (text == "PASS") return Verdict::pass;
  if (text == "FLAG") return Verdict::flag;
  if (text == "FAIL") return Verdict::fail;
  if (text == "UNSTABLE") return Verdict::unstable;
  if (text == "ACCEPTED") return Verdict::accepted;
  throw Error(
      fmt::format("unknown verdict '{}'; expected PASS, FLAG, FAIL, UNSTABLE or ACCEPTED", text));
}

Verdict classify(std::int64_t released_rows, std::int64_t new_rows) {
  if (released_rows == new_rows) return Verdict::pass;
  return new_rows > released_rows ? Verdict::flag : Verdict::fail;
}

std::string signed_delta(std::int64_t delta) {
  return delta > 0 ? fmt::format("+{}", delta) : fmt::format("{}", delta);
}

std::string_view to_string(ContentCheck check) {
  switch (check) {
    case ContentCheck::off:
      return "off";
    case ContentCheck::on:
      return "on";
    case ContentCheck::fail:
      return "fail";
  }
  return "off";  // unreachable; keeps -Wreturn-type quiet
}

ContentCheck content_check_from_string(std::string_view text) {
  if (text == "off") return ContentCheck::off;
  if (text == "on") return ContentCheck::on;
  if (text == "fail") return ContentCheck::fail;
  throw Error(fmt::format("unknown content check '{}'; expected off, on or fail", text));
}

std::string_view to_string(Content content) {
  switch (content) {
    case Content::not_compared:
      return "";
    case Content::same:
      return "same";
    case Content::changed:
      return "changed";
  }
  return "";  // unreachable; keeps -Wreturn-type quiet
}

std::optional<Content> content_from_string(std::string_view text) {
  if (text.empty()) return Content::not_compared;
  if (text == "same") return Content::same;
  if (text == "changed") return Content::changed;
  return std::nullopt;
}

std::string_view to_string(Status status) {
  switch (status) {
    case Status::pass:
      return "PASS";
    case Status::flag:
      return "FLAG";
    case Status::fail:
      return "FAIL";
    case Status::drift:
      return "DRIFT";
    case Status::unstable:
      return "UNSTABLE";
    case Status::accepted:
      return "ACCEPTED";
  }
  return "FAIL";  // unreachable; keeps -Wreturn-type quiet
}

Status status(Verdict verdict, Content content, ContentCheck check) {
  switch (verdict) {
    case Verdict::pass:
      if (content != Content::changed) return Status::pass;
      return check == ContentCheck::fail ? Status::fail : Status::drift;
    case Verdict::flag:
      return Status::flag;
    case Verdict::fail:
      return Status::fail;
    case Verdict::unstable:
      return Status::unstable;
    case Verdict::accepted:
      return Status::accepted;
  }
  return Status::fail;  // unreachable; keeps -Wreturn-type quiet
}

Status status(const TableResult& result, ContentCheck check) {
  return status(result.verdict, result.content, check);
}

Status status(const TableResult& result) {
  // A FAIL under --content=fail is FAIL already: only a PASS can still be DRIFT.
  return status(result, ContentCheck::on);
}

Verdict verdict_of(Status status) {
  switch (status) {
    case Status::pass:
    case Status::drift:
      return Verdict::pass;
    case Status::flag:
      return Verdict::flag;
    case Status::fail:
      return Verdict::fail;
    case Status::unstable:
      return Verdict::unstable;
    case Status::accepted:
      return Verdict::accepted;
  }
  return Verdict::fail;  // unreachable; keeps -Wreturn-type quiet
}

bool drifted(const TableResult& result) {
  return result.content == Content::changed;
}

bool needs_evidence(const TableResult& result) {
  switch (status(result)) {
    case Status::fail:
    case Status::drift:
    case Status::accepted:  // accepted with its evidence: the reader sees what was accepted
      return true;
    case Status::pass:
      return false;
    case Status::flag:
    case Status::unstable:
      // A content compared (equal counts) and changed is evidence worth reading whatever the
      // verdict became: apply_unstable runs after the diagnosis.
      return drifted(result);
  }
  return true;  // unreachable; keeps -Wreturn-type quiet
}

bool shows_evidence(const TableResult& result) {
  return needs_evidence(result) && !result.diagnosis.empty();
}

}  // namespace dt
