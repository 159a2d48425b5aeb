// A small synchronous HTTP/1.1 client for outgoing requests (webhook
// deliveries). One connection per call, closed afterwards; http:// only.
//
// Thread-safety: Post may be called concurrently from any number of threads.
#ifndef SCIMD_HTTP_CLIENT_H_
#define SCIMD_HTTP_CLIENT_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace scimd::http {

struct ClientResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;  // at most kMaxClientBody bytes are read
};

inline constexpr size_t kMaxClientBody = 64 * 1024;

// The parts of an "http://host[:port][/target]" URL. kInvalidValue for any
// other scheme, an empty host or a bad port.
struct ParsedUrl {
  std::string host;
  uint16_t port = 80;
  std::string target = "/";
};
Result<ParsedUrl> ParseHttpUrl(std::string_view url);

// POSTs `body` to `url` with `headers` (Host, Content-Length and
// Connection: close are set here) and reads the whole response. `timeout`
// bounds everything: resolve, connect, write and read. Any HTTP status is a
// success of this call; failures are kInvalidValue (bad URL) or kUnavailable
// (resolve, connect, I/O, timeout, malformed response), with the reason.
Result<ClientResponse> Post(const std::string& url,
                            const std::vector<std::pair<std::string, std::string>>& headers,
                            std::string_view body, std::chrono::milliseconds timeout);

}  // namespace scimd::http

#endif  // SCIMD_HTTP_CLIENT_H_
