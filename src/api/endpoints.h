// The endpoint handler families of the SCIM surface. Each takes an
// authenticated Call and returns the complete response, errors included.
#ifndef SCIMD_API_ENDPOINTS_H_
#define SCIMD_API_ENDPOINTS_H_

#include "api/call.h"
#include "http/message.h"
#include "scim/schema/schema.h"

namespace scimd::api {

// /Users and /Groups (RFC 7644 §3.2-3.6): segments[0] is the endpoint name.
http::Response HandleResources(Call& call, const scim::ResourceType& type);

// /ServiceProviderConfig, /ResourceTypes, /Schemas (RFC 7644 §4).
http::Response HandleDiscovery(Call& call);

}  // namespace scimd::api

#endif  // SCIMD_API_ENDPOINTS_H_
