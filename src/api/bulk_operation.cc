#include "api/bulk_operation.h"

#include <boost/json.hpp>

#include "api/endpoints.h"
#include "api/resource_handlers.h"
#include "scim/bulk/bulk_references.h"

namespace scimd::api {
namespace {

std::string_view HeaderOf(const http::Response& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (scim::EqualsIgnoreCase(key, name)) return value;
  }
  return {};
}

boost::json::object ResultHead(const scim::BulkOperation& op) {
  boost::json::object result;
  result["method"] = op.error.ok() ? std::string(scim::BulkMethodName(op.method)) : op.method_text;
  if (!op.bulk_id.empty()) result["bulkId"] = op.bulk_id;
  return result;
}

// The request the operation stands for, as a client would have sent it to
// the resource endpoint; handlers read body, headers and method from it.
http::Request SyntheticRequest(const Call& call, const scim::BulkOperation& op) {
  http::Request request;
  request.method = std::string(scim::BulkMethodName(op.method));
  request.target = scim::Location(call.render, op.kind, op.id);
  request.remote_address = call.http.remote_address;
  request.headers.emplace_back("content-type", "application/scim+json");
  if (op.version) request.headers.emplace_back("if-match", *op.version);
  if (!op.data.is_null()) request.body = boost::json::serialize(op.data);
  return request;
}

// The response body of a failed operation, as the single request would have
// answered it; a body that is not JSON (never expected) becomes a 500 error.
boost::json::value ErrorBody(const http::Response& response) {
  boost::system::error_code ec;
  boost::json::value body = boost::json::parse(response.body, ec);
  if (ec) return scim::RenderError(Internal("the operation's response was not JSON"));
  return body;
}

}  // namespace

BulkOutcome FailedBulkOperation(const scim::BulkOperation& op, const Status& status) {
  BulkOutcome outcome{ResultHead(op), true};
  outcome.result["status"] = std::to_string(HttpStatusOf(status.code()));
  outcome.result["response"] = scim::RenderError(status);
  return outcome;
}

BulkOutcome RunBulkOperation(Call& call, scim::BulkOperation op,
                             std::map<std::string, std::string>& created) {
  if (!op.error.ok()) return FailedBulkOperation(op, op.error);
  Status resolved = scim::ResolveBulkIdReferences(op, created);
  if (!resolved.ok()) return FailedBulkOperation(op, resolved);

  http::Request request = SyntheticRequest(call, op);
  // The same directory settings apply as to a single request (link-existing,
  // deprovision, groups on/off).
  Call sub{request, call.store, call.options, call.directory, call.render, {}, {}, call.settings};
  sub.segments.emplace_back(op.kind == scim::ResourceKind::kUser ? "Users" : "Groups");
  if (!op.id.empty()) sub.segments.push_back(op.id);
  // The response body of a successful POST or PUT is discarded, so the
  // handler need not load a group's members or a user's groups to render it.
  // (PATCH keeps its own defaults: asking it for attributes changes its status.)
  if (op.method == scim::BulkMethod::kPost || op.method == scim::BulkMethod::kPut) {
    sub.params.Add("excludedAttributes",
                   op.kind == scim::ResourceKind::kGroup ? "members" : "groups");
  }
  http::Response response = HandleResources(sub, scim::ResourceTypeOf(op.kind));

  BulkOutcome outcome{ResultHead(op), response.status >= 400};
  std::string location(HeaderOf(response, "Location"));
  if (location.empty() && !op.id.empty()) location = scim::Location(call.render, op.kind, op.id);
  if (!outcome.failed) {
    outcome.result["location"] = location;
    if (std::string_view etag = HeaderOf(response, "ETag"); !etag.empty()) {
      outcome.result["version"] = etag;
    }
    if (op.method == scim::BulkMethod::kPost) {
      created[op.bulk_id] = location.substr(location.rfind('/') + 1);
    }
  }
  outcome.result["status"] = std::to_string(response.status);
  if (outcome.failed) outcome.result["response"] = ErrorBody(response);
  return outcome;
}

}  // namespace scimd::api
