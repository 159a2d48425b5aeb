// Handlers for /Users and /Groups, shared by both resource types: the
// differences (members, groups, required attributes) come from the schema and
// from ResourceKind.
#ifndef SCIMD_API_RESOURCE_HANDLERS_H_
#define SCIMD_API_RESOURCE_HANDLERS_H_

#include <string_view>

#include "api/call.h"
#include "scim/schema/schema.h"

namespace scimd::api {

// GET /<Resource>/<id> (RFC 7644 §3.4.1), with If-None-Match.
http::Response GetResource(Call& call, const scim::ResourceType& type, std::string_view id);
// GET /<Resource> (RFC 7644 §3.4.2).
http::Response ListResources(Call& call, const scim::ResourceType& type);
// POST /<Resource>/.search (RFC 7644 §3.4.3).
http::Response SearchResources(Call& call, const scim::ResourceType& type);

// POST /<Resource> (RFC 7644 §3.3).
http::Response CreateResource(Call& call, const scim::ResourceType& type);
// PUT /<Resource>/<id> (RFC 7644 §3.5.1), with If-Match.
http::Response ReplaceResource(Call& call, const scim::ResourceType& type, std::string_view id);
// PATCH /<Resource>/<id> (RFC 7644 §3.5.2), with If-Match.
http::Response PatchResource(Call& call, const scim::ResourceType& type, std::string_view id);
// DELETE /<Resource>/<id> (RFC 7644 §3.6).
http::Response DeleteResource(Call& call, const scim::ResourceType& type, std::string_view id);

// True when an If-Match / If-None-Match header value ("*", or a
// comma-separated list of entity tags) names `version`. Weak and strong forms
// compare equal (RFC 9110 §13.1: weak comparison for these headers here).
bool EtagMatches(std::string_view header_value, int64_t version);

// kPreconditionFailed when the request's If-Match names neither "*" nor the
// resource's current version (weak and strong forms compare equal).
Status CheckIfMatch(const http::Request& request, int64_t version);

}  // namespace scimd::api

#endif  // SCIMD_API_RESOURCE_HANDLERS_H_
