// Wraps a listener's handler with what operators watch: the request metrics
// (server_metrics.h), the in-flight gauge, and one JSON log line per request
// (json_log.h) carrying time, level, request id, directory id, method, path
// with query, status, latency and the client address (X-Forwarded-For only
// from a trusted proxy). Headers and bodies are never logged. A 429 from a
// SCIM limit (header X-Scimd-Rate-Limited, see api/scim_api.h) also counts in
// scimd_rate_limited_total and leaves without that internal header.
//
// Thread-safety: the returned handler may be called concurrently, as the
// wrapped one must allow.
#ifndef SCIMD_OPS_OBSERVE_H_
#define SCIMD_OPS_OBSERVE_H_

#include <memory>
#include <string>

#include "http/message.h"
#include "ops/trusted_proxies.h"

namespace scimd::ops {

enum class ListenerKind { kScim, kAdmin };

// The bounded labels of one request.
struct RequestLabels {
  std::string directory;  // SCIM: the directory id in the path; "-" otherwise
  std::string endpoint;   // Users, Groups, Bulk, ... or admin, metrics, healthz...
  std::string method;     // GET, POST, ... or "other"
};

RequestLabels ClassifyRequest(ListenerKind kind, const http::Request& request);

http::Handler Observe(ListenerKind kind, std::shared_ptr<const TrustedProxies> proxies,
                      http::Handler inner);

}  // namespace scimd::ops

#endif  // SCIMD_OPS_OBSERVE_H_
