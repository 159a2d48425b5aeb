// Discovery documents (RFC 7644 §4): ServiceProviderConfig, ResourceTypes,
// Schemas, rendered from the built-in schema definitions.
//
// Pure; thread-safe.
#ifndef SCIMD_SCIM_SERIALIZE_DISCOVERY_H_
#define SCIMD_SCIM_SERIALIZE_DISCOVERY_H_

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "scim/schema/schema.h"
#include "scim/serialize/render.h"

namespace scimd::scim {

// How long a pagination cursor stays valid (RFC 9865 cursorTimeout).
inline constexpr int64_t kCursorTimeoutSeconds = 3600;

struct ServiceFeatures {
  bool groups_enabled = true;
  int64_t max_results = 1000;  // filter.maxResults: the page size cap
  bool patch = true;
  bool bulk = false;
  int64_t bulk_max_operations = 0;
  int64_t bulk_max_payload = 0;
  bool etag = false;
  bool sort = false;
  std::string documentation_uri;
  // RFC 9865 §5 `pagination`: index paging (startIndex) is always offered
  // and is the default; cursor paging when `cursor_paging`. Both page sizes
  // are max_results.
  bool cursor_paging = true;
  int64_t cursor_timeout_seconds = kCursorTimeoutSeconds;
};

boost::json::object RenderServiceProviderConfig(const ServiceFeatures& features,
                                                const RenderContext& ctx);
// Each resource type (Group omitted when !groups_enabled), each with its meta.
std::vector<boost::json::object> RenderResourceTypes(const ServiceFeatures& features,
                                                     const RenderContext& ctx);
// One Schema resource with full attribute definitions (RFC 7643 §7).
boost::json::object RenderSchema(const Schema& schema, const RenderContext& ctx);

}  // namespace scimd::scim

#endif  // SCIMD_SCIM_SERIALIZE_DISCOVERY_H_
