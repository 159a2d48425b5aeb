#include <string>

#include "api/resource_handlers.h"

namespace scimd::api {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

std::string_view Opaque(std::string_view tag) {
  tag = Trim(tag);
  if (tag.size() >= 2 && tag[0] == 'W' && tag[1] == '/') tag.remove_prefix(2);
  return tag;
}

}  // namespace

bool EtagMatches(std::string_view header_value, int64_t version) {
  if (Trim(header_value) == "*") return true;
  const std::string current = "\"" + std::to_string(version) + "\"";
  while (!header_value.empty()) {
    size_t comma = header_value.find(',');
    if (Opaque(header_value.substr(0, comma)) == current) return true;
    if (comma == std::string_view::npos) break;
    header_value.remove_prefix(comma + 1);
  }
  return false;
}

Status CheckIfMatch(const http::Request& request, int64_t version) {
  std::string_view if_match = request.Header("if-match");
  if (if_match.empty() || EtagMatches(if_match, version)) return Status::Ok();
  return {Code::kPreconditionFailed,
          "the resource has changed: If-Match does not name its current version"};
}

}  // namespace scimd::api
