#include "api/bulk.h"

#include <algorithm>
#include <boost/json.hpp>

#include "api/bulk_operation.h"
#include "scim/bulk/bulk_plan.h"
#include "scim/bulk/bulk_request.h"

namespace scimd::api {
namespace {

Status PayloadTooLarge(std::string detail) { return {Code::kPayloadTooLarge, std::move(detail)}; }

// Runs the operations in plan order until failOnErrors is reached; returns
// the results of those processed, keyed by request position.
std::vector<std::pair<size_t, boost::json::object>> RunAll(Call& call, scim::BulkRequest& request) {
  const scim::BulkPlan plan = scim::PlanBulkOperations(request.operations);
  std::map<std::string, std::string> created;  // bulkId -> resource id
  std::vector<std::pair<size_t, boost::json::object>> results;
  int64_t errors = 0;
  for (size_t index : plan.order) {
    scim::BulkOperation& op = request.operations[index];
    auto planned = plan.failures.find(index);
    BulkOutcome outcome = planned != plan.failures.end() && op.error.ok()
                              ? FailedBulkOperation(op, planned->second)
                              : RunBulkOperation(call, std::move(op), created);
    results.emplace_back(index, std::move(outcome.result));
    if (outcome.failed && request.fail_on_errors && ++errors >= *request.fail_on_errors) break;
  }
  std::sort(results.begin(), results.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return results;
}

}  // namespace

http::Response HandleBulk(Call& call, const BulkOptions& options) {
  if (call.segments.size() != 1) return StatusResponse(NotFound("no such endpoint"));
  if (call.http.method != "POST") {
    return StatusResponse({Code::kMethodNotAllowed, "/Bulk accepts POST only"});
  }
  if (static_cast<int64_t>(call.http.body.size()) > options.max_payload_size) {
    return StatusResponse(PayloadTooLarge("the bulk request exceeds maxPayloadSize (" +
                                          std::to_string(options.max_payload_size) + " bytes)"));
  }
  Result<boost::json::value> body = ParseBody(call);
  if (!body.ok()) return StatusResponse(body.status());
  Result<scim::BulkRequest> request = scim::ParseBulkRequest(*body);
  if (!request.ok()) return StatusResponse(request.status());
  if (static_cast<int64_t>(request->operations.size()) > options.max_operations) {
    return StatusResponse(
        PayloadTooLarge("the bulk request has " + std::to_string(request->operations.size()) +
                        " operations; maxOperations is " + std::to_string(options.max_operations)));
  }
  boost::json::array operations;
  for (auto& [index, result] : RunAll(call, *request)) operations.emplace_back(std::move(result));
  boost::json::object response;
  response["schemas"] = boost::json::array{scim::kBulkResponseUrn};
  response["Operations"] = std::move(operations);
  return JsonResponse(200, response);
}

}  // namespace scimd::api
