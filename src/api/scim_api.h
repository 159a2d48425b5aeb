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
// Thread-safety: Handle may be called concurrently from any number of threads.
#ifndef SCIMD_API_SCIM_API_H_
#define SCIMD_API_SCIM_API_H_

#include <cstdint>
#include <functional>
#include <string>

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
  // Source of "now" for request log times; tests inject a fake clock.
  NowMs now_ms = SystemNowMs;
};

class ScimApi {
 public:
  ScimApi(storage::ResourceStore& store, ApiOptions options);

  http::Response Handle(const http::Request& request) const;

  // The body of errors the HTTP layer detects itself (413, 431, 400...).
  static http::Response ErrorResponse(int http_status, std::string_view detail);

 private:
  storage::ResourceStore& store_;
  ApiOptions options_;
};

}  // namespace scimd::api

#endif  // SCIMD_API_SCIM_API_H_
