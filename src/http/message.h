// The HTTP request and response the rest of scimd sees. Beast and Asio types
// never leave src/http; handlers are plain functions of these structs.
#ifndef SCIMD_HTTP_MESSAGE_H_
#define SCIMD_HTTP_MESSAGE_H_

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scimd::http {

struct Request {
  std::string method;  // "GET", "POST", ... as sent (upper-case by HTTP convention)
  std::string target;  // origin-form as sent: "/scim/abc/v2/Users?filter=…"
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string remote_address;  // peer IP of the TCP connection

  // First header named `name` (case-insensitive), or "" when absent.
  std::string_view Header(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  void SetHeader(std::string name, std::string value);
};

// Produces the response for one request. Called on a server thread; may block
// (database work). Must not throw: a thrown exception is logged and answered
// with 500 by the server as a last resort.
using Handler = std::function<Response(const Request&)>;

// Builds the body for errors the HTTP layer itself detects (malformed request,
// body too large, header too large, timeout) so that they carry the same JSON
// shape as every other error.
using ErrorResponder = std::function<Response(int status, std::string_view detail)>;

}  // namespace scimd::http

#endif  // SCIMD_HTTP_MESSAGE_H_
