// What the users and groups handler families share: a filtered, paged Find
// of one kind, and the RenderContext of a directory.
#ifndef SCIMD_ADMIN_ADMIN_RESOURCES_H_
#define SCIMD_ADMIN_ADMIN_RESOURCES_H_

#include "admin/admin_call.h"
#include "scim/serialize/render.h"

namespace scimd::admin {

// ?filter= (SCIM filter language, RFC 7644 §3.4.2.2), ?startIndex= (1-based)
// and ?count= (1..200, default 50), in creation order. kNotFound when the
// directory does not exist; kInvalidFilter for a bad filter.
Result<storage::QueryResult> FindPage(AdminCall& call, scim::ResourceKind kind,
                                      int64_t& start_index);

// {"total", "start_index", "count", "items"}.
boost::json::object PageJson(int64_t total, int64_t start_index, boost::json::array items);

// Base URL of the call's directory for `meta.location`.
scim::RenderContext ContextOf(const AdminCall& call);

}  // namespace scimd::admin

#endif  // SCIMD_ADMIN_ADMIN_RESOURCES_H_
