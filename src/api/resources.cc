#include "api/endpoints.h"
#include "api/resource_handlers.h"

namespace scimd::api {
namespace {

http::Response MethodNotAllowed(const Call& call) {
  return StatusResponse(
      {Code::kMethodNotAllowed, call.http.method + " is not allowed on this endpoint"});
}

}  // namespace

http::Response HandleResources(Call& call, const scim::ResourceType& type) {
  if (type.kind == scim::ResourceKind::kGroup && !call.settings.groups_enabled) {
    return StatusResponse({Code::kForbidden, "groups are disabled for this directory"});
  }
  const std::string& method = call.http.method;
  if (call.segments.size() == 1) {
    if (method == "GET") return ListResources(call, type);
    if (method == "POST") return CreateResource(call, type);
    return MethodNotAllowed(call);
  }
  if (call.segments.size() != 2) return StatusResponse(NotFound("no such endpoint"));
  const std::string& id = call.segments[1];
  if (id == ".search") {
    if (method == "POST") return SearchResources(call, type);
    return MethodNotAllowed(call);
  }
  if (method == "GET") return GetResource(call, type, id);
  if (method == "PUT") return ReplaceResource(call, type, id);
  if (method == "PATCH") return PatchResource(call, type, id);
  if (method == "DELETE") return DeleteResource(call, type, id);
  return MethodNotAllowed(call);
}

}  // namespace scimd::api
