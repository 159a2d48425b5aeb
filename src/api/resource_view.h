// Rendering a stored resource for a response: loads what the projection asks
// for (a group's members, a user's groups) and nothing else, so that
// excludedAttributes=members never touches the membership table.
#ifndef SCIMD_API_RESOURCE_VIEW_H_
#define SCIMD_API_RESOURCE_VIEW_H_

#include <boost/json/object.hpp>

#include "api/call.h"
#include "scim/serialize/render.h"

namespace scimd::api {

Result<boost::json::object> RenderView(Call& call, const scim::Resource& resource,
                                       const scim::Projection& projection);

// The `attributes` / `excludedAttributes` query parameters of the call.
Result<scim::Projection> ProjectionOf(const Call& call, const scim::ResourceType& type);

// A single-resource response (200 or 201) with ETag and, for 201, Location.
http::Response ResourceResponse(Call& call, int status, const scim::Resource& resource,
                                const scim::Projection& projection);

}  // namespace scimd::api

#endif  // SCIMD_API_RESOURCE_VIEW_H_
