// The admin listener's HTTP surface. Today: liveness and readiness for load
// balancers and orchestrators; the admin REST API and console grow here.
//
//   GET /healthz  200 {"status":"ok"} while the process serves
//   GET /readyz   200 when the database answers, else 503
//
// Thread-safety: Handle may be called concurrently.
#ifndef SCIMD_ADMIN_ADMIN_API_H_
#define SCIMD_ADMIN_ADMIN_API_H_

#include "http/message.h"
#include "storage/resource_store.h"

namespace scimd::admin {

class AdminApi {
 public:
  explicit AdminApi(storage::ResourceStore& store) : store_(store) {}
  http::Response Handle(const http::Request& request) const;

 private:
  storage::ResourceStore& store_;
};

}  // namespace scimd::admin

#endif  // SCIMD_ADMIN_ADMIN_API_H_
