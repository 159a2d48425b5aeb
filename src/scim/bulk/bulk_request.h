// The BulkRequest message (RFC 7644 §3.7), parsed into plain structs.
//
// Parsing is split in two levels, as the RFC's error handling is: a request
// whose envelope is unusable (not an object, no BulkRequest schema, no
// Operations array, a bad failOnErrors) fails as a whole; an operation that is
// itself malformed (unknown method, bad path, POST without bulkId) is kept
// with its own error, so that the other operations still run.
//
// Pure: no I/O. Thread-safety: values.
#ifndef SCIMD_SCIM_BULK_BULK_REQUEST_H_
#define SCIMD_SCIM_BULK_BULK_REQUEST_H_

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "scim/schema/schema.h"

namespace scimd::scim {

inline constexpr std::string_view kBulkRequestUrn =
    "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
inline constexpr std::string_view kBulkResponseUrn =
    "urn:ietf:params:scim:api:messages:2.0:BulkResponse";
// The prefix of a reference to another operation's resource (RFC 7644 §3.7.2).
inline constexpr std::string_view kBulkIdPrefix = "bulkId:";

enum class BulkMethod { kPost, kPut, kPatch, kDelete };

// "POST", "PUT", "PATCH", "DELETE".
std::string_view BulkMethodName(BulkMethod method);

struct BulkOperation {
  size_t index = 0;                         // position in the request's Operations
  std::string method_text;                  // as sent, echoed when the method is unknown
  BulkMethod method = BulkMethod::kPost;    // meaningful only when error.ok()
  std::string bulk_id;                      // "" when absent
  std::string path;                         // as sent
  ResourceKind kind = ResourceKind::kUser;  // from path; when error.ok()
  std::string id;  // the resource id (or "bulkId:<x>") after the endpoint; "" for POST
  std::optional<std::string> version;  // If-Match semantics
  boost::json::value data;             // null when absent
  // Not OK when the operation is malformed; it is then reported, not run.
  Status error;
};

struct BulkRequest {
  // Stop once this many operations have failed; nullopt = run them all.
  std::optional<int64_t> fail_on_errors;
  std::vector<BulkOperation> operations;
};

// Parses a BulkRequest body. Member names match case-insensitively
// ("operations", "Method"), as does the schema URN and the method.
// Fails with kInvalidSyntax when the body is not an object, lacks the
// BulkRequest schema or an Operations array, or an operation is not an
// object; with kInvalidValue when failOnErrors is not a positive integer.
// Per-operation problems land in BulkOperation::error (kInvalidSyntax,
// status 400).
Result<BulkRequest> ParseBulkRequest(const boost::json::value& body);

}  // namespace scimd::scim

#endif  // SCIMD_SCIM_BULK_BULK_REQUEST_H_
