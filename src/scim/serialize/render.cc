#include "scim/serialize/render.h"

#include <boost/json.hpp>
#include <string>

namespace scimd::scim {
namespace json = boost::json;
namespace {

std::string_view KindName(ResourceKind kind) {
  switch (kind) {
    case ResourceKind::kUser:
      return "User";
    case ResourceKind::kGroup:
      return "Group";
  }
  return "User";
}

json::array SchemasOf(const Resource& resource, const ResourceType& type) {
  json::array schemas;
  schemas.emplace_back(type.core->id);
  for (const SchemaExtension& ext : type.extensions) {
    if (resource.attributes.contains(ext.schema->id)) schemas.emplace_back(ext.schema->id);
  }
  return schemas;
}

// Attributes rendered from columns rather than from `attributes`.
bool IsRenderedSeparately(std::string_view key) {
  for (std::string_view name : {"schemas", "id", "externalId", "meta", "members", "groups"}) {
    if (EqualsIgnoreCase(key, name)) return true;
  }
  return false;
}

bool NeverReturned(const ResourceType& type, std::string_view key) {
  const AttributeDef* def = type.core->Find(key);
  return def != nullptr && def->returned == Returned::kNever;
}

json::array RenderMembers(const std::vector<Member>& members, const RenderContext& ctx) {
  json::array out;
  for (const Member& m : members) {
    json::object entry;
    entry["value"] = m.id;
    if (!m.display.empty()) entry["display"] = m.display;
    entry["type"] = KindName(m.kind);
    entry["$ref"] = Location(ctx, m.kind, m.id);
    out.push_back(std::move(entry));
  }
  return out;
}

json::array RenderGroups(const std::vector<GroupRef>& groups, const RenderContext& ctx) {
  json::array out;
  for (const GroupRef& g : groups) {
    json::object entry;
    entry["value"] = g.id;
    if (!g.display.empty()) entry["display"] = g.display;
    entry["$ref"] = Location(ctx, ResourceKind::kGroup, g.id);
    entry["type"] = "direct";
    out.push_back(std::move(entry));
  }
  return out;
}

json::object RenderMeta(const Resource& resource, const RenderContext& ctx) {
  json::object meta;
  meta["resourceType"] = KindName(resource.kind);
  meta["created"] = FormatTime(resource.created_ms);
  meta["lastModified"] = FormatTime(resource.modified_ms);
  meta["location"] = Location(ctx, resource.kind, resource.id);
  meta["version"] = VersionTag(resource.version);
  return meta;
}

}  // namespace

std::string VersionTag(int64_t version) { return "W/\"" + std::to_string(version) + "\""; }

std::string Location(const RenderContext& ctx, ResourceKind kind, std::string_view id) {
  return ctx.base_url + ResourceTypeOf(kind).endpoint + "/" + std::string(id);
}

json::object RenderResource(const Resource& resource, const RenderContext& ctx,
                            const std::vector<Member>* members, const std::vector<GroupRef>* groups,
                            const Projection& projection) {
  const ResourceType& type = ResourceTypeOf(resource.kind);
  json::object out;
  out["schemas"] = SchemasOf(resource, type);
  out["id"] = resource.id;
  if (const json::value* external_id = resource.attributes.if_contains("externalId")) {
    out["externalId"] = *external_id;
  }
  for (const auto& [key, value] : resource.attributes) {
    if (IsRenderedSeparately(key) || NeverReturned(type, key)) continue;
    out[key] = value;
  }
  if (members != nullptr && resource.kind == ResourceKind::kGroup) {
    out["members"] = RenderMembers(*members, ctx);
  }
  if (groups != nullptr && resource.kind == ResourceKind::kUser) {
    out["groups"] = RenderGroups(*groups, ctx);
  }
  out["meta"] = RenderMeta(resource, ctx);
  return projection.Apply(type, std::move(out));
}

json::object RenderList(int64_t total_results, int64_t start_index, json::array resources) {
  json::object out;
  out["schemas"] = json::array{kListResponseSchema};
  out["totalResults"] = total_results;
  out["startIndex"] = start_index;
  out["itemsPerPage"] = static_cast<int64_t>(resources.size());
  out["Resources"] = std::move(resources);
  return out;
}

json::object RenderCursorList(int64_t total_results, json::array resources,
                              const std::optional<std::string>& next_cursor,
                              const std::optional<std::string>& previous_cursor) {
  json::object out;
  out["schemas"] = json::array{kListResponseSchema};
  out["totalResults"] = total_results;
  out["itemsPerPage"] = static_cast<int64_t>(resources.size());
  if (next_cursor) out["nextCursor"] = *next_cursor;
  if (previous_cursor) out["previousCursor"] = *previous_cursor;
  out["Resources"] = std::move(resources);
  return out;
}

json::object RenderError(const Status& status) {
  json::object out;
  out["schemas"] = json::array{kErrorSchema};
  out["status"] = std::to_string(HttpStatusOf(status.code()));
  if (std::string_view scim_type = ScimTypeOf(status.code()); !scim_type.empty()) {
    out["scimType"] = scim_type;
  }
  out["detail"] = status.detail();
  return out;
}

}  // namespace scimd::scim
