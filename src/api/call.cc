#include "api/call.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "scim/resource/normalize.h"

namespace scimd::api {

void QueryParams::Add(std::string name, std::string value) {
  values_.emplace(scim::LowerAscii(name), std::move(value));
}

const std::string* QueryParams::Find(std::string_view name) const {
  auto it = values_.find(scim::LowerAscii(name));
  return it == values_.end() ? nullptr : &it->second;
}

// Depth and element count bound the work every later stage (normalisation,
// PATCH, rendering) does per request, whatever fits in the body limit. The
// count allows a PUT of a group with tens of thousands of members. Boost.JSON
// also rejects invalid UTF-8 in strings and keys.
Result<boost::json::value> ParseBody(const Call& call) {
  constexpr size_t kMaxElements = 100000;
  if (call.http.body.empty()) return InvalidSyntax("the request has no body");
  boost::system::error_code ec;
  boost::json::parse_options options;
  options.max_depth = 64;
  boost::json::value body = boost::json::parse(call.http.body, ec, {}, options);
  if (ec) return InvalidSyntax("the body is not valid JSON: " + ec.message());
  size_t elements = 0;
  std::vector<const boost::json::value*> pending{&body};
  while (!pending.empty()) {
    const boost::json::value* v = pending.back();
    pending.pop_back();
    if (++elements > kMaxElements) {
      return InvalidSyntax("the body has more than " + std::to_string(kMaxElements) +
                           " JSON values");
    }
    if (const auto* array = v->if_array()) {
      for (const auto& item : *array) pending.push_back(&item);
    } else if (const auto* object = v->if_object()) {
      for (const auto& field : *object) pending.push_back(&field.value());
    }
  }
  return body;
}

http::Response JsonResponse(int status, const boost::json::object& body) {
  http::Response response;
  response.status = status;
  response.SetHeader("Content-Type", "application/scim+json");
  response.body = boost::json::serialize(body);
  return response;
}

http::Response StatusResponse(const Status& status) {
  http::Response response = JsonResponse(HttpStatusOf(status.code()), scim::RenderError(status));
  if (status.code() == Code::kUnauthorized) {
    response.SetHeader("WWW-Authenticate", "Bearer realm=\"scimd\"");
  }
  if (status.code() == Code::kUnavailable || status.code() == Code::kTooManyRequests) {
    response.SetHeader("Retry-After", "1");
  }
  return response;
}

http::Response NoContent() {
  http::Response response;
  response.status = 204;
  return response;
}

}  // namespace scimd::api
