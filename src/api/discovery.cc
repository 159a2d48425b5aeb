#include "scim/serialize/discovery.h"

#include <boost/json.hpp>

#include "api/bulk.h"
#include "api/endpoints.h"

namespace scimd::api {
namespace {

scim::ServiceFeatures FeaturesOf(const Call& call) {
  scim::ServiceFeatures features;
  features.max_results = call.options.max_results;
  features.etag = true;
  features.sort = true;
  features.patch = true;
  features.groups_enabled = call.settings.groups_enabled;
  features.bulk = true;
  features.bulk_max_operations = BulkOptions().max_operations;
  features.bulk_max_payload = BulkOptions().max_payload_size;
  return features;
}

http::Response ListOf(std::vector<boost::json::object> items) {
  boost::json::array resources;
  for (auto& item : items) resources.emplace_back(std::move(item));
  const auto total = static_cast<int64_t>(resources.size());
  return JsonResponse(200, scim::RenderList(total, 1, std::move(resources)));
}

http::Response ResourceTypes(const Call& call) {
  std::vector<boost::json::object> types = scim::RenderResourceTypes(FeaturesOf(call), call.render);
  if (call.segments.size() == 1) return ListOf(std::move(types));
  for (auto& type : types) {
    const auto* id = type.if_contains("id");
    if (id && id->is_string() && scim::EqualsIgnoreCase(id->get_string(), call.segments[1])) {
      return JsonResponse(200, type);
    }
  }
  return StatusResponse(NotFound("no resource type named '" + call.segments[1] + "'"));
}

http::Response Schemas(const Call& call) {
  if (call.segments.size() == 1) {
    std::vector<boost::json::object> schemas;
    for (const scim::Schema* schema : scim::AllSchemas()) {
      schemas.push_back(scim::RenderSchema(*schema, call.render));
    }
    return ListOf(std::move(schemas));
  }
  for (const scim::Schema* schema : scim::AllSchemas()) {
    if (scim::EqualsIgnoreCase(schema->id, call.segments[1])) {
      return JsonResponse(200, scim::RenderSchema(*schema, call.render));
    }
  }
  return StatusResponse(NotFound("no schema '" + call.segments[1] + "'"));
}

}  // namespace

http::Response HandleDiscovery(Call& call) {
  if (call.http.method != "GET") {
    return StatusResponse({Code::kMethodNotAllowed, "discovery endpoints are read-only"});
  }
  const std::string& endpoint = call.segments[0];
  if (call.segments.size() > 2) return StatusResponse(NotFound("no such endpoint"));
  if (scim::EqualsIgnoreCase(endpoint, "ServiceProviderConfig")) {
    if (call.segments.size() != 1) return StatusResponse(NotFound("no such endpoint"));
    return JsonResponse(200, scim::RenderServiceProviderConfig(FeaturesOf(call), call.render));
  }
  if (scim::EqualsIgnoreCase(endpoint, "ResourceTypes")) return ResourceTypes(call);
  return Schemas(call);
}

}  // namespace scimd::api
