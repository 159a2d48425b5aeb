#include "api/request_log.h"

#include <boost/json.hpp>

#include "scim/resource/normalize.h"

namespace scimd::api {
namespace {

constexpr std::string_view kRedacted = "[redacted]";

bool IsBearerToken(std::string_view text) {
  return text.size() > 7 && scim::EqualsIgnoreCase(text.substr(0, 7), "bearer ");
}

void Redact(boost::json::value& value) {
  if (auto* object = value.if_object()) {
    for (auto& field : *object) {
      if (scim::EqualsIgnoreCase(field.key(), "password")) {
        field.value() = kRedacted;
      } else {
        Redact(field.value());
      }
    }
  } else if (auto* array = value.if_array()) {
    for (auto& item : *array) Redact(item);
  } else if (auto* text = value.if_string()) {
    if (IsBearerToken(*text)) *text = "Bearer [redacted]";
  }
}

std::string Cut(std::string text) {
  if (text.size() <= kMaxLoggedBody) return text;
  text.resize(kMaxLoggedBody);
  text += "…[cut]";
  return text;
}

}  // namespace

std::string RedactBody(std::string_view body) {
  if (body.empty()) return {};
  boost::system::error_code ec;
  boost::json::parse_options options;
  options.max_depth = 64;
  boost::json::value parsed = boost::json::parse(body, ec, {}, options);
  if (ec) return Cut(std::string(body));
  Redact(parsed);
  return Cut(boost::json::serialize(parsed));
}

}  // namespace scimd::api
