// Test helpers for the bulk parser and planner.
#ifndef SCIMD_SCIM_BULK_BULK_TEST_UTIL_H_
#define SCIMD_SCIM_BULK_BULK_TEST_UTIL_H_

#include <boost/json/parse.hpp>
#include <string>

#include "scim/bulk/bulk_request.h"

namespace scimd::scim::testing {

// Parses `operations_json` (a JSON array) as the Operations of a BulkRequest.
// REQUIRES: the envelope is valid.
inline BulkRequest ParseOperations(const std::string& operations_json) {
  std::string body = R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],)"
                     R"("Operations":)" +
                     operations_json + "}";
  Result<BulkRequest> request = ParseBulkRequest(boost::json::parse(body));
  if (!request.ok()) throw std::runtime_error(request.status().ToString());
  return std::move(request).value();
}

}  // namespace scimd::scim::testing

#endif  // SCIMD_SCIM_BULK_BULK_TEST_UTIL_H_
