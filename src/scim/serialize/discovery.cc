#include "scim/serialize/discovery.h"

#include <boost/json.hpp>
#include <string>

namespace scimd::scim {
namespace json = boost::json;
namespace {

json::object Supported(bool supported) { return json::object{{"supported", supported}}; }

json::object Meta(std::string_view resource_type, std::string location) {
  return json::object{{"resourceType", resource_type}, {"location", std::move(location)}};
}

json::array Strings(const std::vector<std::string>& values) {
  json::array out;
  for (const std::string& v : values) out.emplace_back(v);
  return out;
}

// One attribute definition with the RFC 7643 §7 field names.
json::object RenderAttribute(const AttributeDef& attr) {
  json::object out;
  out["name"] = attr.name;
  out["type"] = AttrTypeName(attr.type);
  out["multiValued"] = attr.multi_valued;
  out["description"] = attr.description;
  out["required"] = attr.required;
  if (attr.type != AttrType::kComplex) out["caseExact"] = attr.case_exact;
  if (!attr.canonical_values.empty()) out["canonicalValues"] = Strings(attr.canonical_values);
  if (attr.type == AttrType::kReference) out["referenceTypes"] = Strings(attr.reference_types);
  out["mutability"] = MutabilityName(attr.mutability);
  out["returned"] = ReturnedName(attr.returned);
  out["uniqueness"] = UniquenessName(attr.uniqueness);
  if (attr.type == AttrType::kComplex) {
    json::array subs;
    for (const AttributeDef& sub : attr.sub_attributes) subs.push_back(RenderAttribute(sub));
    out["subAttributes"] = std::move(subs);
  }
  return out;
}

json::object RenderResourceType(const ResourceType& type, const RenderContext& ctx) {
  json::object out;
  out["schemas"] = json::array{kResourceTypeSchema};
  out["id"] = type.id;
  out["name"] = type.name;
  out["endpoint"] = type.endpoint;
  out["description"] = type.description;
  out["schema"] = type.core->id;
  if (!type.extensions.empty()) {
    json::array extensions;
    for (const SchemaExtension& ext : type.extensions) {
      extensions.push_back(json::object{{"schema", ext.schema->id}, {"required", ext.required}});
    }
    out["schemaExtensions"] = std::move(extensions);
  }
  out["meta"] = Meta("ResourceType", ctx.base_url + "/ResourceTypes/" + type.id);
  return out;
}

}  // namespace

json::object RenderServiceProviderConfig(const ServiceFeatures& features,
                                         const RenderContext& ctx) {
  json::object out;
  out["schemas"] = json::array{kServiceProviderConfigSchema};
  if (!features.documentation_uri.empty()) out["documentationUri"] = features.documentation_uri;
  out["patch"] = Supported(features.patch);
  json::object bulk = Supported(features.bulk);
  bulk["maxOperations"] = features.bulk_max_operations;
  bulk["maxPayloadSize"] = features.bulk_max_payload;
  out["bulk"] = std::move(bulk);
  json::object filter = Supported(true);
  filter["maxResults"] = features.max_results;
  out["filter"] = std::move(filter);
  json::object pagination;
  pagination["cursor"] = features.cursor_paging;
  pagination["index"] = true;
  pagination["defaultPaginationMethod"] = "index";
  pagination["defaultPageSize"] = features.max_results;
  pagination["maxPageSize"] = features.max_results;
  if (features.cursor_paging) pagination["cursorTimeout"] = features.cursor_timeout_seconds;
  out["pagination"] = std::move(pagination);
  out["changePassword"] = Supported(false);
  out["sort"] = Supported(features.sort);
  out["etag"] = Supported(features.etag);
  out["authenticationSchemes"] = json::array{json::object{
      {"type", "oauthbearertoken"},
      {"name", "OAuth Bearer Token"},
      {"description", "Authentication scheme using the OAuth Bearer Token Standard"},
      {"specUri", "https://www.rfc-editor.org/info/rfc6750"},
      {"primary", true},
  }};
  out["meta"] = Meta("ServiceProviderConfig", ctx.base_url + "/ServiceProviderConfig");
  return out;
}

std::vector<json::object> RenderResourceTypes(const ServiceFeatures& features,
                                              const RenderContext& ctx) {
  std::vector<json::object> out;
  out.push_back(RenderResourceType(UserResourceType(), ctx));
  if (features.groups_enabled) out.push_back(RenderResourceType(GroupResourceType(), ctx));
  return out;
}

json::object RenderSchema(const Schema& schema, const RenderContext& ctx) {
  json::object out;
  out["schemas"] = json::array{kSchemaSchema};
  out["id"] = schema.id;
  out["name"] = schema.name;
  out["description"] = schema.description;
  json::array attributes;
  for (const AttributeDef& attr : schema.attributes) attributes.push_back(RenderAttribute(attr));
  out["attributes"] = std::move(attributes);
  out["meta"] = Meta("Schema", ctx.base_url + "/Schemas/" + schema.id);
  return out;
}

}  // namespace scimd::scim
