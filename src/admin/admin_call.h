// One admin REST API request as a handler sees it, and the helpers every
// handler family shares: JSON responses, the one error shape, parameters.
//
// Errors are always {"error": {"code": "<CodeName>", "message": "..."}} with
// the HTTP status of the Status code (src/common/status.h).
//
// Thread-safety: an AdminCall belongs to one request; the helpers are pure.
#ifndef SCIMD_ADMIN_ADMIN_CALL_H_
#define SCIMD_ADMIN_ADMIN_CALL_H_

#include <boost/json.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/status.h"
#include "http/message.h"
#include "storage/resource_store.h"

namespace scimd::admin {

struct AdminOptions {
  // Scheme, host and port the IdPs use for Base URLs (as the SCIM surface).
  std::string public_url = "http://127.0.0.1:5501";
  std::string version = "0.1.0";
  // Source of "now"; uptime is measured from construction of the AdminApi.
  NowMs now_ms = SystemNowMs;
};

struct AdminCall {
  const http::Request& request;
  storage::ResourceStore& store;
  const AdminOptions& options;
  int64_t started_ms = 0;                    // when the server started
  std::map<std::string, std::string> path;   // {name} segments of the route
  std::map<std::string, std::string> query;  // decoded query parameters

  // The query parameter or `fallback` when absent.
  std::string Query(std::string_view name, std::string_view fallback = "") const;
  // An integer query parameter within [min, max]; `fallback` when absent;
  // kInvalidValue when not an integer or out of range.
  Result<int64_t> QueryInt(std::string_view name, int64_t fallback, int64_t min, int64_t max) const;
  // The body as a JSON object; kInvalidSyntax when it is not one.
  Result<boost::json::object> BodyObject() const;
};

http::Response JsonResponse(int status, const boost::json::value& body);
http::Response ErrorResponse(const Status& status);
http::Response NoContent();

// Decodes "a=1&b=%20x" (later duplicates ignored).
std::map<std::string, std::string> ParseQuery(std::string_view query);

}  // namespace scimd::admin

#endif  // SCIMD_ADMIN_ADMIN_CALL_H_
