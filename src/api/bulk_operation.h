// Running one operation of a bulk request and rendering its result
// (RFC 7644 §3.7.3: method, bulkId, location, version, status, response).
#ifndef SCIMD_API_BULK_OPERATION_H_
#define SCIMD_API_BULK_OPERATION_H_

#include <boost/json/object.hpp>
#include <map>
#include <string>

#include "api/call.h"
#include "common/status.h"
#include "scim/bulk/bulk_request.h"

namespace scimd::api {

struct BulkOutcome {
  boost::json::object result;  // one entry of the BulkResponse's Operations
  bool failed = false;         // status 4xx or 5xx
};

// Resolves op's bulkId references from `created` and runs it against the
// store through the single-resource handler for its method, with `version`
// as If-Match. On a successful POST, records the new resource's id under
// op.bulk_id in `created`. Never throws for bad input: every failure is
// rendered in the result with its SCIM error body.
BulkOutcome RunBulkOperation(Call& call, scim::BulkOperation op,
                             std::map<std::string, std::string>& created);

// The result of an operation that is not run because of `status`
// (malformed, or failed by the plan).
BulkOutcome FailedBulkOperation(const scim::BulkOperation& op, const Status& status);

}  // namespace scimd::api

#endif  // SCIMD_API_BULK_OPERATION_H_
