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

Result<boost::json::value> ParseBody(const Call& call) {
  if (call.http.body.empty()) return InvalidSyntax("the request has no body");
  boost::system::error_code ec;
  boost::json::parse_options options;
  options.max_depth = 64;
  boost::json::value body = boost::json::parse(call.http.body, ec, {}, options);
  if (ec) return InvalidSyntax("the body is not valid JSON: " + ec.message());
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
