// The execution order of a bulk request (RFC 7644 §3.7.1-3.7.2): an operation
// that references bulkId X runs after the POST that defines X, whatever their
// order in the request; otherwise request order is kept.
//
// Operations the plan can already tell will fail are listed in `failures`:
//   - a reference to a bulkId no operation defines         -> 409 (kConflict)
//   - a circular reference (A needs B, B needs A; or self) -> 409 (kConflict);
//     RFC 7644 §3.7.1 allows a service provider to answer 409 instead of
//     breaking the cycle
//   - a POST reusing a bulkId an earlier POST defines       -> 400 (kInvalidValue)
// Operations that depend on a failing one are still ordered after it; they
// fail when run, because the bulkId then has no created resource.
//
// Malformed operations (op.error not OK) have no dependencies and are never
// listed in `failures`: the caller reports op.error. A malformed operation
// that carries a bulkId still counts as defining it, so references to it fail
// as unresolved when run rather than as unknown here.
//
// Pure: no I/O. Thread-safety: a function of its argument.
#ifndef SCIMD_SCIM_BULK_BULK_PLAN_H_
#define SCIMD_SCIM_BULK_BULK_PLAN_H_

#include <map>
#include <vector>

#include "common/status.h"
#include "scim/bulk/bulk_request.h"

namespace scimd::scim {

struct BulkPlan {
  std::vector<size_t> order;          // every operation index exactly once
  std::map<size_t, Status> failures;  // index -> why the operation cannot run
};

BulkPlan PlanBulkOperations(const std::vector<BulkOperation>& operations);

}  // namespace scimd::scim

#endif  // SCIMD_SCIM_BULK_BULK_PLAN_H_
