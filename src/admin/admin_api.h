// The admin listener's HTTP surface:
//
//   GET /healthz          200 {"status":"ok"} while the process serves (no token)
//   GET /readyz           200 when the database answers, else 503 (no token)
//   /admin/v1/...         the admin REST API (admin_routes.cc; OpenAPI at
//                         /admin/v1/openapi.json); needs "Authorization:
//                         Bearer <admin token>" (admin_tokens.h)
//   GET /, /console.*     the web console (src/admin/web, compiled in)
//
// Every response carries strict security headers (a CSP without inline
// scripts or styles, no framing, nosniff, no referrer); API responses are
// never cached. The token travels in a header, never a cookie, so a foreign
// page cannot make the browser send it (no CSRF).
//
// Thread-safety: Handle may be called concurrently.
#ifndef SCIMD_ADMIN_ADMIN_API_H_
#define SCIMD_ADMIN_ADMIN_API_H_

#include <cstdint>

#include "admin/admin_call.h"
#include "http/message.h"
#include "storage/resource_store.h"

namespace scimd::admin {

class AdminApi {
 public:
  explicit AdminApi(storage::ResourceStore& store, AdminOptions options = {})
      : store_(store), options_(std::move(options)), started_ms_(options_.now_ms()) {}
  http::Response Handle(const http::Request& request) const;

 private:
  http::Response Route(const http::Request& request, std::string_view path) const;

  storage::ResourceStore& store_;
  AdminOptions options_;
  int64_t started_ms_;
};

}  // namespace scimd::admin

#endif  // SCIMD_ADMIN_ADMIN_API_H_
