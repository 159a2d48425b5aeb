// The SCIM 2.0 protocol surface (RFC 7644) under /scim/<directory>/v2: Users,
// Groups, .search and the discovery endpoints, for every directory in the
// store.
//
// Handle() is a function of the request and the store's state: it resolves
// the directory, authenticates the bearer token against it, applies the
// directory's settings (src/directory/settings.h), parses the request, runs it
// against storage and renders the response. Every request that names an
// existing directory is then appended to that directory's request log (without
// bodies when authentication failed); a failure to log never changes the
// response. Every error
// is an RFC 7644 §3.12 body with the matching HTTP status. A 2xx for a write is
// returned only after the store has committed.
//
// Two limits guard the listener (docs/security.md), each answering 429 with
// Retry-After: a client address that caused too many 401s is refused before
// anything else is looked at (auth_failure_limiter.h), and an authenticated
// directory that exceeds its request rate is refused before its request runs
// (rate_limiter.h). Such a 429 carries the header kRateLimitedHeader naming
// the limit ("auth" or "rate") for the metrics wrapper, which removes it.
//
// Thread-safety: Handle may be called concurrently from any number of threads.
#ifndef SCIMD_API_SCIM_API_H_
#define SCIMD_API_SCIM_API_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "api/auth_failure_limiter.h"
#include "api/rate_limiter.h"
#include "common/clock.h"
#include "http/message.h"
#include "storage/resource_store.h"

namespace scimd::api {

struct ApiOptions {
  // Scheme, host and port the IdP uses, e.g. "https://scim.example.com";
  // Base URLs and meta.location are built from it.
  std::string public_url = "http://127.0.0.1:5501";
  // When set and it returns a non-empty "scheme://host", it replaces
  // public_url for that request (a trusted proxy's X-Forwarded-Proto/Host).
  std::function<std::string(const http::Request&)> public_url_for;
  // The largest page a list returns (ServiceProviderConfig filter.maxResults);
  // also the page size when the client gives no `count`.
  int64_t max_results = 1000;
  // Entries the SCIM request log keeps per directory (the newest ones).
  int64_t request_log_entries = 500;
  // Source of "now" for request log times and the limits; tests inject a
  // fake clock.
  NowMs now_ms = SystemNowMs;
  // Requests per second each directory may make once authenticated, and the
  // most it may send at once (a token bucket); rate_limit 0: no limit.
  double rate_limit = 200;
  int64_t rate_burst = 400;
  // 401s one client address may cause per window before its requests get 429
  // until a window has passed; 0: no limit. At most auth_failure_addresses
  // addresses are remembered.
  int64_t auth_failure_limit = 20;
  int64_t auth_failure_window_ms = 60'000;
  size_t auth_failure_addresses = 100'000;
  // The client's address for the failed-authentication limit (a trusted
  // proxy's X-Forwarded-For); null: the peer address.
  std::function<std::string(const http::Request&)> client_address_for;
};

// Set on a 429 from a limit, to "rate" or "auth"; internal to scimd.
inline constexpr char kRateLimitedHeader[] = "X-Scimd-Rate-Limited";

class ScimApi {
 public:
  ScimApi(storage::ResourceStore& store, ApiOptions options);

  http::Response Handle(const http::Request& request) const;

  // The body of errors the HTTP layer detects itself (413, 431, 400...).
  static http::Response ErrorResponse(int http_status, std::string_view detail);

 private:
  storage::ResourceStore& store_;
  ApiOptions options_;
  // Owned through pointers: Handle is const, the limiters are not.
  std::unique_ptr<RateLimiter> rate_limiter_;
  std::unique_ptr<AuthFailureLimiter> auth_failure_limiter_;
};

}  // namespace scimd::api

#endif  // SCIMD_API_SCIM_API_H_
