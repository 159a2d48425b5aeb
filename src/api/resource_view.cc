#include "api/resource_view.h"

namespace scimd::api {

Result<boost::json::object> RenderView(Call& call, const scim::Resource& resource,
                                       const scim::Projection& projection) {
  const scim::ResourceType& type = scim::ResourceTypeOf(resource.kind);
  std::vector<scim::Member> members;
  std::vector<scim::GroupRef> groups;
  const std::vector<scim::Member>* members_ptr = nullptr;
  const std::vector<scim::GroupRef>* groups_ptr = nullptr;
  if (resource.kind == scim::ResourceKind::kGroup && projection.Includes(type, "members")) {
    SCIMD_ASSIGN_OR_RETURN(members, call.store.ListMembers(call.directory.id, resource.id));
    members_ptr = &members;
  }
  if (resource.kind == scim::ResourceKind::kUser && projection.Includes(type, "groups")) {
    SCIMD_ASSIGN_OR_RETURN(groups, call.store.GroupsOf(call.directory.id, resource.id));
    groups_ptr = &groups;
  }
  return scim::RenderResource(resource, call.render, members_ptr, groups_ptr, projection);
}

Result<scim::Projection> ProjectionOf(const Call& call, const scim::ResourceType& type) {
  const std::string* attributes = call.params.Find("attributes");
  const std::string* excluded = call.params.Find("excludedAttributes");
  return scim::ParseProjection(attributes ? *attributes : "", excluded ? *excluded : "", type);
}

http::Response ResourceResponse(Call& call, int status, const scim::Resource& resource,
                                const scim::Projection& projection) {
  Result<boost::json::object> body = RenderView(call, resource, projection);
  if (!body.ok()) return StatusResponse(body.status());
  http::Response response = JsonResponse(status, *body);
  response.SetHeader("ETag", scim::VersionTag(resource.version));
  if (status == 201) {
    response.SetHeader("Location", scim::Location(call.render, resource.kind, resource.id));
  }
  return response;
}

}  // namespace scimd::api
