#include <boost/json.hpp>
#include <optional>

#include "api/resource_handlers.h"
#include "api/resource_view.h"
#include "common/random.h"
#include "scim/filter/parser.h"
#include "scim/patch/patch.h"
#include "scim/resource/normalize.h"

namespace scimd::api {
namespace {

// scimd does not authenticate end users, so an IdP's `password` is accepted
// (RFC 7643 §4.1.1, writeOnly) and deliberately not kept.
void DropPassword(boost::json::object& attributes) {
  for (auto it = attributes.begin(); it != attributes.end(); ++it) {
    if (scim::EqualsIgnoreCase(it->key(), "password")) {
      attributes.erase(it);
      return;
    }
  }
}

Result<scim::NormalizedResource> NormalizedBody(const Call& call, const scim::ResourceType& type) {
  SCIMD_ASSIGN_OR_RETURN(boost::json::value body, ParseBody(call));
  SCIMD_ASSIGN_OR_RETURN(scim::NormalizedResource normalized, scim::NormalizeResource(body, type));
  DropPassword(normalized.attributes);
  return normalized;
}

// PATCH on a group answers 204 (what Entra asks for, and what keeps a
// one-member change from rendering a million-member group) unless the client
// asked for a representation with `attributes`/`excludedAttributes`; users
// get 200 with the resource (RFC 7644 §3.5.2 allows either).
bool WantsPatchBody(const Call& call, const scim::ResourceType& type) {
  if (type.kind == scim::ResourceKind::kUser) return true;
  return call.params.Find("attributes") != nullptr ||
         call.params.Find("excludedAttributes") != nullptr;
}

// Replaces every writable attribute of `id` with `normalized` (PUT
// semantics: a group's members omitted are cleared). `check_if_match` applies
// the request's If-Match.
Result<scim::Resource> ReplaceWith(Call& call, const scim::ResourceType& type, std::string_view id,
                                   const scim::NormalizedResource& normalized,
                                   bool check_if_match) {
  auto replace = [&](scim::Resource& resource, storage::UpdateContext& context) -> Status {
    if (check_if_match) SCIMD_RETURN_IF_ERROR(CheckIfMatch(call.http, resource.version));
    resource.attributes = normalized.attributes;
    if (type.kind == scim::ResourceKind::kGroup) {
      context.member_changes.push_back({scim::MemberChange::Kind::kRemoveAll, {}});
      if (normalized.member_ids && !normalized.member_ids->empty()) {
        context.member_changes.push_back({scim::MemberChange::Kind::kAdd, *normalized.member_ids});
      }
    }
    return Status::Ok();
  };
  return call.store.Update(call.directory.id, type.kind, id, replace);
}

// `attribute eq "value"` with the value quoted as a filter string.
std::string EqualsFilter(std::string_view attribute, std::string_view value) {
  std::string filter(attribute);
  filter += " eq \"";
  for (char c : value) {
    if (c == '"' || c == '\\') filter += '\\';
    filter += c;
  }
  filter += '"';
  return filter;
}

// The id of the first resource matching `attribute eq value`, "" when none.
Result<std::string> FindIdBy(Call& call, const scim::ResourceType& type, std::string_view attribute,
                             std::string_view value) {
  SCIMD_ASSIGN_OR_RETURN(scim::filter::NodePtr filter,
                         scim::filter::Parse(EqualsFilter(attribute, value)));
  storage::Query query;
  query.filter = filter.get();
  query.count = 1;
  SCIMD_ASSIGN_OR_RETURN(storage::QueryResult found,
                         call.store.Find(call.directory.id, type.kind, query));
  return found.resources.empty() ? std::string() : found.resources.front().id;
}

// With link-existing on, the resource a POST adopts: a user by userName
// (case-insensitive) or else externalId, a group by displayName. "" when none.
Result<std::string> ExistingToLink(Call& call, const scim::ResourceType& type,
                                   const boost::json::object& attributes) {
  const bool user = type.kind == scim::ResourceKind::kUser;
  for (std::string_view attribute :
       {user ? std::string_view("userName") : std::string_view("displayName"),
        user ? std::string_view("externalId") : std::string_view()}) {
    if (attribute.empty()) continue;
    const boost::json::value* value = attributes.if_contains(attribute);
    if (value == nullptr || !value->is_string()) continue;
    SCIMD_ASSIGN_OR_RETURN(std::string id, FindIdBy(call, type, attribute, value->get_string()));
    if (!id.empty()) return id;
  }
  return std::string();
}

// POST with link-existing on: replace the matching resource from the body
// and answer as if it had been created. nullopt when nothing matches.
std::optional<http::Response> LinkExisting(Call& call, const scim::ResourceType& type,
                                           const scim::NormalizedResource& normalized,
                                           const scim::Projection& projection) {
  Result<std::string> existing = ExistingToLink(call, type, normalized.attributes);
  if (!existing.ok()) return StatusResponse(existing.status());
  if (existing->empty()) return std::nullopt;
  Result<scim::Resource> linked = ReplaceWith(call, type, *existing, normalized, false);
  if (!linked.ok()) return StatusResponse(linked.status());
  return ResourceResponse(call, 201, *linked, projection);
}

// deprovision=deactivate: DELETE /Users/{id} keeps the user, inactive.
http::Response DeactivateUser(Call& call, std::string_view id) {
  auto deactivate = [&](scim::Resource& resource, storage::UpdateContext&) -> Status {
    SCIMD_RETURN_IF_ERROR(CheckIfMatch(call.http, resource.version));
    resource.attributes["active"] = false;
    return Status::Ok();
  };
  Result<scim::Resource> updated =
      call.store.Update(call.directory.id, scim::ResourceKind::kUser, id, deactivate);
  if (!updated.ok()) return StatusResponse(updated.status());
  return NoContent();
}

}  // namespace

http::Response CreateResource(Call& call, const scim::ResourceType& type) {
  Result<scim::Projection> projection = ProjectionOf(call, type);
  if (!projection.ok()) return StatusResponse(projection.status());
  Result<scim::NormalizedResource> normalized = NormalizedBody(call, type);
  if (!normalized.ok()) return StatusResponse(normalized.status());
  if (call.settings.link_existing) {
    std::optional<http::Response> linked = LinkExisting(call, type, *normalized, *projection);
    if (linked) return std::move(*linked);
  }
  scim::Resource resource;
  resource.kind = type.kind;
  resource.id = NewUuid();
  resource.attributes = std::move(normalized->attributes);
  std::vector<std::string> member_ids = normalized->member_ids.value_or(std::vector<std::string>{});
  Result<scim::Resource> created = call.store.Create(call.directory.id, resource, member_ids);
  if (!created.ok()) return StatusResponse(created.status());
  return ResourceResponse(call, 201, *created, *projection);
}

http::Response ReplaceResource(Call& call, const scim::ResourceType& type, std::string_view id) {
  Result<scim::Projection> projection = ProjectionOf(call, type);
  if (!projection.ok()) return StatusResponse(projection.status());
  Result<scim::NormalizedResource> normalized = NormalizedBody(call, type);
  if (!normalized.ok()) return StatusResponse(normalized.status());
  Result<scim::Resource> updated = ReplaceWith(call, type, id, *normalized, true);
  if (!updated.ok()) return StatusResponse(updated.status());
  return ResourceResponse(call, 200, *updated, *projection);
}

http::Response PatchResource(Call& call, const scim::ResourceType& type, std::string_view id) {
  Result<scim::Projection> projection = ProjectionOf(call, type);
  if (!projection.ok()) return StatusResponse(projection.status());
  Result<boost::json::value> body = ParseBody(call);
  if (!body.ok()) return StatusResponse(body.status());
  Result<std::vector<scim::PatchOperation>> ops = scim::ParsePatchRequest(*body);
  if (!ops.ok()) return StatusResponse(ops.status());
  auto patch = [&](scim::Resource& resource, storage::UpdateContext& context) -> Status {
    SCIMD_RETURN_IF_ERROR(CheckIfMatch(call.http, resource.version));
    SCIMD_RETURN_IF_ERROR(scim::ApplyPatch(*ops, type, resource, context.member_changes,
                                           [&context] { return context.Members(); }));
    DropPassword(resource.attributes);
    return Status::Ok();
  };
  Result<scim::Resource> updated = call.store.Update(call.directory.id, type.kind, id, patch);
  if (!updated.ok()) return StatusResponse(updated.status());
  if (!WantsPatchBody(call, type)) {
    http::Response response = NoContent();
    response.SetHeader("ETag", scim::VersionTag(updated->version));
    return response;
  }
  return ResourceResponse(call, 200, *updated, *projection);
}

http::Response DeleteResource(Call& call, const scim::ResourceType& type, std::string_view id) {
  if (type.kind == scim::ResourceKind::kUser &&
      call.settings.deprovision == directory::Deprovision::kDeactivate) {
    return DeactivateUser(call, id);
  }
  if (!call.http.Header("if-match").empty()) {
    Result<scim::Resource> current = call.store.Get(call.directory.id, type.kind, id);
    if (!current.ok()) return StatusResponse(current.status());
    Status precondition = CheckIfMatch(call.http, current->version);
    if (!precondition.ok()) return StatusResponse(precondition);
  }
  Status deleted = call.store.Delete(call.directory.id, type.kind, id);
  if (!deleted.ok()) return StatusResponse(deleted);
  return NoContent();
}

}  // namespace scimd::api
