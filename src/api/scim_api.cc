#include "api/scim_api.h"

#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>
#include <exception>

#include "api/bulk.h"
#include "api/call.h"
#include "api/endpoints.h"
#include "common/random.h"
#include "directory/directory.h"
#include "scim/resource/normalize.h"
#include "scim/schema/schema.h"

namespace scimd::api {
namespace {

// RFC 7644 §3.1: clients send application/scim+json; IdPs also send
// application/json. A missing Content-Type is tolerated, anything else is
// refused before the body is read.
bool IsJsonMediaType(std::string_view content_type) {
  std::string type = scim::LowerAscii(content_type.substr(0, content_type.find(';')));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  return type.empty() || type == "application/scim+json" || type == "application/json";
}

struct Target {
  std::string directory_id;
  std::vector<std::string> segments;  // after /v2
  QueryParams params;
};

// "/scim/<directory>/v2/<segments...>?<query>"
Result<Target> ParseTarget(std::string_view target) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return BadRequest("the request target is not a valid path");
  Target parsed;
  std::vector<std::string> segments;
  for (auto segment : url->segments()) segments.push_back(segment);
  while (!segments.empty() && segments.back().empty()) segments.pop_back();
  if (segments.size() < 3 || segments[0] != "scim" || segments[2] != "v2") {
    return NotFound("no SCIM endpoint at this path; SCIM Base URLs look like /scim/<id>/v2");
  }
  parsed.directory_id = segments[1];
  parsed.segments.assign(segments.begin() + 3, segments.end());
  boost::urls::encoding_opts form_encoding(/*space_as_plus=*/true, false, false);
  for (auto param : url->params(form_encoding)) {
    parsed.params.Add(param.key, param.has_value ? param.value : "");
  }
  return parsed;
}

http::Response Dispatch(Call& call) {
  if (call.segments.empty()) return StatusResponse(NotFound("no endpoint at the Base URL itself"));
  const std::string& endpoint = call.segments[0];
  if (scim::EqualsIgnoreCase(endpoint, "Users")) {
    return HandleResources(call, scim::UserResourceType());
  }
  if (scim::EqualsIgnoreCase(endpoint, "Groups")) {
    return HandleResources(call, scim::GroupResourceType());
  }
  if (scim::EqualsIgnoreCase(endpoint, "ServiceProviderConfig") ||
      scim::EqualsIgnoreCase(endpoint, "ResourceTypes") ||
      scim::EqualsIgnoreCase(endpoint, "Schemas")) {
    return HandleDiscovery(call);
  }
  if (scim::EqualsIgnoreCase(endpoint, "Bulk")) {
    return HandleBulk(call);
  }
  return StatusResponse(NotFound("no endpoint named '" + endpoint + "'"));
}

http::Response HandleAuthenticated(const http::Request& request, storage::ResourceStore& store,
                                   const ApiOptions& options) {
  Result<Target> target = ParseTarget(request.target);
  if (!target.ok()) return StatusResponse(target.status());
  // An unknown directory answers exactly like a wrong token, so the response
  // does not reveal which directory ids exist.
  Result<storage::DirectoryRecord> directory = store.GetDirectory(target->directory_id);
  if (!directory.ok()) {
    if (directory.status().code() != Code::kNotFound) return StatusResponse(directory.status());
    return StatusResponse({Code::kUnauthorized, "a valid bearer token is required"});
  }
  Status auth = directory::Authenticate(*directory, request.Header("authorization"));
  if (!auth.ok()) return StatusResponse(auth);
  if (!request.body.empty() && !IsJsonMediaType(request.Header("content-type"))) {
    return StatusResponse(
        {Code::kUnsupportedMediaType, "send application/scim+json or application/json"});
  }
  Call call{request,
            store,
            options,
            std::move(directory).value(),
            {},
            std::move(target->segments),
            std::move(target->params)};
  call.render.base_url = directory::BaseUrl(options.public_url, call.directory.id);
  return Dispatch(call);
}

}  // namespace

ScimApi::ScimApi(storage::ResourceStore& store, ApiOptions options)
    : store_(store), options_(std::move(options)) {}

http::Response ScimApi::Handle(const http::Request& request) const {
  std::string request_id = request.Header("x-request-id").empty()
                               ? NewUuid()
                               : std::string(request.Header("x-request-id").substr(0, 128));
  http::Response response;
  try {
    response = HandleAuthenticated(request, store_, options_);
  } catch (const std::exception& e) {
    // A bug: answer with a SCIM error rather than dropping the connection.
    response = StatusResponse(Internal(std::string("unexpected error: ") + e.what()));
  }
  response.SetHeader("X-Request-Id", request_id);
  return response;
}

http::Response ScimApi::ErrorResponse(int http_status, std::string_view detail) {
  Code code = Code::kBadRequest;
  switch (http_status) {
    case 413:
      code = Code::kPayloadTooLarge;
      break;
    case 408:
    case 431:
      code = Code::kBadRequest;
      break;
    case 503:
      code = Code::kUnavailable;
      break;
    case 500:
      code = Code::kInternal;
      break;
    default:
      break;
  }
  http::Response response = StatusResponse({code, std::string(detail)});
  response.status = http_status;
  boost::json::object body = scim::RenderError({code, std::string(detail)});
  body["status"] = std::to_string(http_status);
  response.body = boost::json::serialize(body);
  return response;
}

}  // namespace scimd::api
