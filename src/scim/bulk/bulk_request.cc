#include "scim/bulk/bulk_request.h"

#include <boost/json.hpp>

#include "scim/schema/attribute.h"

namespace scimd::scim {
namespace {

// Member names are matched case-insensitively: IdPs send "operations" and
// "Operations" alike.
const boost::json::value* Member(const boost::json::object& object, std::string_view name) {
  for (const auto& entry : object) {
    if (EqualsIgnoreCase(entry.key(), name)) return &entry.value();
  }
  return nullptr;
}

bool HasBulkSchema(const boost::json::object& body) {
  const boost::json::value* schemas = Member(body, "schemas");
  if (schemas == nullptr || !schemas->is_array()) return false;
  for (const auto& schema : schemas->get_array()) {
    if (schema.is_string() && EqualsIgnoreCase(schema.get_string(), kBulkRequestUrn)) return true;
  }
  return false;
}

Result<BulkMethod> ParseMethod(std::string_view text) {
  for (BulkMethod method :
       {BulkMethod::kPost, BulkMethod::kPut, BulkMethod::kPatch, BulkMethod::kDelete}) {
    if (EqualsIgnoreCase(text, BulkMethodName(method))) return method;
  }
  return InvalidSyntax("unsupported bulk method '" + std::string(text) +
                       "'; use POST, PUT, PATCH or DELETE");
}

// "/Users", "/Groups/<id>": the endpoint and the id (possibly a bulkId
// reference). The leading slash is optional.
Status ParsePath(BulkOperation& op) {
  std::string_view path = op.path;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  std::string_view endpoint = path.substr(0, path.find('/'));
  std::string_view id;
  if (endpoint.size() < path.size()) id = path.substr(endpoint.size() + 1);
  if (EqualsIgnoreCase(endpoint, "Users")) {
    op.kind = ResourceKind::kUser;
  } else if (EqualsIgnoreCase(endpoint, "Groups")) {
    op.kind = ResourceKind::kGroup;
  } else {
    return InvalidSyntax("bulk path '" + op.path +
                         "' names no resource endpoint; use /Users or /Groups");
  }
  if (id.find('/') != std::string_view::npos || id.find('?') != std::string_view::npos) {
    return InvalidSyntax("bulk path '" + op.path + "' has more than one id segment");
  }
  const bool is_post = op.method == BulkMethod::kPost;
  if (is_post && !id.empty()) {
    return InvalidSyntax("a bulk POST path names the endpoint only, e.g. /Users");
  }
  if (!is_post && id.empty()) {
    return InvalidSyntax("bulk path '" + op.path + "' must name a resource, e.g. /Users/<id>");
  }
  op.id = std::string(id);
  return Status::Ok();
}

// Collects what the response echoes (method, bulkId) before judging the
// operation, so that a malformed operation is still reported by its bulkId.
Status ParseOperationFields(const boost::json::object& object, BulkOperation& op) {
  const boost::json::value* method = Member(object, "method");
  if (method != nullptr && method->is_string()) op.method_text = std::string(method->get_string());
  const boost::json::value* bulk_id = Member(object, "bulkId");
  if (bulk_id != nullptr && bulk_id->is_string()) op.bulk_id = std::string(bulk_id->get_string());
  const boost::json::value* path = Member(object, "path");
  if (path != nullptr && path->is_string()) op.path = std::string(path->get_string());
  if (const boost::json::value* data = Member(object, "data")) op.data = *data;

  if (method == nullptr || !method->is_string()) {
    return InvalidSyntax("each bulk operation needs a string 'method'");
  }
  SCIMD_ASSIGN_OR_RETURN(op.method, ParseMethod(op.method_text));
  if (bulk_id != nullptr && (!bulk_id->is_string() || bulk_id->get_string().empty())) {
    return InvalidSyntax("'bulkId' must be a non-empty string");
  }
  if (op.method == BulkMethod::kPost && op.bulk_id.empty()) {
    return InvalidSyntax("a bulk POST operation requires a 'bulkId' (RFC 7644 §3.7)");
  }
  if (const boost::json::value* version = Member(object, "version")) {
    if (!version->is_string()) return InvalidSyntax("'version' must be a string ETag");
    op.version = std::string(version->get_string());
  }
  if (path == nullptr || !path->is_string()) {
    return InvalidSyntax("each bulk operation needs a string 'path'");
  }
  return ParsePath(op);
}

Result<std::optional<int64_t>> ParseFailOnErrors(const boost::json::object& body) {
  const boost::json::value* value = Member(body, "failOnErrors");
  if (value == nullptr || value->is_null()) return std::optional<int64_t>();
  if (value->is_int64() && value->get_int64() >= 1) {
    return std::optional<int64_t>(value->get_int64());
  }
  if (value->is_uint64()) return std::optional<int64_t>(INT64_MAX);
  return InvalidValue("'failOnErrors' must be a positive integer");
}

}  // namespace

std::string_view BulkMethodName(BulkMethod method) {
  switch (method) {
    case BulkMethod::kPost:
      return "POST";
    case BulkMethod::kPut:
      return "PUT";
    case BulkMethod::kPatch:
      return "PATCH";
    case BulkMethod::kDelete:
      return "DELETE";
  }
  return "POST";
}

Result<BulkRequest> ParseBulkRequest(const boost::json::value& body) {
  if (!body.is_object()) return InvalidSyntax("a BulkRequest must be a JSON object");
  const boost::json::object& object = body.get_object();
  if (!HasBulkSchema(object)) {
    return InvalidSyntax("'schemas' must include " + std::string(kBulkRequestUrn));
  }
  BulkRequest request;
  SCIMD_ASSIGN_OR_RETURN(request.fail_on_errors, ParseFailOnErrors(object));
  const boost::json::value* operations = Member(object, "Operations");
  if (operations == nullptr || !operations->is_array()) {
    return InvalidSyntax("a BulkRequest needs an 'Operations' array");
  }
  for (const auto& entry : operations->get_array()) {
    if (!entry.is_object()) return InvalidSyntax("each bulk operation must be a JSON object");
    BulkOperation op;
    op.index = request.operations.size();
    op.error = ParseOperationFields(entry.get_object(), op);
    request.operations.push_back(std::move(op));
  }
  return request;
}

}  // namespace scimd::scim
