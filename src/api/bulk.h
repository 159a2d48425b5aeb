// POST /Bulk (RFC 7644 §3.7): many resource operations in one request.
//
// Each operation runs through the same handler as the single-resource
// request it stands for (CreateResource, ReplaceResource, PatchResource,
// DeleteResource), as its own transaction: a failure leaves the operations
// before it committed. Operations run in bulkId dependency order (see
// scim/bulk/bulk_plan.h); the response lists the processed operations in
// request order.
//
// Answers 200 with a BulkResponse whenever the envelope was usable, whatever
// the operations' outcomes; 400 invalidSyntax for a malformed envelope; 413
// when the body exceeds max_payload_size or the request has more than
// max_operations operations; 405 for another method.
//
// Thread-safety: as the handlers it calls.
#ifndef SCIMD_API_BULK_H_
#define SCIMD_API_BULK_H_

#include <cstdint>

#include "api/call.h"
#include "http/message.h"

namespace scimd::api {

struct BulkOptions {
  // ServiceProviderConfig bulk.maxOperations.
  int64_t max_operations = 1000;
  // ServiceProviderConfig bulk.maxPayloadSize, in bytes; the HTTP layer's
  // body limit (http::ServerOptions::body_limit) is the same 1 MiB.
  int64_t max_payload_size = 1024 * 1024;
};

http::Response HandleBulk(Call& call, const BulkOptions& options = BulkOptions());

}  // namespace scimd::api

#endif  // SCIMD_API_BULK_H_
